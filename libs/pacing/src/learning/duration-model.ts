import { normalCdf } from '../math/normal';
import { DecayingHistogram } from './decaying-histogram';
import { floor, log, max, sqrt } from '../math/math-bindings';

/**
 * A learned duration distribution (talk time, wrap-up time) as a survival
 * function S(x) = P(T > x) on 1-second bins, from which the hazard of an
 * agent already x seconds into a call follows.
 *
 * The empirical survival is shrunk toward a lognormal fitted to the same
 * observations, with the weight of `priorWeight` observations: it smooths the
 * steps of a young histogram and gives the tail beyond the last observation a
 * shape instead of a cliff. Once thousands of calls are in, the data rule.
 */
export class DurationModel {
  private readonly histogram: DecayingHistogram;
  /** S at whole seconds 0..maxSec; rebuilt by refresh(). */
  private readonly survival: Float64Array;
  private mu = 0;
  private sigma = 1;

  constructor(
    private readonly maxSec: number,
    halfLifeObservations: number,
    private readonly priorWeight = 30,
  ) {
    this.histogram = new DecayingHistogram(maxSec + 1, halfLifeObservations);
    this.survival = new Float64Array(maxSec + 1).fill(1);
  }

  add(seconds: number): void {
    if (!(seconds >= 0)) return;
    this.histogram.add(seconds, seconds);
  }

  /** Effective number of observations. */
  get count(): number {
    return this.histogram.count();
  }

  refresh(): void {
    const n = this.histogram.count();
    if (n <= 0) return;
    const { mean, variance } = this.histogram.logMoments();
    this.mu = mean;
    // A floor on sigma keeps the fit usable when all observations are alike.
    this.sigma = max(sqrt(variance), 0.05);
    const empiricalShare = n / (n + this.priorWeight);
    let above = n;
    for (let x = 0; x <= this.maxSec; x++) {
      // Bin x holds [x, x + 1): what is left at x is every bin from x on.
      const empirical = above / n;
      this.survival[x] = empiricalShare * empirical + (1 - empiricalShare) * this.lognormalSurvival(x);
      above = max(above - this.histogram.weight(x), 0);
    }
  }

  /** P(T > x), linear between whole seconds, the lognormal's shape past maxSec. */
  survivalAt(x: number): number {
    if (x <= 0) return 1;
    if (x >= this.maxSec) {
      const edge = this.lognormalSurvival(this.maxSec);
      return edge > 0 ? (this.survival[this.maxSec] * this.lognormalSurvival(x)) / edge : 0;
    }
    const whole = floor(x);
    const fraction = x - whole;
    return this.survival[whole] * (1 - fraction) + this.survival[whole + 1] * fraction;
  }

  private lognormalSurvival(x: number): number {
    if (x <= 0) return 1;
    return normalCdf((this.mu - log(x)) / this.sigma);
  }
}
