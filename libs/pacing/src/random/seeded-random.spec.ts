import { lognormalParameters, SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('replays the same stream from the same seed', () => {
    const draw = (seed: number) => {
      const random = SeededRandom.fromSeed(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('splits into streams that do not depend on how much the others draw', () => {
    const first = SeededRandom.fromSeed(1);
    const a1 = first.split();
    const b1 = first.split();
    const second = SeededRandom.fromSeed(1);
    const a2 = second.split();
    const b2 = second.split();
    for (let i = 0; i < 1000; i++) a1.next(); // a1 draws a lot, a2 nothing
    expect(b1.next()).toBe(b2.next());
    expect(a2.next()).not.toBe(b2.next());
  });

  it('draws uniforms in [0, 1) and lognormals with the asked mean and CV', () => {
    const random = SeededRandom.fromSeed(9);
    const { mu, sigma } = lognormalParameters(120, 0.8);
    let sum = 0;
    let squares = 0;
    let lowest = 1;
    let highest = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = random.next();
      lowest = Math.min(lowest, u);
      highest = Math.max(highest, u);
      const x = random.lognormal(mu, sigma);
      sum += x;
      squares += x * x;
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    const mean = sum / n;
    const cv = Math.sqrt(squares / n - mean * mean) / mean;
    expect(mean).toBeCloseTo(120, -0.3);
    expect(cv).toBeCloseTo(0.8, 1);
  });
});
