import { randomBytes } from 'node:crypto';

export const API_VERSION = '2010-04-01';

/** Twilio's date format in JSON and webhooks: `Tue, 31 Aug 2010 20:36:44 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** A Twilio SID: two-letter type prefix and 32 hex digits (`CA…` calls, `CF…` conferences, `RE…` recordings). */
export function newSid(prefix: 'CA' | 'CF' | 'RE'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** `(415) 867-5309` for North American numbers, E.164 otherwise, as Twilio's `*_formatted` fields. */
export function formatPhoneNumber(number: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : number;
}
