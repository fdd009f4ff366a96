import { ValidationFailedError } from '@dialer/core';
import { normalisePhoneFor } from '@dialer/leads';

/**
 * A number in any format (+E.164 needs no country; a national one is read in
 * `country`, US by default), or a 400 naming the field: the number's, or
 * `country` when that is no country we know (rule UNKNOWN_COUNTRY).
 */
export function e164(phone: string, country = 'US', field = 'phone'): string {
  const result = normalisePhoneFor(phone, country);
  if (!result.ok) {
    const at = result.problem.code === 'UNKNOWN_COUNTRY' ? 'country' : field;
    throw new ValidationFailedError([{ field: at, messages: [result.problem.message], rules: [result.problem.code] }]);
  }
  return result.phone.e164;
}
