import { attemptCallbackUrls, conferenceStatusCallbackUrl } from './attempt-callback-urls';

describe('attemptCallbackUrls', () => {
  const urls = attemptCallbackUrls('https://dialer.example.com/', '3f2b1c9e-4a7d-4e0b-9c1a-0d2e3f4a5b6c');
  const attempt = 'attempt=3f2b1c9e-4a7d-4e0b-9c1a-0d2e3f4a5b6c';

  it('points every webhook at our public base URL with the attempt id and retry overrides', () => {
    expect(urls.voiceUrl).toBe(`https://dialer.example.com/twilio/voice?${attempt}#rc=3&rp=all`);
    expect(urls.statusCallbackUrl).toBe(`https://dialer.example.com/twilio/status?${attempt}#rc=3&rp=all`);
    expect(urls.asyncAmdCallbackUrl).toBe(`https://dialer.example.com/twilio/amd?${attempt}#rc=3&rp=all`);
    expect(urls.conferenceStatusCallbackUrl).toBe(`https://dialer.example.com/twilio/conference?${attempt}#rc=3&rp=all`);
  });

  it('names the step of gather actions and later voice requests', () => {
    expect(urls.gatherActionUrl('q1')).toBe(`https://dialer.example.com/twilio/gather?${attempt}&step=q1#rc=3&rp=all`);
    expect(urls.voiceStepUrl('after-disclosure')).toBe(
      `https://dialer.example.com/twilio/voice?${attempt}&step=after-disclosure#rc=3&rp=all`,
    );
    expect(urls.voiceStepUrl('answer')).toBe(urls.voiceUrl);
  });

  it('leaves the attempt out of an agent room’s conference callback', () => {
    expect(conferenceStatusCallbackUrl('https://dialer.example.com', { agent: '42' })).toBe(
      'https://dialer.example.com/twilio/conference?agent=42#rc=3&rp=all',
    );
  });
});
