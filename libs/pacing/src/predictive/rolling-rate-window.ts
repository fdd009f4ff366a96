import { floor, max, min } from '../math/math-bindings';

/**
 * Abandoned ÷ live answers over a sliding window (the regulatory 30 days or
 * 24 hours), in a fixed ring of time bins: O(1) per event, bounded memory.
 */
export class RollingRateWindow {
  private readonly answers: Float64Array;
  private readonly abandons: Float64Array;
  private readonly binMs: number;
  private headBin = Number.NEGATIVE_INFINITY;
  private answerSum = 0;
  private abandonSum = 0;

  constructor(
    windowMs: number,
    private readonly binCount = 720,
  ) {
    this.binMs = windowMs / binCount;
    this.answers = new Float64Array(binCount);
    this.abandons = new Float64Array(binCount);
  }

  recordAnswer(atMs: number): void {
    const index = this.binFor(atMs);
    if (index < 0) return;
    this.answers[index]++;
    this.answerSum++;
  }

  recordAbandon(atMs: number): void {
    const index = this.binFor(atMs);
    if (index < 0) return;
    this.abandons[index]++;
    this.abandonSum++;
  }

  /** Several answers and abandons at once (aggregate counts), as of `atMs`. */
  record(atMs: number, answers: number, abandons: number): void {
    if (!(answers >= 0 && abandons >= 0)) return;
    const index = this.binFor(atMs);
    if (index < 0) return;
    this.answers[index] += answers;
    this.answerSum += answers;
    this.abandons[index] += abandons;
    this.abandonSum += abandons;
  }

  /** Live answers in the window ending now. */
  answerCount(nowMs: number): number {
    this.advance(floor(nowMs / this.binMs));
    return this.answerSum;
  }

  /** Abandon rate over the window ending now; 0 before the first answer. */
  rate(nowMs: number): number {
    this.advance(floor(nowMs / this.binMs));
    return this.answerSum > 0 ? this.abandonSum / this.answerSum : 0;
  }

  /** Ring index for an event, or −1 when it is older than the window. */
  private binFor(atMs: number): number {
    const bin = floor(atMs / this.binMs);
    this.advance(bin);
    if (bin <= this.headBin - this.binCount) return -1;
    return ((bin % this.binCount) + this.binCount) % this.binCount;
  }

  private advance(bin: number): void {
    // The bins after the old head up to the new one, at most the whole ring (all of it on the first event);
    // none for a bin at or behind the head, which stays where it is: the window never goes back in time.
    const steps = min(bin - this.headBin, this.binCount);
    for (let i = 0; i < steps; i++) {
      const index = (((bin - i) % this.binCount) + this.binCount) % this.binCount;
      this.answerSum -= this.answers[index];
      this.abandonSum -= this.abandons[index];
      this.answers[index] = 0;
      this.abandons[index] = 0;
    }
    this.headBin = max(this.headBin, bin);
  }
}
