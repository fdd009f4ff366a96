import { Pacer, PacingDecision, PacingEvent, PacingSettings, PacingSnapshot } from '@dialer/pacing';

const DAY_MS = 86_400_000;

export interface AdaptiveOptions {
  adjustEverySec: number;
  minLevel: number;
  maxLevel: number;
}

const DEFAULTS: AdaptiveOptions = { adjustEverySec: 15, minLevel: 1, maxLevel: 3 };

/**
 * A VICIdial-style adaptive baseline, from its usual description: sample the
 * ready agents and the answered calls waiting every second; every 15 s move
 * the dial level by (avg ready − avg waiting) ÷ agents; clamp it to [1, 3];
 * halve it when the day's abandon rate passes the cap. As in VICIdial, the
 * level counts every line of the campaign, talking ones included, per agent
 * not paused: level 1 is one line per agent.
 */
export class VicidialAdaptivePacer implements Pacer {
  private level: number;
  private readySum = 0;
  private waitingSum = 0;
  private samples = 0;
  private lastSampleSec = Number.NEGATIVE_INFINITY;
  private lastAdjustMs = Number.NaN;
  private day = -1;
  private dayAnswers = 0;
  private dayAbandons = 0;
  private readonly options: AdaptiveOptions;

  constructor(
    private readonly settings: PacingSettings,
    options: Partial<AdaptiveOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.level = this.options.minLevel;
  }

  observe(event: PacingEvent): void {
    if (event.type !== 'abandoned' && !(event.type === 'answered' && event.by === 'human')) return;
    const day = Math.floor(event.atMs / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayAnswers = 0;
      this.dayAbandons = 0;
    }
    if (event.type === 'abandoned') this.dayAbandons++;
    else this.dayAnswers++;
  }

  decide(snapshot: PacingSnapshot): PacingDecision {
    let ready = 0;
    let onCall = 0;
    let active = 0;
    for (const agent of snapshot.agents) {
      if (agent.state === 'paused') continue;
      active++;
      if (agent.state === 'ready') ready++;
      else if (agent.state === 'on_call') onCall++;
    }
    let waiting = 0;
    for (const call of snapshot.calls) if (call.state === 'answered_waiting') waiting++;
    this.sample(snapshot.nowMs, ready, waiting);
    this.adjust(snapshot.nowMs, active);
    if (active === 0) return { callsToPlace: 0, dialLevel: this.level, reason: 'adaptive: no agent' };
    const lines = Math.floor(this.level * active);
    const ceiling = Math.floor(this.settings.maxLinesPerAgent * active) - snapshot.calls.length;
    const calls = Math.max(0, Math.min(lines - snapshot.calls.length - onCall, ceiling));
    return { callsToPlace: calls, dialLevel: this.level, reason: 'adaptive' };
  }

  private sample(nowMs: number, ready: number, waiting: number): void {
    const second = Math.floor(nowMs / 1000);
    if (second === this.lastSampleSec) return;
    this.lastSampleSec = second;
    this.readySum += ready;
    this.waitingSum += waiting;
    this.samples++;
  }

  private adjust(nowMs: number, active: number): void {
    if (Number.isNaN(this.lastAdjustMs)) this.lastAdjustMs = nowMs;
    if (nowMs - this.lastAdjustMs < this.options.adjustEverySec * 1000) return;
    this.lastAdjustMs = nowMs;
    if (this.samples > 0 && active > 0) {
      const dayRate = this.dayAnswers > 0 ? this.dayAbandons / this.dayAnswers : 0;
      if (dayRate > this.settings.maxAbandonRate) this.level /= 2;
      else this.level += (this.readySum - this.waitingSum) / this.samples / active;
      this.level = Math.min(Math.max(this.level, this.options.minLevel), this.options.maxLevel);
    }
    this.readySum = 0;
    this.waitingSum = 0;
    this.samples = 0;
  }
}
