/**
 * Where Twilio reaches us, under `/twilio`. The api's controllers and the
 * callback URLs we hand to Twilio both read this, so they cannot drift apart.
 */
export const TWILIO_WEBHOOK_PREFIX = 'twilio';

export const TWILIO_WEBHOOK_ROUTES = {
  /** The call was answered: answer with TwiML (the call flow policy decides). */
  voice: 'voice',
  /** Call progress: initiated, ringing, in-progress, completed/busy/no-answer/failed/canceled. */
  status: 'status',
  /** The asynchronous answering-machine verdict. */
  amd: 'amd',
  /** A `<Gather>` finished: the keys pressed, answer with TwiML. */
  gather: 'gather',
  /** A conference (agent room) event: participant join/leave, start/end. */
  conference: 'conference',
  /** Reserved for the dialer runtime: an agent's browser leg asks where to go. */
  agentVoice: 'voice/agent',
} as const;

export type TwilioWebhookRoute = keyof typeof TWILIO_WEBHOOK_ROUTES;

/** `/twilio/<route>`. */
export function twilioWebhookPath(route: TwilioWebhookRoute): string {
  return `/${TWILIO_WEBHOOK_PREFIX}/${TWILIO_WEBHOOK_ROUTES[route]}`;
}

/** The query parameters we put into callback URLs; Twilio signs them with the rest. */
export const CALLBACK_QUERY = {
  /** The call attempt's id: matches a callback even before its CallSid is stored. */
  attempt: 'attempt',
  /** Which step of a call flow a voice or gather request answers (one stored TwiML per step). */
  step: 'step',
} as const;

/** The step of the voice webhook when its URL names none. */
export const ANSWER_STEP = 'answer';
