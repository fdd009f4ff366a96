import { DurationModel } from './duration-model';
import { ceil, floor, max, min } from '../math/math-bindings';

/**
 * When busy agents free up: a hazard model, not an average. For an agent x
 * seconds into a call, P(ready within h) = Σ_j P(talk ends j..j+1 s from now |
 * talk > x) · P(wrap ≤ h − j − ½), from the learned talk and wrap survival
 * functions. Rows are computed on demand per whole second of elapsed talk
 * and kept until the next rebuild, so a decide() costs a table lookup per agent.
 */
export class AgentReleaseModel {
  private readonly horizons: Float64Array;
  private horizonCount = 0;
  /** P(wrap ≤ horizon g − j − ½), [g * span + j]. */
  private wrapDoneBy = new Float64Array(0);
  private span = 0;
  private talkEnds = new Float64Array(0);
  private readonly onCallRows: Float64Array;
  private readonly rowVersion: Int32Array;
  private version = 1;

  constructor(
    private readonly talk: DurationModel,
    private readonly wrap: DurationModel,
    private readonly maxElapsedSec: number,
    private readonly maxGrid: number,
  ) {
    this.horizons = new Float64Array(maxGrid);
    this.onCallRows = new Float64Array((maxElapsedSec + 1) * maxGrid);
    this.rowVersion = new Int32Array(maxElapsedSec + 1);
  }

  /** Sets the horizons (seconds from now) to forecast at and forgets rows built on older models. */
  rebuild(horizons: Float64Array, count: number): void {
    this.horizonCount = count;
    let longest = 0;
    for (let g = 0; g < count; g++) {
      this.horizons[g] = horizons[g];
      longest = max(longest, horizons[g]);
    }
    this.span = ceil(longest) + 1;
    this.talkEnds = new Float64Array(this.span);
    this.wrapDoneBy = new Float64Array(count * this.span);
    for (let g = 0; g < count; g++) {
      for (let j = 0; j < this.span; j++) {
        const wrapBudget = this.horizons[g] - j - 0.5;
        this.wrapDoneBy[g * this.span + j] = wrapBudget > 0 ? 1 - this.wrap.survivalAt(wrapBudget) : 0;
      }
    }
    this.version++;
  }

  /** Writes, per horizon, P(free by then) of an agent `elapsedSec` into a call. */
  onCallProbabilities(elapsedSec: number, out: Float64Array): void {
    const elapsed = min(max(floor(elapsedSec), 0), this.maxElapsedSec);
    if (this.rowVersion[elapsed] !== this.version) this.buildRow(elapsed);
    const row = elapsed * this.maxGrid;
    for (let g = 0; g < this.horizonCount; g++) out[g] = this.onCallRows[row + g];
  }

  /**
   * The same for an agent `elapsedSec` into wrap-up; wrap is short, so it is
   * computed directly. `busyForSec`: the agent extended their wrap-up and is
   * not free for that long (the learned wrap times cannot know it).
   */
  wrapUpProbabilities(elapsedSec: number, out: Float64Array, busyForSec = 0): void {
    const left = this.wrap.survivalAt(elapsedSec);
    for (let g = 0; g < this.horizonCount; g++) {
      if (this.horizons[g] < busyForSec) out[g] = 0;
      else out[g] = left > 1e-12 ? 1 - this.wrap.survivalAt(elapsedSec + this.horizons[g]) / left : 1;
    }
  }

  private buildRow(elapsed: number): void {
    const row = elapsed * this.maxGrid;
    const left = this.talk.survivalAt(elapsed);
    this.rowVersion[elapsed] = this.version;
    if (left < 1e-12) {
      this.onCallRows.fill(0, row, row + this.horizonCount);
      return;
    }
    let before = left;
    for (let j = 0; j < this.span; j++) {
      const after = this.talk.survivalAt(elapsed + j + 1);
      this.talkEnds[j] = (before - after) / left;
      before = after;
    }
    for (let g = 0; g < this.horizonCount; g++) {
      let q = 0;
      const base = g * this.span;
      for (let j = 0; j < this.span; j++) q += this.talkEnds[j] * this.wrapDoneBy[base + j];
      this.onCallRows[row + g] = min(q, 1);
    }
  }
}
