import fc from 'fast-check';
import { RollingRateWindow } from './rolling-rate-window';

describe('RollingRateWindow', () => {
  it('matches a brute-force count over the last window of bins (property)', () => {
    const binMs = 1000;
    const bins = 24;
    const event = fc.record({ gapMs: fc.integer({ min: 0, max: 5000 }), abandoned: fc.boolean() });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), (events) => {
        const window = new RollingRateWindow(binMs * bins, bins);
        const seen: { atMs: number; abandoned: boolean }[] = [];
        let now = 0;
        for (const { gapMs, abandoned } of events) {
          now += gapMs;
          if (abandoned) window.recordAbandon(now);
          else window.recordAnswer(now);
          seen.push({ atMs: now, abandoned });
          // The window holds the current bin and the bins−1 before it.
          const oldest = (Math.floor(now / binMs) - bins + 1) * binMs;
          const inWindow = seen.filter((e) => e.atMs >= oldest);
          const answers = inWindow.filter((e) => !e.abandoned).length;
          const abandons = inWindow.length - answers;
          expect(window.answerCount(now)).toBe(answers);
          expect(window.rate(now)).toBeCloseTo(answers > 0 ? abandons / answers : 0, 12);
        }
      }),
    );
  });

  it('forgets everything after a quiet window', () => {
    const window = new RollingRateWindow(86_400_000);
    window.recordAnswer(0);
    window.recordAbandon(0);
    expect(window.rate(3_600_000)).toBe(1);
    expect(window.rate(2 * 86_400_000)).toBe(0);
  });

  it('takes aggregate counts as that many single events at the same time', () => {
    const aggregate = new RollingRateWindow(86_400_000);
    const single = new RollingRateWindow(86_400_000);
    aggregate.record(1_000, 40, 3);
    for (let i = 0; i < 40; i++) single.recordAnswer(1_000);
    for (let i = 0; i < 3; i++) single.recordAbandon(1_000);
    expect(aggregate.answerCount(5_000)).toBe(single.answerCount(5_000));
    expect(aggregate.rate(5_000)).toBe(single.rate(5_000));
    aggregate.record(2_000, -1, Number.NaN); // nonsense is ignored
    expect(aggregate.answerCount(5_000)).toBe(40);
  });
});
