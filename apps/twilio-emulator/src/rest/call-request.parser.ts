import { absoluteUrl, bool, FormParams, integer, list, oneOf, text } from '../common/form-params';
import { twilioErrors } from '../common/twilio-rest.errors';
import { CallOptions, STATUS_EVENTS, StatusEvent, TwimlSource } from '../calls/emulated-call';
import { HttpMethod } from '../webhooks/webhook-delivery';

const METHODS: readonly HttpMethod[] = ['GET', 'POST'];
/** E.164, a Voice SDK client, or a SIP address. */
const ENDPOINT = /^(\+[1-9]\d{1,14}|client:[\w.@-]+|sip:.+)$/;

function method(params: FormParams, name: string): HttpMethod {
  return oneOf(params, name, METHODS) ?? 'POST';
}

function endpoint(params: FormParams, name: 'To' | 'From'): string {
  const value = text(params, name);
  if (!value) throw name === 'To' ? twilioErrors.missingTo() : twilioErrors.missingFrom();
  if (!ENDPOINT.test(value)) throw name === 'To' ? twilioErrors.invalidTo(value) : twilioErrors.invalidParameter(name, value, 'a phone number');
  return value;
}

/** `Url` (with `Method`) or `Twiml`: what runs when the call is answered. */
function twimlSource(params: FormParams): TwimlSource | undefined {
  const twiml = text(params, 'Twiml');
  const url = absoluteUrl(params, 'Url');
  if (twiml && url) throw twilioErrors.invalidParameter('Twiml', 'and Url', 'either Url or Twiml, not both');
  if (twiml) return { twiml };
  return url ? { url, method: method(params, 'Method') } : undefined;
}

function callback(params: FormParams, urlName: string, methodName: string) {
  const url = absoluteUrl(params, urlName);
  return url ? { url, method: method(params, methodName) } : undefined;
}

/** The parameters of `POST Calls.json` (and of a conference participant's call) as CallOptions. */
export function parseCreateCall(params: FormParams): CallOptions {
  const to = endpoint(params, 'To');
  const from = endpoint(params, 'From');
  const source = twimlSource(params);
  if (!source) throw twilioErrors.missingUrl();

  const statusCallback = callback(params, 'StatusCallback', 'StatusCallbackMethod');
  const events = list(params, 'StatusCallbackEvent');
  const unknown = events.find((event) => !STATUS_EVENTS.includes(event as StatusEvent));
  if (unknown) throw twilioErrors.invalidStatusCallbackEvent(unknown);

  const asyncAmd = bool(params, 'AsyncAmd') ?? false;
  const asyncAmdCallback = callback(params, 'AsyncAmdStatusCallback', 'AsyncAmdStatusCallbackMethod');
  const machineDetection = oneOf(params, 'MachineDetection', ['Enable', 'DetectMessageEnd'] as const);
  const fallbackUrl = absoluteUrl(params, 'FallbackUrl');

  return {
    to,
    from,
    source,
    ...(fallbackUrl ? { fallback: { url: fallbackUrl, method: method(params, 'FallbackMethod') } } : {}),
    ...(statusCallback
      ? {
          statusCallback: {
            ...statusCallback,
            // Without StatusCallbackEvent Twilio reports the end of the call only.
            events: new Set<StatusEvent>(events.length > 0 ? (events as StatusEvent[]) : ['completed']),
          },
        }
      : {}),
    ...(machineDetection ? { machineDetection } : {}),
    machineDetectionTimeoutSec: integer(params, 'MachineDetectionTimeout', 3, 59) ?? 30,
    // Async AMD needs AMD switched on; its callback is only used then.
    ...(machineDetection && asyncAmd && asyncAmdCallback ? { asyncAmdCallback } : {}),
    timeoutSec: integer(params, 'Timeout', 1, 600) ?? 60,
    timeLimitSec: integer(params, 'TimeLimit', 1, 24 * 3600) ?? 4 * 3600,
    record: bool(params, 'Record') ?? false,
  };
}

export interface CallUpdate {
  source?: TwimlSource;
  status?: 'completed' | 'canceled';
}

/** The parameters of `POST Calls/{Sid}.json`. */
export function parseCallUpdate(params: FormParams): CallUpdate {
  const status = oneOf(params, 'Status', ['completed', 'canceled'] as const);
  const source = twimlSource(params);
  return { ...(status ? { status } : {}), ...(source ? { source } : {}) };
}
