import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { cos, exp, log, sin, sqrt, TWO_PI } from '../math/math-bindings';

/** Parameters of a lognormal with the given mean and coefficient of variation. */
export function lognormalParameters(mean: number, cv: number): { mu: number; sigma: number } {
  const sigma2 = log(1 + cv * cv);
  return { mu: log(mean) - sigma2 / 2, sigma: sqrt(sigma2) };
}

/**
 * The only source of randomness in the pacing lib: xoroshiro128+ from a seed,
 * so a seed always replays the same run.
 */
export class SeededRandom {
  private spareNormal = Number.NaN;

  private constructor(private readonly generator: JumpableRandomGenerator) {}

  static fromSeed(seed: number): SeededRandom {
    return new SeededRandom(xoroshiro128plus(seed | 0));
  }

  /**
   * An independent stream (the parent jumps 2^64 draws ahead), so one part of
   * a simulation drawing more numbers does not shift the draws of another.
   */
  split(): SeededRandom {
    const child = new SeededRandom(this.generator.clone());
    this.generator.jump();
    return child;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.generator);
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Standard normal by Box–Muller, keeping the second draw. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    const radius = sqrt(-2 * log(1 - this.next()));
    const angle = TWO_PI * this.next();
    this.spareNormal = radius * sin(angle);
    return radius * cos(angle);
  }

  gaussian(mean: number, sd: number): number {
    return mean + sd * this.normal();
  }

  lognormal(mu: number, sigma: number): number {
    return exp(mu + sigma * this.normal());
  }
}
