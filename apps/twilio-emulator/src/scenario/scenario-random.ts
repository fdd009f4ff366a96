import { SeededRandom } from '@dialer/pacing';

/**
 * A duration or count drawn per call, in scenario units (seconds):
 * a fixed number, uniform `{min,max}`, normal `{mean,sd}` or log-normal
 * `{median,sigma}` (talk times are log-normal in practice). Never negative.
 */
export type Distribution = number | { min: number; max: number } | { mean: number; sd: number } | { median: number; sigma: number };

/**
 * Scenario draws on top of the pacing lib's seeded generator (one source of
 * randomness for the whole product): the same seed and the same calls give
 * the same outcomes.
 */
export class ScenarioRandom {
  private source: SeededRandom;

  constructor(seed: number) {
    this.source = SeededRandom.fromSeed(seed);
  }

  reseed(seed: number): void {
    this.source = SeededRandom.fromSeed(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.source.next();
  }

  between(min: number, max: number): number {
    return this.source.uniform(min, max);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A key of `weights`, with probability proportional to its weight. */
  pick<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  sample(distribution: Distribution): number {
    if (typeof distribution === 'number') return Math.max(0, distribution);
    if ('min' in distribution) return this.between(distribution.min, distribution.max);
    if ('mean' in distribution) return Math.max(0, this.source.gaussian(distribution.mean, distribution.sd));
    return this.source.lognormal(Math.log(distribution.median), distribution.sigma);
  }
}
