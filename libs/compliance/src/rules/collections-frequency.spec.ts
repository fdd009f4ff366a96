import { checkCollectionsFrequency } from './collections-frequency';

const at = (iso: string) => new Date(iso);
const NY = 'America/New_York';
/** Sunday 22 November 2026, 15:00 in New York: the 7-day period is Mon 16 … Sun 22 (New York days). */
const now = at('2026-11-22T20:00:00Z');
/** One call at 10:00 New York time on each of these November days. */
const onDays = (...days: number[]) => days.map((day) => at(`2026-11-${day}T15:00:00Z`));

describe('checkCollectionsFrequency: the period is 7 days, not more', () => {
  it('does not count a call from the day before the period (the period cannot widen to 8 or 9 days)', () => {
    // Six calls inside, one at 23:59 New York time on Sunday the 15th.
    const verdict = checkCollectionsFrequency(now, NY, { callTimes: [...onDays(17, 18, 19, 20, 21, 22), at('2026-11-16T04:59:00Z')] });
    expect(verdict).toEqual({
      gate: 'collections_frequency',
      passed: true,
      code: 'OK',
      message: '6/7 calls about this debt in 7 days',
      evidence: { callsInLast7Days: 6, lastConversationAt: null },
    });
    // Nor one from the 14th.
    expect(checkCollectionsFrequency(now, NY, { callTimes: [...onDays(14, 17, 18, 19, 20, 21, 22)] }).passed).toBe(true);
  });

  it('counts a call from the first minute of the period', () => {
    const verdict = checkCollectionsFrequency(now, NY, { callTimes: [...onDays(17, 18, 19, 20, 21, 22), at('2026-11-16T05:00:00Z')] });
    expect(verdict).toEqual({
      gate: 'collections_frequency',
      passed: false,
      code: 'SEVEN_IN_SEVEN_REACHED',
      message: '7 calls about this debt in the last 7 days; the limit is 7',
      retryAt: at('2026-11-23T05:00:00Z'),
      evidence: { callsInLast7Days: 7, lastConversationAt: null },
    });
  });

  it('counts a call placed this very instant but not one dated in the future', () => {
    expect(checkCollectionsFrequency(now, NY, { callTimes: [...onDays(16, 17, 18, 19, 20, 21), now] }).passed).toBe(false);
    const future = new Date(now.getTime() + 1);
    expect(checkCollectionsFrequency(now, NY, { callTimes: [...onDays(16, 17, 18, 19, 20, 21), future] })).toMatchObject({
      passed: true,
      evidence: { callsInLast7Days: 6 },
    });
  });

  it('frees the debt when the 7th most recent call’s day leaves the period, whatever order the calls come in', () => {
    // Seven calls on six days (two on the 18th), newest first would be 22, 21, 20, 19, 18, 18, 17.
    const verdict = checkCollectionsFrequency(now, NY, { callTimes: onDays(18, 22, 17, 20, 18, 21, 19) });
    expect(verdict).toMatchObject({ passed: false, code: 'SEVEN_IN_SEVEN_REACHED' });
    expect(verdict.retryAt).toEqual(at('2026-11-24T05:00:00Z')); // the 17th leaves at midnight, New York time, on the 24th
  });

  it('says how many calls it counted past the limit', () => {
    const verdict = checkCollectionsFrequency(now, NY, { callTimes: onDays(16, 16, 17, 18, 19, 20, 21, 22) });
    expect(verdict).toMatchObject({
      message: '8 calls about this debt in the last 7 days; the limit is 7',
      evidence: { callsInLast7Days: 8, lastConversationAt: null },
      retryAt: at('2026-11-23T05:00:00Z'), // the 7th most recent is on the 16th
    });
  });

  it('counts days in the callee’s zone, not the server’s', () => {
    // Tokyo: 20:00Z on the 16th is 05:00 on the 17th; the 7th most recent call's day ends the block at 00:00 JST on the 24th.
    const tokyoNow = at('2026-11-22T03:00:00Z'); // 12:00 JST on the 22nd
    const calls = ['16T20', '17T20', '18T20', '19T20', '20T20', '21T01', '21T20'].map((day) => at(`2026-11-${day}:00:00Z`));
    const verdict = checkCollectionsFrequency(tokyoNow, 'Asia/Tokyo', { callTimes: calls });
    expect(verdict.retryAt).toEqual(at('2026-11-23T15:00:00Z'));
  });
});

describe('checkCollectionsFrequency: the quiet week after a conversation', () => {
  const talkedAt = at('2026-11-20T18:00:00Z'); // Friday 13:00 in New York

  it('blocks until midnight starting the 8th day, naming the conversation', () => {
    expect(checkCollectionsFrequency(at('2026-11-27T04:59:59Z'), NY, { callTimes: onDays(20), lastConversationAt: talkedAt })).toEqual({
      gate: 'collections_frequency',
      passed: false,
      code: 'CONVERSATION_QUIET_PERIOD',
      message: 'A conversation about this debt took place on 2026-11-20; no call for 7 days',
      retryAt: at('2026-11-27T05:00:00Z'),
      evidence: { callsInLast7Days: 1, lastConversationAt: '2026-11-20T18:00:00.000Z' },
    });
  });

  it('passes from that midnight on (the conversation day has left the 7-day period by then)', () => {
    expect(checkCollectionsFrequency(at('2026-11-27T05:00:00Z'), NY, { callTimes: onDays(20), lastConversationAt: talkedAt })).toEqual({
      gate: 'collections_frequency',
      passed: true,
      code: 'OK',
      message: '0/7 calls about this debt in 7 days',
      evidence: { callsInLast7Days: 0, lastConversationAt: '2026-11-20T18:00:00.000Z' },
    });
  });

  it('treats a null conversation as none', () => {
    expect(checkCollectionsFrequency(now, NY, { callTimes: [], lastConversationAt: null })).toMatchObject({ passed: true, evidence: { lastConversationAt: null } });
  });
});
