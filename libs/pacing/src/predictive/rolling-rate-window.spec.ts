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

  it('lets aggregate counts leave the window when their bin does, as single events would (a restart seed does not linger)', () => {
    const window = new RollingRateWindow(24_000, 24);
    window.record(1_000, 40, 3);
    window.recordAnswer(10_000);
    expect(window.rate(10_000)).toBeCloseTo(3 / 41, 12);
    // At 25 s the window holds bins 2…25: the seed's bin 1 has left, the later answer is all that remains.
    expect(window.answerCount(25_000)).toBe(1);
    expect(window.rate(25_000)).toBe(0);
  });

  it('counts a bucket of abandons that has no live answers of its own (their answers fell in the bucket before)', () => {
    const window = new RollingRateWindow(86_400_000);
    window.record(0, 20, 0);
    window.record(3_600_000, 0, 1);
    expect(window.answerCount(4_000_000)).toBe(20);
    expect(window.rate(4_000_000)).toBeCloseTo(1 / 20, 12);
  });
});

describe('RollingRateWindow with late and out-of-order events', () => {
  const binMs = 1_000;
  const bins = 24;
  /** A window whose newest bin is bin 30 (t = 30 s): bins 7…30 are in it. */
  const windowAt30s = () => {
    const window = new RollingRateWindow(binMs * bins, bins);
    for (let i = 0; i < 10; i++) window.recordAnswer(30_000);
    window.recordAbandon(30_000);
    return window;
  };

  it('counts a late event that still falls inside the window, without moving the window', () => {
    const window = windowAt30s();
    window.recordAnswer(7_000); // the oldest bin still in the window
    window.recordAbandon(20_500);
    expect(window.answerCount(30_000)).toBe(11);
    expect(window.rate(30_000)).toBeCloseTo(2 / 11, 12);
    // The late events leave the window when their bins do, the newest ones stay.
    expect(window.answerCount(31_000)).toBe(10);
    expect(window.rate(44_999)).toBeCloseTo(1 / 10, 12);
    expect(window.rate(45_000)).toBeCloseTo(0.1, 12);
  });

  it('ignores a late event from before the window: it must not land in the ring slot of a newer bin', () => {
    const window = windowAt30s();
    window.recordAbandon(6_999); // bin 6 shares its ring slot with bin 30
    window.recordAnswer(6_000);
    window.record(6_000, 50, 50);
    window.recordAbandon(-1_000);
    expect(window.answerCount(30_000)).toBe(10);
    expect(window.rate(30_000)).toBeCloseTo(0.1, 12);
  });

  it('does not go back in time when asked about an earlier instant', () => {
    const window = windowAt30s();
    expect(window.rate(10_000)).toBeCloseTo(0.1, 12);
    expect(window.answerCount(10_000)).toBe(10);
  });

  it('keeps the bins an event in the future skips over apart from the ones it clears', () => {
    const window = windowAt30s();
    window.recordAnswer(40_000); // moves the window to bins 17…40: bin 30 stays
    expect(window.answerCount(40_000)).toBe(11);
    window.recordAnswer(54_000); // bins 31…54: bin 30 leaves, bin 40 stays
    expect(window.answerCount(54_000)).toBe(2);
    expect(window.rate(54_000)).toBe(0);
  });

  it('ignores negative aggregate counts on either side, and takes zeros', () => {
    const window = windowAt30s();
    window.record(30_000, 5, -1);
    window.record(30_000, -1, 5);
    window.record(30_000, 0, 0);
    expect(window.answerCount(30_000)).toBe(10);
    expect(window.rate(30_000)).toBeCloseTo(0.1, 12);
    window.record(30_000, 10, 0);
    expect(window.rate(30_000)).toBeCloseTo(1 / 20, 12);
  });

  it('defaults to 720 bins (a 30-day window in hours)', () => {
    const window = new RollingRateWindow(720 * 3_600_000);
    window.recordAnswer(0);
    window.recordAbandon(0);
    expect(window.rate(719 * 3_600_000)).toBe(1);
    expect(window.rate(720 * 3_600_000)).toBe(0);
  });
});
