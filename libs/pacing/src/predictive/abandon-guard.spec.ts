import { AbandonGuard } from './abandon-guard';

const DAY = 86_400_000;
const CAP = 0.03;
const TARGET = 0.02;

/** A guard that has seen `answers` live answers and `abandons` abandons at `atMs`. */
const guardAfter = (answers: number, abandons: number, atMs = 1_000) => {
  const guard = new AbandonGuard(CAP, TARGET, DAY);
  for (let i = 0; i < answers; i++) guard.recordAnswer(atMs);
  for (let i = 0; i < abandons; i++) guard.recordAbandon(atMs);
  return guard;
};

describe('AbandonGuard', () => {
  it('stays predictive under the cap and falls back to progressive once the rate reaches it', () => {
    expect(guardAfter(100, 2).inFallback(2_000)).toBe(false);
    const atCap = guardAfter(100, 3);
    expect(atCap.rate(2_000)).toBeCloseTo(0.03, 12);
    expect(atCap.inFallback(2_000)).toBe(true);
  });

  it('stays in fallback until the rate is back under target (hysteresis), then stays out until the cap again', () => {
    const guard = guardAfter(100, 3);
    expect(guard.inFallback(2_000)).toBe(true);
    for (let i = 0; i < 20; i++) guard.recordAnswer(3_000); // 3/120 = 2.5 %: between target and cap
    expect(guard.inFallback(3_000)).toBe(true);
    for (let i = 0; i < 30; i++) guard.recordAnswer(4_000); // 3/150 = exactly 2 %: not yet under target
    expect(guard.inFallback(4_000)).toBe(true);
    guard.recordAnswer(5_000); // 3/151: under target
    expect(guard.inFallback(5_000)).toBe(false);
    guard.recordAbandon(6_000); // 4/151 = 2.6 %: under the cap, so still predictive
    expect(guard.inFallback(6_000)).toBe(false);
  });

  it('forgets abandons older than its window', () => {
    const guard = guardAfter(100, 5, 1_000);
    expect(guard.inFallback(2_000)).toBe(true);
    guard.recordAnswer(DAY + 10_000);
    expect(guard.rate(DAY + 10_000)).toBe(0);
    expect(guard.inFallback(DAY + 10_000)).toBe(false);
  });

  it('takes counts from before a restart as seen at the given instant', () => {
    const guard = new AbandonGuard(CAP, TARGET, DAY);
    guard.seed(1_000, 100, 3);
    expect(guard.rate(2_000)).toBeCloseTo(0.03, 12);
    expect(guard.inFallback(2_000)).toBe(true);
    expect(guard.rate(DAY + 2_000)).toBe(0);
  });

  it('ignores a late event from before its window instead of counting it now', () => {
    const guard = guardAfter(100, 2, DAY + 1_000);
    guard.recordAbandon(0); // a day-old abandon reported late
    expect(guard.rate(DAY + 2_000)).toBeCloseTo(0.02, 12);
    expect(guard.inFallback(DAY + 2_000)).toBe(false);
  });
});
