import { floor, log, max, min } from '../math/math-bindings';

// Rescale long before doubles overflow (growth^n reaches 1e150 after ~500k
// observations at a half-life of 1,000).
const RESCALE_AT = 1e150;

/**
 * A histogram whose older observations fade with a half-life counted in
 * observations, so what it learned follows a list that tires over the day.
 *
 * O(1) per observation: rather than decaying every bin, each new observation
 * weighs `growth` times more than the previous one, and everything is
 * rescaled once in a long while. Several channels share one decay clock so
 * their ratios (e.g. human answers ÷ all outcomes) stay meaningful. Each
 * channel also keeps the moments of log(value) for a lognormal fit.
 */
export class DecayingHistogram {
  private readonly weights: Float64Array;
  private readonly totals: Float64Array;
  private readonly logSums: Float64Array;
  private readonly logSquareSums: Float64Array;
  private readonly growth: number;
  /** Weight of the next observation. */
  private unit = 1;

  constructor(
    readonly binCount: number,
    halfLifeObservations: number,
    readonly channels = 1,
  ) {
    this.weights = new Float64Array(binCount * channels);
    this.totals = new Float64Array(channels);
    this.logSums = new Float64Array(channels);
    this.logSquareSums = new Float64Array(channels);
    this.growth = Number.isFinite(halfLifeObservations) ? 2 ** (1 / halfLifeObservations) : 1;
  }

  /** Adds one observation of `value` into `bin` (clamped into range) of `channel`. */
  add(bin: number, value: number, channel = 0): void {
    const index = min(max(floor(bin), 0), this.binCount - 1);
    const unit = this.unit;
    this.weights[channel * this.binCount + index] += unit;
    this.totals[channel] += unit;
    const logValue = log(max(value, 1e-3));
    this.logSums[channel] += unit * logValue;
    this.logSquareSums[channel] += unit * logValue * logValue;
    this.unit = unit * this.growth;
    if (this.unit > RESCALE_AT) this.rescale();
  }

  /** Weight of one bin, in units of the newest observation (an effective count). */
  weight(bin: number, channel = 0): number {
    return this.weights[channel * this.binCount + bin] / this.unit;
  }

  /** Effective number of observations of a channel (all channels when omitted). */
  count(channel?: number): number {
    if (channel !== undefined) return this.totals[channel] / this.unit;
    let sum = 0;
    for (let c = 0; c < this.channels; c++) sum += this.totals[c];
    return sum / this.unit;
  }

  /** Weighted mean and variance of log(value) in a channel; NaN when empty. */
  logMoments(channel = 0): { mean: number; variance: number } {
    const total = this.totals[channel];
    if (total <= 0) return { mean: Number.NaN, variance: Number.NaN };
    const mean = this.logSums[channel] / total;
    return { mean, variance: max(this.logSquareSums[channel] / total - mean * mean, 0) };
  }

  private rescale(): void {
    const factor = 1 / this.unit;
    for (let i = 0; i < this.weights.length; i++) this.weights[i] *= factor;
    for (let c = 0; c < this.channels; c++) {
      this.totals[c] *= factor;
      this.logSums[c] *= factor;
      this.logSquareSums[c] *= factor;
    }
    this.unit = 1;
  }
}
