import type { AbandonMessage } from './campaign-settings';

/** The abandon message: who called, a number to call back, how to opt out. */
export function abandonMessageText(message: AbandonMessage): string {
  const digits = message.callbackNumber.replace(/^\+/, '').split('').join(' ');
  return `Hello, this is ${message.callerName}. Sorry, we are not able to connect your call right now. ` +
    `You can call us back on ${digits}. ${message.optOut}.` +
    (message.optOutDigit ? ` Or press ${message.optOutDigit} now, and we will not call you again.` : '');
}

/** JP Art. 16 opening: seller and purpose, before anything else. */
export function identityDisclosureText(identity: { seller: string; purpose: string }): string {
  return `This call is from ${identity.seller}, about ${identity.purpose}.`;
}
