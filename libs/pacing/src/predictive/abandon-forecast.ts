import { PacingSnapshot } from '../pacing.types';
import { AgentReleaseModel } from '../learning/agent-release-model';
import { AnswerModel } from '../learning/answer-model';
import { Shortfall } from './shortfall';

/**
 * The variance-priced forecast behind predictive pacing.
 *
 * For every second g at which a new call may be answered by a person, it
 * holds the shortfall X_g = (callees waiting) + (ringing calls a person
 * answers by g) − (ready agents) − (busy agents free by g + grace), a sum of
 * independent Bernoulli trials (see Shortfall). A new call answered
 * at g is abandoned when X_g ≥ 0 counting the other new calls, or when it
 * takes the agent a later answer needed (X_u ≥ 0 for some u > g): its risk is
 * the largest of those probabilities, weighted by when people answer. Using
 * the whole distribution, not its mean, is what keeps abandons near target:
 * matching expectations alone loses about half the answers that arrive when
 * supply happens to fall short.
 */
export class AbandonForecast {
  private readonly shortfall: Shortfall;
  private readonly row: Float64Array;

  constructor(
    private readonly answers: AnswerModel,
    private readonly release: AgentReleaseModel,
    maxGrid: number,
  ) {
    this.shortfall = new Shortfall(maxGrid);
    this.row = new Float64Array(maxGrid);
  }

  prepare(snapshot: PacingSnapshot): void {
    const now = snapshot.nowMs;
    let certain = 0;
    for (const agent of snapshot.agents) if (agent.state === 'ready') certain--;
    for (const call of snapshot.calls) if (call.state === 'answered_waiting') certain++;
    const { shortfall, row } = this;
    shortfall.reset(this.answers.gridSize, certain);
    for (const agent of snapshot.agents) {
      const elapsedSec = (now - agent.sinceMs) / 1000;
      if (agent.state === 'on_call') this.release.onCallProbabilities(elapsedSec, row);
      else if (agent.state === 'wrap_up') this.release.wrapUpProbabilities(elapsedSec, row, agent.busyUntilMs ? (agent.busyUntilMs - now) / 1000 : 0);
      else continue;
      shortfall.addAgent(row);
    }
    for (const call of snapshot.calls) {
      if (call.state !== 'ringing') continue;
      this.answers.ringingProbabilities((now - call.sinceMs) / 1000, row);
      shortfall.addCallee(row);
    }
  }

  /** Probability that one more call, placed beside `othersNew` new ones, is answered by a person who then waits in vain. */
  marginalRisk(othersNew: number): number {
    const { weights, newCallAnsweredBy } = this.answers;
    let worstLater = 0;
    let risk = 0;
    for (let g = this.answers.gridSize - 1; g >= 0; g--) {
      const short = this.shortfall.probabilityNotNegative(g, othersNew, newCallAnsweredBy[g]);
      if (short > worstLater) worstLater = short;
      risk += weights[g] * worstLater;
    }
    return risk;
  }
}
