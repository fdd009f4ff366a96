import { ConnectionOverrides, DEFAULT_CONNECTION_OVERRIDES, twilioCallbackUrl } from '@dialer/telephony';
import { ANSWER_STEP, CALLBACK_QUERY, twilioWebhookPath } from './twilio-webhook-routes';

/** Every URL Twilio needs to report on one call attempt, each carrying the attempt id. */
export interface AttemptCallbackUrls {
  /** `PlaceCallRequest.voiceUrl`. */
  voiceUrl: string;
  /** `PlaceCallRequest.statusCallbackUrl`. */
  statusCallbackUrl: string;
  /** `PlaceCallRequest.asyncAmdCallbackUrl`. */
  asyncAmdCallbackUrl: string;
  /** A `<Gather action>` (or `<Redirect>`) for one step of the flow; each question needs its own step. */
  gatherActionUrl(step: string): string;
  /** Where the voice webhook is asked again for another step (e.g. after a disclosure). */
  voiceStepUrl(step: string): string;
  /** A `<Conference statusCallback>` for a room this call starts. */
  conferenceStatusCallbackUrl: string;
}

/**
 * Builds the callback URLs for an attempt on our public base URL, with
 * Twilio's connection overrides (`#rc=3&rp=all` by default: retry, even on
 * our 5xx). The attempt id in the query lets a callback that outruns the
 * stored CallSid still find its attempt; Twilio signs it with the rest.
 */
export function attemptCallbackUrls(
  publicBaseUrl: string,
  attemptId: string,
  overrides: ConnectionOverrides = DEFAULT_CONNECTION_OVERRIDES,
): AttemptCallbackUrls {
  const url = (path: string, extra: Record<string, string> = {}) =>
    twilioCallbackUrl(publicBaseUrl, path, { [CALLBACK_QUERY.attempt]: attemptId, ...extra }, overrides);
  return {
    voiceUrl: url(twilioWebhookPath('voice')),
    statusCallbackUrl: url(twilioWebhookPath('status')),
    asyncAmdCallbackUrl: url(twilioWebhookPath('amd')),
    gatherActionUrl: (step) => url(twilioWebhookPath('gather'), { [CALLBACK_QUERY.step]: step }),
    voiceStepUrl: (step) => url(twilioWebhookPath('voice'), step === ANSWER_STEP ? {} : { [CALLBACK_QUERY.step]: step }),
    conferenceStatusCallbackUrl: url(twilioWebhookPath('conference')),
  };
}

/**
 * The conference callback for an agent's room: no attempt in it, since one
 * room sees many calls; events are matched to attempts by the participant's CallSid.
 */
export function conferenceStatusCallbackUrl(
  publicBaseUrl: string,
  query: Record<string, string> = {},
  overrides: ConnectionOverrides = DEFAULT_CONNECTION_OVERRIDES,
): string {
  return twilioCallbackUrl(publicBaseUrl, twilioWebhookPath('conference'), query, overrides);
}
