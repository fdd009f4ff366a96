import { PacingEvent } from '../pacing.types';
import { AnswerModel } from './answer-model';
import { DurationModel } from './duration-model';

// Bounds the per-call bookkeeping if a runtime loses the end of some calls.
const MAX_TRACKED = 100_000;

export interface LearnerLimits {
  maxTalkSec: number;
  maxWrapSec: number;
  maxOutcomeSec: number;
  maxGrid: number;
  talkHalfLife: number;
  wrapHalfLife: number;
  outcomeHalfLife: number;
}

/**
 * Turns the campaign's event stream into the distributions the forecast
 * needs: time from dial to outcome (and whether a person answered), talk time
 * and wrap-up time. O(1) per event; it keeps only the calls and agents
 * currently between two of their events.
 */
export class CampaignLearner {
  readonly talk: DurationModel;
  readonly wrap: DurationModel;
  readonly answers: AnswerModel;
  private readonly placedAt = new Map<string, number>();
  private readonly talkStartedAt = new Map<string, number>();
  private readonly wrapStartedAt = new Map<string, number>();

  constructor(limits: LearnerLimits) {
    this.talk = new DurationModel(limits.maxTalkSec, limits.talkHalfLife);
    this.wrap = new DurationModel(limits.maxWrapSec, limits.wrapHalfLife);
    this.answers = new AnswerModel(limits.maxOutcomeSec, limits.outcomeHalfLife, limits.maxGrid);
  }

  observe(event: PacingEvent): void {
    switch (event.type) {
      case 'placed':
        track(this.placedAt, event.callId, event.atMs);
        break;
      case 'answered':
        this.recordOutcome(event.callId, event.atMs, event.by === 'human');
        break;
      case 'unanswered':
        this.recordOutcome(event.callId, event.atMs, false);
        break;
      case 'connected':
        track(this.talkStartedAt, event.callId, event.atMs);
        break;
      case 'talk_ended':
        this.talk.add(secondsSince(this.talkStartedAt, event.callId, event.atMs));
        track(this.wrapStartedAt, event.agentId, event.atMs);
        break;
      case 'wrap_ended':
        this.wrap.add(secondsSince(this.wrapStartedAt, event.agentId, event.atMs));
        break;
    }
  }

  /** Re-reads the histograms into the models' survival and answer tables. */
  refresh(): void {
    this.talk.refresh();
    this.wrap.refresh();
    this.answers.refresh();
  }

  private recordOutcome(callId: string, atMs: number, byHuman: boolean): void {
    this.answers.add(secondsSince(this.placedAt, callId, atMs), byHuman);
  }
}

function track(startedAt: Map<string, number>, key: string, atMs: number): void {
  if (startedAt.size >= MAX_TRACKED) startedAt.clear();
  startedAt.set(key, atMs);
}

/** Seconds since `key` was tracked, forgetting it; NaN (ignored by the models) when it was not. */
function secondsSince(startedAt: Map<string, number>, key: string, atMs: number): number {
  const start = startedAt.get(key);
  if (start === undefined) return Number.NaN;
  startedAt.delete(key);
  return (atMs - start) / 1000;
}
