import { abandonTwiml } from './abandon-message';

describe('abandon message', () => {
  const message = { callerName: 'Example Energy', callbackNumber: '+18005550199', optOut: 'To stop our calls, call us and say stop' };

  it('says who called, a number to call back and how to opt out, then hangs up', () => {
    const twiml = abandonTwiml(message, 'https://x.test/gather?step=abandon-opt-out');
    expect(twiml).toContain('Example Energy');
    expect(twiml).toContain('1 8 0 0 5 5 5 0 1 9 9');
    expect(twiml).not.toContain('<Gather');
    expect(twiml).toContain('<Hangup/>');
  });

  it('listens for the opt-out key during the message when the campaign offers one', () => {
    const twiml = abandonTwiml({ ...message, optOutDigit: '8' }, 'https://x.test/gather?step=abandon-opt-out');
    const gather = /<Gather ([^>]*)>/.exec(twiml)?.[1] ?? '';
    expect(gather).toContain('action="https://x.test/gather?step=abandon-opt-out"');
    expect(gather).toContain('numDigits="1"');
    expect(gather).toContain('actionOnEmptyResult="true"');
    expect(twiml).toMatch(/<Gather[^>]*><Say>[^<]*Or press 8 now, and we will not call you again\.<\/Say><\/Gather><\/Response>/);
  });
});
