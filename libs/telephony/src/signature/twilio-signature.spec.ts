import { getExpectedTwilioSignature } from 'twilio';
import { DomainError } from '@dialer/core';
import { assertTwilioSignature, signedWebhookUrl } from './twilio-signature';

const TOKEN = 'test-auth-token-000000000000000';
const BASE = 'https://dialer.example.com';
const params = { CallSid: 'CA0123456789abcdef0123456789abcdef', CallStatus: 'ringing', SequenceNumber: '1' };

function errorOf(fn: () => void): DomainError | undefined {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  return undefined;
}

describe('assertTwilioSignature', () => {
  const originalUrl = '/twilio/status?attempt=a1';
  // Twilio signs the URL it requests, which has no fragment even when the configured URL had `#rc=3&rp=all`.
  const signature = getExpectedTwilioSignature(TOKEN, `${BASE}${originalUrl}`, params);

  it('accepts what Twilio signed', () => {
    expect(() => assertTwilioSignature(TOKEN, BASE, { method: 'POST', originalUrl, params, signature })).not.toThrow();
  });

  it('refuses a request without the header as invalid (400)', () => {
    const error = errorOf(() => assertTwilioSignature(TOKEN, BASE, { method: 'POST', originalUrl, params, signature: undefined }));
    expect(error).toMatchObject({ code: 'TWILIO_SIGNATURE_MISSING', kind: 'invalid' });
  });

  it.each([
    ['a changed parameter', { params: { ...params, CallStatus: 'completed' } }],
    ['an added parameter', { params: { ...params, AnsweredBy: 'human' } }],
    ['another URL', { originalUrl: '/twilio/status?attempt=a2' }],
    ['another signature', { signature: getExpectedTwilioSignature('another-token-00000000', `${BASE}${originalUrl}`, params) }],
  ])('refuses %s as forbidden (403)', (_case, change) => {
    const error = errorOf(() => assertTwilioSignature(TOKEN, BASE, { method: 'POST', originalUrl, params, signature, ...change }));
    expect(error).toMatchObject({ code: 'TWILIO_SIGNATURE_INVALID', kind: 'forbidden' });
  });

  it('checks a GET webhook on its URL alone, the parameters being in the query string', () => {
    const url = '/twilio/voice?CallSid=CA1&From=%2B15005550006';
    const getSignature = getExpectedTwilioSignature(TOKEN, `${BASE}${url}`, {});
    expect(() =>
      assertTwilioSignature(TOKEN, BASE, { method: 'GET', originalUrl: url, params: {}, signature: getSignature }),
    ).not.toThrow();
  });

  it('joins base and path with exactly one slash', () => {
    expect(signedWebhookUrl('https://d.test/', '/a?b=1')).toBe('https://d.test/a?b=1');
    expect(signedWebhookUrl('https://d.test', 'a')).toBe('https://d.test/a');
  });
});
