/**
 * Phone numbers are personal data: logs keep enough to correlate
 * (country prefix and last two digits) and nothing to dial.
 */

const E164 = /(\+|%2B)(\d{2})(\d{4,11})(\d{2})(?!\d)/gi;
// National formats: 10–11 digits in groups split by space, dash, dot or parentheses.
const NATIONAL = /(?<![\w.:/-])\(?\d{2,5}\)?[ .-]\d{2,4}[ .-]\d{3,4}(?![\w:])/g;
const BARE_NATIONAL = /(?<![\w.:/-])[01]\d{9,10}(?![\w:])/g;
const PHONE_KEY = /^(phone|tel|mobile|to|from|called|caller|callerid|number|msisdn|e164)$|phone|mobile/i;

function starDigits(text: string, keepLast: number): string {
  const total = text.replace(/\D/g, '').length;
  let seen = 0;
  return text.replace(/\d/g, (d) => (++seen > total - keepLast ? d : '*'));
}

export function maskPhoneNumbersInText(text: string): string {
  return text
    .replace(E164, (_m, plus: string, cc: string, middle: string, last: string) =>
      `${plus}${cc}${'*'.repeat(middle.length)}${last}`,
    )
    .replace(NATIONAL, (match) => (countDigits(match) >= 10 && countDigits(match) <= 11 ? starDigits(match, 2) : match))
    .replace(BARE_NATIONAL, (match) => starDigits(match, 2));
}

function countDigits(text: string): number {
  return text.replace(/\D/g, '').length;
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
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskPhoneNumbers(v, depth + 1, k);
  return out as T;
}
