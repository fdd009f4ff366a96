/**
 * Twilio's calls-per-second limit: calls beyond it are not refused but
 * queued, each starting 1/cps after the previous one; `queue_time` says how
 * long. Times are emulated milliseconds.
 */
export class CpsLimiter {
  private nextSlot = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  /** Books the next slot; returns how long the call waits for it. */
  reserve(cps: number): number {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / cps;
    return slot - now;
  }

  reset(): void {
    this.nextSlot = Number.NEGATIVE_INFINITY;
  }
}
