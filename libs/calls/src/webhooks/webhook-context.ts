import { CALLBACK_QUERY } from './twilio-webhook-routes';

/** What a webhook's transport knows beyond the form: the URL's query and Twilio's idempotency header. */
export interface WebhookContext {
  query: Readonly<Record<string, string>>;
  /** `I-Twilio-Idempotency-Token`: the same on retries and copies. */
  idempotencyToken: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The attempt id we put in the callback URL, when it is one. */
export function attemptHintOf(context: WebhookContext): string | null {
  const value = context.query[CALLBACK_QUERY.attempt];
  return value && UUID.test(value) ? value.toLowerCase() : null;
}

/** The step named in the URL, or the webhook's default. */
export function stepOf(context: WebhookContext, fallback: string): string {
  const value = context.query[CALLBACK_QUERY.step];
  return value ? value.slice(0, 200) : fallback;
}
