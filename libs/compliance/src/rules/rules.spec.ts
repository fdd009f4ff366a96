import { abandonRate } from './abandon-rate';
import { checkAttemptLimits, localDayBounds } from './attempt-limits';
import { checkCollectionsFrequency } from './collections-frequency';
import { checkConsent, consentRequired } from './consent';
import { checkRedialAfterAbandon } from './redial-after-abandon';

const at = (iso: string) => new Date(iso);
const NY = 'America/New_York';

describe('attempt limits', () => {
  const limits = { lifetime: 6, perDay: 2 };

  it('passes under both limits and explains the counts', () => {
    const verdict = checkAttemptLimits(at('2026-11-23T15:00:00Z'), NY, limits, { total: 3, today: 1 });
    expect(verdict).toMatchObject({ passed: true, message: '3/6 attempts, 1/2 today' });
  });

  it('blocks for the rest of the callee’s local day once the daily limit is used', () => {
    const verdict = checkAttemptLimits(at('2026-11-23T15:00:00Z'), NY, limits, { total: 3, today: 2 });
    expect(verdict).toMatchObject({ passed: false, code: 'DAILY_ATTEMPTS_REACHED' });
    expect(verdict.retryAt).toEqual(at('2026-11-24T05:00:00Z')); // midnight in New York
  });

  it('blocks for good once the lifetime limit is used', () => {
    expect(checkAttemptLimits(at('2026-11-23T15:00:00Z'), NY, limits, { total: 6, today: 0 })).toMatchObject({
      passed: false,
      code: 'LIFETIME_ATTEMPTS_REACHED',
      retryAt: null,
    });
  });

  it('counts days in the callee’s zone', () => {
    expect(localDayBounds(at('2026-11-23T03:00:00Z'), 'Asia/Tokyo').start).toEqual(at('2026-11-22T15:00:00Z'));
  });
});

describe('collections frequency (Reg F 7-in-7)', () => {
  const days = (n: number, from = '2026-11-16T15:00:00Z') =>
    Array.from({ length: n }, (_, i) => new Date(at(from).getTime() + i * 24 * 3600_000));

  it('allows the seventh call in seven days and blocks the eighth until a day drops out', () => {
    const now = at('2026-11-22T20:00:00Z');
    expect(checkCollectionsFrequency(now, NY, { callTimes: days(6) }).passed).toBe(true);
    const eighth = checkCollectionsFrequency(now, NY, { callTimes: days(7) });
    expect(eighth).toMatchObject({ passed: false, code: 'SEVEN_IN_SEVEN_REACHED' });
    // Calls on Nov 16…22 (New York days): callable again from Nov 23 00:00 New York time.
    expect(eighth.retryAt).toEqual(at('2026-11-23T05:00:00Z'));
  });

  it('ignores calls older than the 7-day period', () => {
    expect(checkCollectionsFrequency(at('2026-11-30T20:00:00Z'), NY, { callTimes: days(7) }).passed).toBe(true);
  });

  it('keeps 7 quiet days after a conversation, the conversation day being the first', () => {
    const talkedAt = at('2026-11-20T18:00:00Z'); // Friday 13:00 in New York
    const verdict = checkCollectionsFrequency(at('2026-11-26T18:00:00Z'), NY, { callTimes: [], lastConversationAt: talkedAt });
    expect(verdict).toMatchObject({ passed: false, code: 'CONVERSATION_QUIET_PERIOD' });
    expect(verdict.retryAt).toEqual(at('2026-11-27T05:00:00Z'));
    expect(checkCollectionsFrequency(at('2026-11-27T15:00:00Z'), NY, { callTimes: [], lastConversationAt: talkedAt }).passed).toBe(true);
  });
});

describe('redial after an abandoned call (UK 72 h)', () => {
  const abandonedAt = at('2026-11-20T10:00:00Z');

  it('waits 72 hours unless a live agent is guaranteed', () => {
    const now = at('2026-11-22T10:00:00Z');
    expect(checkRedialAfterAbandon(now, { hours: 72 }, abandonedAt, false)).toMatchObject({
      passed: false,
      code: 'ABANDONED_RECENTLY',
      retryAt: at('2026-11-23T10:00:00Z'),
    });
    expect(checkRedialAfterAbandon(now, { hours: 72 }, abandonedAt, true).passed).toBe(true);
    expect(checkRedialAfterAbandon(at('2026-11-23T10:00:00Z'), { hours: 72 }, abandonedAt, false).passed).toBe(true);
  });

  it('does not apply where the profile has no such rule', () => {
    expect(checkRedialAfterAbandon(at('2026-11-20T11:00:00Z'), null, abandonedAt, false).passed).toBe(true);
  });
});

describe('consent', () => {
  it('is required for prerecorded calls to the numbers the profile names', () => {
    expect(consentRequired('mobile', true, 'mobile')).toBe(true);
    expect(consentRequired('mobile', true, 'fixed_line')).toBe(false);
    expect(consentRequired('mobile', true, null)).toBe(true); // unknown counts as mobile
    expect(consentRequired('mobile', false, 'mobile')).toBe(false); // an agent is on the line
    expect(consentRequired('all', true, 'fixed_line')).toBe(true);
    expect(consentRequired('none', true, 'mobile')).toBe(false);
  });

  it('passes with consent on file and blocks without it or once revoked', () => {
    const grantedAt = at('2026-01-01T00:00:00Z');
    expect(checkConsent(true, { grantedAt }).passed).toBe(true);
    expect(checkConsent(true, null)).toMatchObject({ passed: false, code: 'CONSENT_MISSING' });
    expect(checkConsent(true, { grantedAt, revokedAt: at('2026-02-01T00:00:00Z') })).toMatchObject({ code: 'CONSENT_REVOKED' });
    expect(checkConsent(false, null).passed).toBe(true);
  });
});

describe('abandon rate', () => {
  it('is abandoned over live answers, zero before any answer', () => {
    expect(abandonRate(3, 100)).toBeCloseTo(0.03);
    expect(abandonRate(0, 0)).toBe(0);
  });
});
