import { ScenarioRandom } from './scenario-random';

describe('ScenarioRandom', () => {
  it('replays the same draws for the same seed, and others for another', () => {
    const draws = (seed: number) => {
      const random = new ScenarioRandom(seed);
      return [random.next(), random.sample({ min: 1, max: 9 }), random.pick({ a: 1, b: 1, c: 1 })];
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
  });

  it('keeps samples within their distribution and never negative', () => {
    const random = new ScenarioRandom(1);
    for (let i = 0; i < 500; i += 1) {
      expect(random.sample(3)).toBe(3);
      const uniform = random.sample({ min: 2, max: 4 });
      expect(uniform).toBeGreaterThanOrEqual(2);
      expect(uniform).toBeLessThan(4);
      expect(random.sample({ mean: 1, sd: 5 })).toBeGreaterThanOrEqual(0);
      expect(random.sample({ median: 90, sigma: 0.5 })).toBeGreaterThan(0);
    }
  });

  it('picks by weight and never picks a zero weight', () => {
    const random = new ScenarioRandom(3);
    const counts = { human: 0, machine: 0, fax: 0 };
    for (let i = 0; i < 2000; i += 1) counts[random.pick({ human: 0.75, machine: 0.25, fax: 0 })] += 1;
    expect(counts.fax).toBe(0);
    expect(counts.human).toBeGreaterThan(counts.machine * 2);
  });
});
