import { extendedWrapUpDeadline, wrapUpDeadline } from './wrap-up-deadline';

describe('wrap-up deadline', () => {
  const base = { sinceMs: 1_000_000, untilMs: null, nowMs: 1_010_000, seconds: 30, maxSeconds: 90, stepSec: 30 };

  it('is the campaign’s wrap-up length from its start until extended', () => {
    expect(wrapUpDeadline(base)).toBe(1_030_000);
    expect(wrapUpDeadline({ ...base, untilMs: 1_060_000 })).toBe(1_060_000);
  });

  it('adds a step to the deadline, and caps it at the campaign’s maximum', () => {
    expect(extendedWrapUpDeadline(base)).toBe(1_060_000);
    expect(extendedWrapUpDeadline({ ...base, untilMs: 1_060_000 })).toBe(1_090_000);
    expect(extendedWrapUpDeadline({ ...base, untilMs: 1_075_000 })).toBe(1_090_000);
    expect(extendedWrapUpDeadline({ ...base, untilMs: 1_090_000 })).toBeNull();
  });

  it('gives a full step from now to a wrap-up that outran its countdown', () => {
    expect(extendedWrapUpDeadline({ ...base, nowMs: 1_040_000 })).toBe(1_070_000);
  });

  it('refuses any extension when the maximum is the wrap-up itself', () => {
    expect(extendedWrapUpDeadline({ ...base, maxSeconds: 30 })).toBeNull();
  });
});
