import { CALLBACK_QUERY } from './twilio-webhook-routes';

/** What a webhook's transport knows beyond the form: the URL's query and Twilio's idempotency header. */
export interface WebhookContext {
  query: Readonly<Record<string, string>>;
  /** `I-Twilio-Idempotency-Token`: the same on retries and copies. */
  idempotencyToken: string | null;
}

/** Twilio's idempotency header (as Node names headers: lower case). */
export const TWILIO_IDEMPOTENCY_HEADER = 'i-twilio-idempotency-token';

/**
 * A webhook's context from what any transport has: its query as a query-string
 * parser hands it over (a repeated name's first value counts, as Express's
 * simple parser reads it; anything but a string is dropped) and the value of
 * its TWILIO_IDEMPOTENCY_HEADER, if any.
 */
export function webhookContextFrom(query: Readonly<Record<string, unknown>>, idempotencyToken: unknown): WebhookContext {
  // Keyed by whatever the query names (`__proto__` too): no prototype to reach.
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(query)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[name] = first;
  }
  return { query: values, idempotencyToken: typeof idempotencyToken === 'string' ? idempotencyToken : null };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The attempt id we put in the callback URL, when it is one. */
export function attemptHintOf(context: WebhookContext): string | null {
  const value = context.query[CALLBACK_QUERY.attempt];
  return value && UUID.test(value) ? value.toLowerCase() : null;
}

/** The step named in the URL (without NUL characters, which PostgreSQL cannot store), or the webhook's default. */
export function stepOf(context: WebhookContext, fallback: string): string {
  const value = context.query[CALLBACK_QUERY.step]?.replaceAll('\u0000', '');
  return value ? value.slice(0, 200) : fallback;
}
