import { lognormalParameters, SeededRandom } from '../random/seeded-random';
import { normalCdf } from '../math/normal';
import { DurationModel } from './duration-model';

describe('DurationModel', () => {
  const { mu, sigma } = lognormalParameters(120, 0.8);
  const truth = (x: number) => 1 - normalCdf((Math.log(x) - mu) / sigma);

  it('learns the survival function of what it observes', () => {
    const random = SeededRandom.fromSeed(5);
    const model = new DurationModel(1800, Number.POSITIVE_INFINITY);
    for (let i = 0; i < 20_000; i++) model.add(random.lognormal(mu, sigma));
    model.refresh();
    for (const x of [10, 60, 120, 300, 900]) expect(model.survivalAt(x)).toBeCloseTo(truth(x), 2);
    expect(model.survivalAt(0)).toBe(1);
    // Beyond its bins it keeps the fitted lognormal's shape.
    expect(model.survivalAt(2400) / model.survivalAt(1800)).toBeCloseTo(truth(2400) / truth(1800), 1);
  });

  it('leans on its lognormal fit while young, so the hazard has no holes between few observations', () => {
    const model = new DurationModel(1800, Number.POSITIVE_INFINITY);
    for (const x of [60, 90, 120, 150, 200]) model.add(x);
    model.refresh();
    // Empirically nothing ends between 121 and 149 s; the shrunk survival still falls there.
    expect(model.survivalAt(145)).toBeLessThan(model.survivalAt(125));
  });

  it('ignores durations it cannot use', () => {
    const model = new DurationModel(100, 100);
    model.add(Number.NaN);
    model.add(-1);
    expect(model.count).toBe(0);
  });
});
