import { checkRedialAfterAbandon } from './redial-after-abandon';

const at = (iso: string) => new Date(iso);
const abandonedAt = at('2026-11-20T10:00:00Z');
const rule = { hours: 72 };

describe('checkRedialAfterAbandon', () => {
  it('passes when nothing was abandoned or the profile has no such rule', () => {
    const nothing = { gate: 'redial_after_abandon', passed: true, code: 'OK', message: 'No abandoned call to wait for', evidence: undefined };
    expect(checkRedialAfterAbandon(at('2026-11-20T11:00:00Z'), rule, null, false)).toEqual(nothing);
    expect(checkRedialAfterAbandon(at('2026-11-20T11:00:00Z'), rule, undefined, false)).toEqual(nothing);
    expect(checkRedialAfterAbandon(at('2026-11-20T11:00:00Z'), null, abandonedAt, false)).toEqual(nothing);
  });

  it('blocks an automated redial until exactly 72 h after the abandon, naming when', () => {
    expect(checkRedialAfterAbandon(at('2026-11-23T09:59:59Z'), rule, abandonedAt, false)).toEqual({
      gate: 'redial_after_abandon',
      passed: false,
      code: 'ABANDONED_RECENTLY',
      message: "This number's call was abandoned at 2026-11-20T10:00:00.000Z; no automated redial for 72 h",
      retryAt: at('2026-11-23T10:00:00Z'),
      evidence: { lastAbandonedAt: '2026-11-20T10:00:00.000Z', liveAgentGuaranteed: false },
    });
  });

  it('passes from the 72nd hour on', () => {
    const expected = {
      gate: 'redial_after_abandon',
      passed: true,
      code: 'OK',
      message: 'Last abandoned call was over 72 h ago',
      evidence: { lastAbandonedAt: '2026-11-20T10:00:00.000Z', liveAgentGuaranteed: false },
    };
    expect(checkRedialAfterAbandon(at('2026-11-23T10:00:00Z'), rule, abandonedAt, false)).toEqual(expected);
    expect(checkRedialAfterAbandon(at('2026-12-23T10:00:00Z'), rule, abandonedAt, false)).toEqual(expected);
  });

  it('follows the profile’s number of hours', () => {
    expect(checkRedialAfterAbandon(at('2026-11-21T09:00:00Z'), { hours: 24 }, abandonedAt, false).retryAt).toEqual(at('2026-11-21T10:00:00Z'));
    expect(checkRedialAfterAbandon(at('2026-11-21T10:00:00Z'), { hours: 24 }, abandonedAt, false).passed).toBe(true);
  });

  it('passes within the 72 h when a live agent is guaranteed (preview, manual)', () => {
    expect(checkRedialAfterAbandon(at('2026-11-20T11:00:00Z'), rule, abandonedAt, true)).toEqual({
      gate: 'redial_after_abandon',
      passed: true,
      code: 'OK',
      message: 'A live agent is guaranteed on this call',
      evidence: { lastAbandonedAt: '2026-11-20T10:00:00.000Z', liveAgentGuaranteed: true },
    });
  });
});
