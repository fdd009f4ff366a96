import { AgentReleaseModel } from '../learning/agent-release-model';
import { CampaignLearner } from '../learning/campaign-learner';
import { PacingPriors } from '../learning/pacing-priors';
import { ceil, min } from '../math/math-bindings';
import { Pacer, PacingDecision, PacingEvent, PacingSnapshot } from '../pacing.types';
import { ResolvedPacingSettings } from '../pacing-settings';
import { agentDecision, lineRoom, progressiveCalls } from '../rules/dialing-rules';
import { countSnapshot, SnapshotCounts } from '../snapshot-counts';
import { AbandonForecast } from './abandon-forecast';
import { AbandonGuard } from './abandon-guard';
import { AbandonRateController } from './abandon-pi-controller';
import { PredictiveTuning } from './predictive-tuning';

const MAX_TALK_SEC = 1800;
const MAX_WRAP_SEC = 600;
const MAX_GRID = 40;
// Ring timeout plus room for AMD and network delays before an outcome arrives.
const OUTCOME_SLACK_SEC = 30;

/**
 * Predictive pacing: a hazard forecast of agents freeing up and people
 * answering with the variance priced in (AbandonForecast), a PI controller on
 * the realised abandon rate on top, and progressive dialing whenever the data
 * are too thin or the rate has reached the cap.
 */
export class PredictivePacer implements Pacer {
  private readonly learner: CampaignLearner;
  private readonly release: AgentReleaseModel;
  private readonly forecast: AbandonForecast;
  private readonly guard: AbandonGuard;
  private readonly controller: AbandonRateController;
  private readonly horizons = new Float64Array(MAX_GRID);
  private warm = false;
  private refreshedAtMs = Number.NEGATIVE_INFINITY;
  private refreshedAtCount = 0;

  constructor(
    private readonly settings: ResolvedPacingSettings,
    private readonly tuning: PredictiveTuning,
  ) {
    this.learner = new CampaignLearner({
      maxTalkSec: MAX_TALK_SEC,
      maxWrapSec: MAX_WRAP_SEC,
      maxOutcomeSec: ceil(settings.ringTimeoutSec) + OUTCOME_SLACK_SEC,
      maxGrid: MAX_GRID,
      talkHalfLife: tuning.talkHalfLife,
      wrapHalfLife: tuning.wrapHalfLife,
      outcomeHalfLife: tuning.outcomeHalfLife,
    });
    this.release = new AgentReleaseModel(this.learner.talk, this.learner.wrap, MAX_TALK_SEC, MAX_GRID);
    this.forecast = new AbandonForecast(this.learner.answers, this.release, MAX_GRID);
    this.guard = new AbandonGuard(settings.maxAbandonRate, settings.targetAbandonRate, settings.abandonWindowMs);
    this.controller = new AbandonRateController(settings.targetAbandonRate, tuning);
  }

  observe(event: PacingEvent): void {
    this.learner.observe(event);
    if (event.type === 'answered' && event.by === 'human') {
      this.guard.recordAnswer(event.atMs);
      this.controller.recordAnswer();
    } else if (event.type === 'abandoned') {
      this.guard.recordAbandon(event.atMs);
      this.controller.recordAbandon();
    }
  }

  /** Aggregate counts from before the replayed history (createPacer's `abandonCounts`): for the abandon guard only. */
  seedAbandonCount(count: { atMs: number; liveAnswers: number; abandons: number }): void {
    this.guard.seed(count.atMs, count.liveAnswers, count.abandons);
  }

  /**
   * Seeds the learned distributions with priors (createPacer's `priors`):
   * they count toward the warm-up, so a new campaign paces predictively from
   * its first decision, and the abandon guard and controller hold the cap
   * while its own calls take over from them.
   */
  seedPriors(priors: PacingPriors): void {
    for (const outcome of priors.outcomes) this.learner.answers.add(outcome.afterSec, outcome.human);
    for (const seconds of priors.talkSec) this.learner.talk.add(seconds);
    for (const seconds of priors.wrapSec) this.learner.wrap.add(seconds);
  }

  decide(snapshot: PacingSnapshot): PacingDecision {
    const counts = countSnapshot(snapshot);
    this.controller.engaged = false;
    if (counts.active === 0) return agentDecision(counts, 0, 'no agent logged in');
    const room = lineRoom(counts, this.settings.maxLinesPerAgent);
    if (!this.isWarm()) return progressive(counts, room, 'predictive: warming up, progressive');
    if (this.guard.inFallback(snapshot.nowMs)) return progressive(counts, room, 'predictive: abandon rate at cap, progressive');
    this.refreshIfDue(snapshot.nowMs);
    // An empty forecast grid would price every call at zero risk: never dial on it.
    if (this.learner.answers.gridSize === 0) return progressive(counts, room, 'predictive: warming up, progressive');
    this.forecast.prepare(snapshot);
    const calls = this.largestSafeBatch(room, this.controller.threshold());
    this.controller.engaged = true;
    this.controller.saturated = calls >= room;
    return agentDecision(counts, calls, calls >= room ? 'predictive: line ceiling' : 'predictive');
  }

  /** The largest number of new calls each of whose risk stays within the threshold (gallop, then bisect). */
  private largestSafeBatch(room: number, threshold: number): number {
    let good = 0;
    let bad = room + 1;
    let step = 1;
    while (good < room) {
      const probe = min(good + step, room);
      if (this.forecast.marginalRisk(probe - 1) <= threshold) {
        good = probe;
        step *= 2;
      } else {
        bad = probe;
        break;
      }
    }
    while (bad - good > 1) {
      const middle = (good + bad) >> 1;
      if (this.forecast.marginalRisk(middle - 1) <= threshold) good = middle;
      else bad = middle;
    }
    return good;
  }

  private isWarm(): boolean {
    if (this.warm) return true;
    const { talk, wrap, answers } = this.learner;
    const t = this.tuning;
    this.warm =
      talk.count >= t.warmUpTalks &&
      wrap.count >= t.warmUpWraps &&
      answers.outcomes >= t.warmUpOutcomes &&
      answers.humanAnswers >= t.warmUpHumanAnswers;
    return this.warm;
  }

  /** Re-reads the learned distributions on a timer, and sooner while they are young and change fast. */
  private refreshIfDue(nowMs: number): void {
    const observations = this.learner.talk.count + this.learner.answers.outcomes;
    const stale = nowMs - this.refreshedAtMs >= this.tuning.refreshEverySec * 1000;
    if (!stale && observations < this.refreshedAtCount * 1.25) return;
    this.learner.refresh();
    const { gridSize, offsets } = this.learner.answers;
    for (let g = 0; g < gridSize; g++) this.horizons[g] = offsets[g] + this.settings.connectGraceSec;
    this.release.rebuild(this.horizons, gridSize);
    this.refreshedAtMs = nowMs;
    this.refreshedAtCount = observations;
  }
}

function progressive(counts: SnapshotCounts, room: number, reason: string): PacingDecision {
  return agentDecision(counts, min(progressiveCalls(counts), room), reason);
}
