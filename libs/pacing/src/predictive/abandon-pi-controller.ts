import { exp, log, max, min } from '../math/math-bindings';

export interface ControllerTuning {
  /** Starting per-call abandon-risk threshold, as a multiple of the target rate. */
  initialThresholdPerTarget: number;
  /** Bounds of the threshold, as multiples of the target rate. */
  minThresholdPerTarget: number;
  maxThresholdPerTarget: number;
  /** Gain on the relative error of the recent abandon rate. */
  proportionalGain: number;
  /**
   * Integral time, in live answers: a surplus (or excess) of target × this
   * many abandons moves log(threshold) by one.
   */
  integralAnswers: number;
  /** Half-life, in live answers, of the recent rate the proportional term sees. */
  recentHalfLifeAnswers: number;
}

/**
 * A PI controller on the realised abandon rate. Its output is the per-call
 * risk threshold of the forecast, on a log scale (the error is relative and
 * the threshold must stay positive). The integral counts the abandon surplus
 * (target × answers − abandons), so it steers the campaign's cumulative rate
 * to target, not just the recent one.
 *
 * Anti-windup, both kinds: the integral is clamped so the output never leaves
 * its bounds (back-calculation), and it does not grow while more aggression
 * could not be used (line ceiling) or while the controller is not in charge
 * (warm-up, fallback) — otherwise hours of unused budget would come out as a
 * burst of abandons.
 */
export class AbandonRateController {
  private integral = 0;
  private recentAnswers = 0;
  private recentAbandons = 0;
  private readonly recentDecay: number;
  private readonly baseLog: number;
  private readonly minLog: number;
  private readonly maxLog: number;
  /** Whether the forecast, and so this controller, is steering the dialing. */
  engaged = false;
  /** Whether the last decision was held by the line ceiling rather than by risk. */
  saturated = false;

  constructor(
    private readonly target: number,
    private readonly tuning: ControllerTuning,
  ) {
    this.recentDecay = 2 ** (-1 / tuning.recentHalfLifeAnswers);
    this.baseLog = log(tuning.initialThresholdPerTarget * target);
    this.minLog = log(tuning.minThresholdPerTarget * target);
    this.maxLog = log(tuning.maxThresholdPerTarget * target);
  }

  recordAnswer(): void {
    this.recentAnswers = this.recentAnswers * this.recentDecay + 1;
    this.recentAbandons *= this.recentDecay;
    if (this.engaged && !this.saturated) this.integrate(1 / this.tuning.integralAnswers);
  }

  recordAbandon(): void {
    this.recentAbandons++;
    if (this.engaged) this.integrate(-1 / (this.target * this.tuning.integralAnswers));
  }

  /** The per-call abandon-risk threshold to dial with now. */
  threshold(): number {
    return exp(this.clampedOutput());
  }

  private proportional(): number {
    if (this.recentAnswers < 1) return 0;
    const error = (this.target - this.recentAbandons / this.recentAnswers) / this.target;
    // An error below −3 (4× target) only reflects a tiny sample; do not let it slam the output.
    return this.tuning.proportionalGain * min(max(error, -3), 1);
  }

  private integrate(step: number): void {
    this.integral += step;
    // Back-calculation: the integral may not push the output past its bounds.
    const proportional = this.proportional();
    this.integral = min(
      max(this.integral, this.minLog - this.baseLog - proportional),
      this.maxLog - this.baseLog - proportional,
    );
  }

  private clampedOutput(): number {
    const output = this.baseLog + this.proportional() + this.integral;
    return min(max(output, this.minLog), this.maxLog);
  }
}
