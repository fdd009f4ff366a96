import { DecayingHistogram } from './decaying-histogram';

describe('DecayingHistogram', () => {
  it('halves the weight of old observations after one half-life of new ones', () => {
    const histogram = new DecayingHistogram(10, 100);
    histogram.add(1, 1);
    for (let i = 0; i < 100; i++) histogram.add(2, 2);
    expect(histogram.weight(1)).toBeCloseTo(0.5, 2);
    expect(histogram.count()).toBeCloseTo(histogram.weight(1) + histogram.weight(2), 9);
  });

  it('keeps channels on one clock, so their ratio follows the recent mix', () => {
    const histogram = new DecayingHistogram(5, 50, 2);
    for (let i = 0; i < 500; i++) histogram.add(0, 1, i % 4 === 0 ? 0 : 1); // 25 % then…
    for (let i = 0; i < 500; i++) histogram.add(0, 1, i % 10 === 0 ? 0 : 1); // …10 %
    expect(histogram.count(0) / histogram.count()).toBeCloseTo(0.1, 1);
  });

  it('clamps out-of-range bins and survives rescaling without drift', () => {
    const histogram = new DecayingHistogram(4, 1); // weights double each observation: rescales often
    for (let i = 0; i < 5000; i++) histogram.add(i % 2 === 0 ? -3 : 99, 1);
    const low = histogram.weight(0);
    const high = histogram.weight(3);
    expect(Number.isFinite(low) && Number.isFinite(high)).toBe(true);
    expect(high / low).toBeCloseTo(2, 9); // the last observation (bin 3) is the newest
  });

  it('keeps log moments for a lognormal fit', () => {
    const histogram = new DecayingHistogram(100, Number.POSITIVE_INFINITY);
    for (const value of [10, 100, 1000]) histogram.add(1, value);
    const { mean, variance } = histogram.logMoments();
    expect(mean).toBeCloseTo(Math.log(100), 9);
    expect(variance).toBeCloseTo((2 * Math.log(10) ** 2) / 3, 9);
  });
});
