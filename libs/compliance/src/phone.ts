import { DomainError } from '@dialer/core';

const E164 = /^\+[1-9]\d{6,14}$/;

/** Numbers reach this lib normalised; anything else is the caller's bug or bad input. */
export function checkE164(phone: string): void {
  if (!E164.test(phone)) throw new DomainError('DNC_PHONE_NOT_E164', `${phone} is not an E.164 number`, 'invalid');
}
