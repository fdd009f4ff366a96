import { DecayingHistogram } from './decaying-histogram';
import { floor, max, min } from '../math/math-bindings';

const HUMAN = 0;
const OTHER = 1;

/**
 * What becomes of a placed call, learned from its outcomes: the probability
 * that a person answers and when (time from placing to the 'answered' event,
 * AMD delay included), against every other ending (machine, busy, failed, no
 * answer). Both share one decay clock so the answer rate follows list fatigue.
 *
 * refresh() derives the forecast grid: the seconds at which a new call is
 * likely to be answered by a person, each with its share of those answers.
 */
export class AnswerModel {
  private readonly histogram: DecayingHistogram;
  /** Human-answer mass with an outcome time below x, at whole seconds. */
  private readonly humanBelow: Float64Array;
  /** All-outcome mass with an outcome time below x, at whole seconds. */
  private readonly outcomesBelow: Float64Array;
  private total = 0;
  private gridCount = 0;
  /** Grid: offset from now (s), share of person answers there, P(a new call is answered by then). */
  readonly offsets: Float64Array;
  readonly weights: Float64Array;
  readonly newCallAnsweredBy: Float64Array;
  /** P(a person answers by offset g | still ringing after r s), rows r = 0..maxSec. */
  private readonly ringing: Float64Array;

  constructor(
    private readonly maxSec: number,
    halfLifeObservations: number,
    private readonly maxGrid: number,
    /** Answer seconds holding less than this share of person answers are left out of the grid. */
    private readonly minGridShare = 0.002,
  ) {
    this.histogram = new DecayingHistogram(maxSec + 1, halfLifeObservations, 2);
    this.humanBelow = new Float64Array(maxSec + 2);
    this.outcomesBelow = new Float64Array(maxSec + 2);
    this.offsets = new Float64Array(maxGrid);
    this.weights = new Float64Array(maxGrid);
    this.newCallAnsweredBy = new Float64Array(maxGrid);
    this.ringing = new Float64Array((maxSec + 1) * maxGrid);
  }

  add(seconds: number, byHuman: boolean): void {
    if (!(seconds >= 0)) return;
    this.histogram.add(seconds, seconds, byHuman ? HUMAN : OTHER);
  }

  get outcomes(): number {
    return this.histogram.count();
  }

  get humanAnswers(): number {
    return this.histogram.count(HUMAN);
  }

  get gridSize(): number {
    return this.gridCount;
  }

  refresh(): void {
    const total = this.histogram.count();
    const humans = this.histogram.count(HUMAN);
    if (total <= 0 || humans <= 0) return;
    this.total = total;
    for (let x = 0; x <= this.maxSec; x++) {
      const human = this.histogram.weight(x, HUMAN);
      this.humanBelow[x + 1] = this.humanBelow[x] + human;
      this.outcomesBelow[x + 1] = this.outcomesBelow[x] + human + this.histogram.weight(x, OTHER);
    }
    this.buildGrid(humans);
    this.buildRingingTable();
  }

  /** Writes, per grid point, P(a person has answered by then | the call has rung `elapsedSec` unanswered). */
  ringingProbabilities(elapsedSec: number, out: Float64Array): void {
    const row = min(max(floor(elapsedSec), 0), this.maxSec) * this.maxGrid;
    for (let g = 0; g < this.gridCount; g++) out[g] = this.ringing[row + g];
  }

  private buildGrid(humans: number): void {
    let threshold = this.minGridShare * humans;
    for (;;) {
      let kept = 0;
      for (let x = 0; x <= this.maxSec; x++) if (this.histogram.weight(x, HUMAN) >= threshold) kept++;
      if (kept <= this.maxGrid) break;
      threshold *= 1.5;
    }
    let g = 0;
    let keptMass = 0;
    for (let x = 0; x <= this.maxSec; x++) {
      const human = this.histogram.weight(x, HUMAN);
      if (human < threshold || human <= 0) continue;
      // A call answered in [x, x + 1) is taken as answered at its middle.
      this.offsets[g] = x + 0.5;
      this.weights[g] = human;
      this.newCallAnsweredBy[g] = (this.humanBelow[x] + 0.5 * human) / this.total;
      keptMass += human;
      g++;
    }
    for (let i = 0; i < g; i++) this.weights[i] /= keptMass;
    this.gridCount = g;
  }

  private buildRingingTable(): void {
    for (let r = 0; r <= this.maxSec; r++) {
      const stillRinging = this.total - this.outcomesBelow[r];
      const answeredBefore = this.humanBelow[r];
      for (let g = 0; g < this.gridCount; g++) {
        const p = stillRinging > 1e-9 ? (this.humanBelowAt(r + this.offsets[g]) - answeredBefore) / stillRinging : 0;
        this.ringing[r * this.maxGrid + g] = min(max(p, 0), 1);
      }
    }
  }

  private humanBelowAt(x: number): number {
    if (x >= this.maxSec + 1) return this.humanBelow[this.maxSec + 1];
    const whole = floor(x);
    return this.humanBelow[whole] + (x - whole) * (this.humanBelow[whole + 1] - this.humanBelow[whole]);
  }
}
