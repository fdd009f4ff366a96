/**
 * The public contract of the pacing engine. The dialer runtime and every
 * simulator drive a Pacer through these shapes only; names and shapes are
 * fixed (additions are fine, changes are not).
 */

export type PacingMode = 'preview' | 'progressive' | 'power' | 'predictive' | 'agentless';

export interface PacingSettings {
  mode: PacingMode;
  /** Legal cap on abandoned ÷ live-person answers, e.g. 0.03. */
  maxAbandonRate: number;
  /** What the predictive controller aims for; defaults somewhat under the cap. */
  targetAbandonRate?: number;
  /** Lines per ready agent in 'power'. */
  powerRatio?: number;
  /** Hard ceiling on calls in flight per logged-in (not paused) agent. */
  maxLinesPerAgent: number;
  /** Concurrent lines in 'agentless'. */
  agentlessLines?: number;
  ringTimeoutSec: number;
  /** An answered callee waits at most this long for an agent (2). */
  connectGraceSec: number;
  /**
   * Regulatory window of the realised abandon rate that triggers the
   * predictive fallback: 30 days (US, default) or 24 hours (UK).
   */
  abandonWindowMs?: number;
}

export type AgentState = 'ready' | 'on_call' | 'wrap_up' | 'paused';
export type InFlightCallState = 'ringing' | 'answered_waiting';

export interface PacingSnapshot {
  nowMs: number;
  /**
   * Logged-in agents. `announcedPause`: the agent asked to pause after the
   * current call ("pause after this call"): they will not come back for
   * another, so no call is dialed for them. `busyUntilMs`: an agent in
   * wrap-up who asked for more time ("extend") is not free before this.
   */
  agents: { id: string; state: AgentState; sinceMs: number; announcedPause?: boolean; busyUntilMs?: number }[];
  /** Calls placed, not yet bridged or ended. */
  calls: { id: string; state: InFlightCallState; sinceMs: number }[];
}

export type PacingEvent =
  | { type: 'placed'; callId: string; atMs: number }
  | { type: 'answered'; callId: string; atMs: number; by: 'human' | 'machine' }
  | { type: 'unanswered'; callId: string; atMs: number; reason: 'no_answer' | 'busy' | 'failed' }
  | { type: 'connected'; callId: string; agentId: string; atMs: number }
  | { type: 'abandoned'; callId: string; atMs: number }
  | { type: 'talk_ended'; callId: string; agentId: string; atMs: number }
  | { type: 'wrap_ended'; agentId: string; atMs: number };

export interface PacingDecision {
  /** New calls to place now. */
  callsToPlace: number;
  /**
   * Lines per available agent once these calls are placed: (bridged + in
   * flight + new) ÷ agents not paused, as VICIdial counts it. In 'agentless'
   * it is the number of lines in use.
   */
  dialLevel: number;
  reason: string;
}

export interface Pacer {
  /** Every event of the campaign, in time order. */
  observe(event: PacingEvent): void;
  /** Called at least once a second and after events; returns NEW calls to place now. */
  decide(snapshot: PacingSnapshot): PacingDecision;
}
