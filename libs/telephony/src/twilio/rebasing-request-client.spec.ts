import { isTwilioApiBaseUrl, rebaseTwilioUrl } from './rebasing-request-client';

describe('rebaseTwilioUrl', () => {
  it('moves Twilio API URLs, with or without edge and region, to the given base', () => {
    expect(rebaseTwilioUrl('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json', 'http://127.0.0.1:3100/')).toBe(
      'http://127.0.0.1:3100/2010-04-01/Accounts/AC1/Calls.json',
    );
    expect(rebaseTwilioUrl('https://api.sydney.au1.twilio.com/2010-04-01/Accounts.json?x=1', 'http://e:1')).toBe(
      'http://e:1/2010-04-01/Accounts.json?x=1',
    );
  });

  it('leaves other hosts alone', () => {
    expect(rebaseTwilioUrl('https://api.twilio.com.evil.test/x', 'http://e:1')).toBe('https://api.twilio.com.evil.test/x');
    expect(rebaseTwilioUrl('https://voice.twilio.com/v1/x', 'http://e:1')).toBe('https://voice.twilio.com/v1/x');
  });

  it('knows when no rewrite is needed', () => {
    expect(isTwilioApiBaseUrl('https://api.twilio.com/')).toBe(true);
    expect(isTwilioApiBaseUrl('http://127.0.0.1:3100')).toBe(false);
  });
});
