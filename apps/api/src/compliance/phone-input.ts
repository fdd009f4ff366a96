import { ValidationFailedError } from '@dialer/core';
import { normalisePhoneFor } from '@dialer/leads';

/** A number in any format (+E.164 needs no country; a national one is read in `country`, US by default), or a 400 naming the field. */
export function e164(phone: string, country = 'US', field = 'phone'): string {
  const result = normalisePhoneFor(phone, country);
  if (!result.ok) throw new ValidationFailedError([{ field, messages: [result.problem.message], rules: [result.problem.code] }]);
  return result.phone.e164;
}
