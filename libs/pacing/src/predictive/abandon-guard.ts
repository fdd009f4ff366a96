import { RollingRateWindow } from './rolling-rate-window';

/**
 * The safety latch of predictive pacing: once the realised abandon rate over
 * the regulatory window reaches the cap, dial progressively (which cannot
 * abandon) until the rate is back under target. The gap between the two is
 * hysteresis, so the pacer does not flap at the cap.
 */
export class AbandonGuard {
  private tripped = false;
  private readonly window: RollingRateWindow;

  constructor(
    private readonly cap: number,
    private readonly target: number,
    windowMs: number,
  ) {
    this.window = new RollingRateWindow(windowMs);
  }

  recordAnswer(atMs: number): void {
    this.window.recordAnswer(atMs);
  }

  recordAbandon(atMs: number): void {
    this.window.recordAbandon(atMs);
  }

  /** Counts from before the events observed (a restart): added to the window as of `atMs`. */
  seed(atMs: number, answers: number, abandons: number): void {
    this.window.record(atMs, answers, abandons);
  }

  rate(nowMs: number): number {
    return this.window.rate(nowMs);
  }

  /** Whether to fall back to progressive now. */
  inFallback(nowMs: number): boolean {
    const rate = this.window.rate(nowMs);
    if (!this.tripped && rate >= this.cap) this.tripped = true;
    else if (this.tripped && rate < this.target) this.tripped = false;
    return this.tripped;
  }
}
