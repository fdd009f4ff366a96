import {
  formatConnectionOverrides,
  stripUrlFragment,
  twilioCallbackUrl,
  withConnectionOverrides,
} from './callback-url';

describe('twilioCallbackUrl', () => {
  it('joins base, path and query and asks Twilio to retry by default', () => {
    expect(twilioCallbackUrl('https://dialer.example.com/', '/twilio/status', { attempt: 'a 1', skip: undefined })).toBe(
      'https://dialer.example.com/twilio/status?attempt=a+1#rc=3&rp=all',
    );
  });

  it('writes every override Twilio knows, in its short names', () => {
    expect(
      formatConnectionOverrides({
        connectTimeoutMs: 1000,
        readTimeoutMs: 2000,
        totalTimeoutMs: 9000,
        retryCount: 2,
        retryPolicy: ['ct', '5xx'],
      }),
    ).toBe('ct=1000&rt=2000&tt=9000&rc=2&rp=ct,5xx');
    expect(twilioCallbackUrl('http://127.0.0.1:3000', 'voice', {}, {})).toBe('http://127.0.0.1:3000/voice');
  });

  it('replaces an existing fragment rather than appending a second one', () => {
    expect(withConnectionOverrides('https://x.test/a?b=1#rc=1', { retryCount: 5 })).toBe('https://x.test/a?b=1#rc=5');
    expect(stripUrlFragment('https://x.test/a?b=1#rc=1&rp=all')).toBe('https://x.test/a?b=1');
  });
});
