import { DEFAULT_CONNECTION_SETTINGS, InvalidConnectionOverride, parseConnectionOverrides } from './connection-overrides';

describe('parseConnectionOverrides', () => {
  it("uses Twilio's defaults without a fragment: one retry, on connection failures only", () => {
    expect(parseConnectionOverrides('https://app.test/status?x=1')).toEqual({
      url: 'https://app.test/status?x=1',
      settings: DEFAULT_CONNECTION_SETTINGS,
    });
    expect(DEFAULT_CONNECTION_SETTINGS).toMatchObject({ retryCount: 1, connectTimeoutMs: 5000, readTimeoutMs: 15000, totalTimeoutMs: 15000 });
    expect([...DEFAULT_CONNECTION_SETTINGS.retryOn]).toEqual(['ct']);
  });

  it('reads the overrides and strips them from the URL that is requested and signed', () => {
    const { url, settings } = parseConnectionOverrides('https://app.test/status?x=1#ct=1000&rt=2000&tt=9000&rc=3&rp=ct,5xx&e=ashburn');
    expect(url).toBe('https://app.test/status?x=1');
    expect(settings).toMatchObject({ connectTimeoutMs: 1000, readTimeoutMs: 2000, totalTimeoutMs: 9000, retryCount: 3 });
    expect([...settings.retryOn].sort()).toEqual(['5xx', 'ct']);
  });

  it('treats rp=all as every failure', () => {
    expect([...parseConnectionOverrides('https://a.test/#rc=3&rp=all').settings.retryOn].sort()).toEqual(['4xx', '5xx', 'ct', 'rt']);
  });

  it.each([
    ['#rp=sometimes', 11243],
    ['#rc=6', 11240],
    ['#ct=50', 11237],
    ['#rt=abc', 11238],
  ])('refuses %s as Twilio would', (fragment, code) => {
    expect(() => parseConnectionOverrides(`https://a.test/x${fragment}`)).toThrow(
      expect.objectContaining({ code }) as InvalidConnectionOverride,
    );
  });
});
