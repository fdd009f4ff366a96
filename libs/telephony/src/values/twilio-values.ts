/**
 * Reading the values Twilio sends (webhook forms, REST resources): shared by
 * the adapter and the webhook parser so both read Twilio the same way.
 */

/** Form parameters as a body parser hands them over: strings, or arrays of strings for repeated names. */
export type WebhookParams = Record<string, string | string[]>;

/** Form parameters, one string per name (the first of a repeated name). */
export type FormParams = Record<string, string>;

/**
 * The string-valued fields of a parsed urlencoded body, repeated names with
 * all their values (what Twilio signed). Anything else cannot have come from
 * Twilio's form encoding and is dropped.
 */
export function webhookParams(body: unknown): WebhookParams {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  // Keyed by whatever names a client posts (`__proto__` too): no prototype to reach.
  const params: WebhookParams = Object.create(null) as WebhookParams;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') params[name] = value;
    else if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) params[name] = value as string[];
  }
  return params;
}

/**
 * Params already read, one value per name (the first of a repeated name):
 * what handlers read. Without a repeated name (Twilio's forms) they are
 * returned as they are, not copied.
 */
export function firstValues(params: WebhookParams): FormParams {
  for (const name in params) {
    if (typeof params[name] !== 'string') {
      return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value : value[0]!]));
    }
  }
  return params as FormParams;
}

/** `value` when it is one of `values` (a status, an AMD verdict), else null: Twilio may add values we do not know yet. */
export function oneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return values.find((candidate) => candidate === value) ?? null;
}

/** Up to nine digits: fits the `integer` columns these values are stored in. */
const NON_NEGATIVE_INTEGER = /^\d{1,9}$/;

/**
 * A non-negative integer as Twilio writes one (`"31"`; the SDK may also hand
 * over a number), else null: absent, empty, negative, fractional or not a number.
 */
export function integerOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < 1e9 ? value : null;
  return typeof value === 'string' && NON_NEGATIVE_INTEGER.test(value) ? Number(value) : null;
}
