/**
 * Phone numbers are personal data: logs keep enough to correlate
 * (country prefix and last two digits) and nothing to dial.
 */

const E164 = /(\+|%2B)(\d{2})(\d{4,11})(\d{2})(?!\d)/gi;
/**
 * Any other run of 7–15 digits that could be dialed, whatever its separators
 * (space, dot, dash, parentheses, `+`, `%20`): `/dnc/212-555-0143`,
 * `phone=2125550143`, `(415) 555-2671`. Not when it is glued to letters or
 * colons (SIDs, hex, times), continues a dotted or dashed run (addresses,
 * UUIDs), or reads as a date, a decimal or an IPv4 address.
 */
const DIGIT_RUN = /(?<![\w.:%-])\(?\d(?:(?:[ .()+-]|%20){0,2}\d)*(?![\w:%]|[.-][\da-f])/gi;
const NOT_A_PHONE = [/^\d{4}-\d{2}-\d{2}$/, /^\d+\.\d+$/, /^\d{1,3}(\.\d{1,3}){3}$/];
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

const PHONE_KEY = /^(phone|tel|mobile|to|from|called|caller|callerid|number|msisdn|e164)$|phone|mobile/i;

/** Stars every digit but the last `keepLast`; an encoded space (`%20`) stays as it is. */
function starDigits(text: string, keepLast: number): string {
  const total = countDigits(text);
  let seen = 0;
  return text.replace(/%20|\d/g, (d) => (d === '%20' ? d : ++seen > total - keepLast ? d : '*'));
}

export function maskPhoneNumbersInText(text: string): string {
  return text
    .replace(E164, (_m, plus: string, cc: string, middle: string, last: string) =>
      `${plus}${cc}${'*'.repeat(middle.length)}${last}`,
    )
    .replace(DIGIT_RUN, (match) => {
      const digits = countDigits(match);
      if (digits < MIN_DIGITS || digits > MAX_DIGITS || NOT_A_PHONE.some((shape) => shape.test(match))) return match;
      return starDigits(match, 2);
    });
}

function countDigits(text: string): number {
  return text.replace(/%20/g, '').replace(/\D/g, '').length;
}

/** Masks a value held under a key that names a phone field, whatever its format. */
function maskPhoneField(value: string): string {
  const masked = maskPhoneNumbersInText(value);
  return masked === value && countDigits(value) >= 6 ? starDigits(value, 2) : masked;
}

/**
 * Returns a copy of a log payload with phone numbers masked. Walks plain
 * objects and arrays a few levels deep; leaves everything else untouched.
 */
export function maskPhoneNumbers<T>(value: T, depth = 0, key = ''): T {
  if (typeof value === 'string') {
    return (PHONE_KEY.test(key) ? maskPhoneField(value) : maskPhoneNumbersInText(value)) as T;
  }
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskPhoneNumbers(item, depth + 1, key)) as T;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return value;
  // Log payloads can echo keys a client chose (`__proto__`): copy them as data.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = maskPhoneNumbers(v, depth + 1, k);
  return out as T;
}
