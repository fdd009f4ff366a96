/** What a wrap-up's deadline depends on (epoch ms and the campaign's seconds). */
export interface WrapUpClockFacts {
  /** When the wrap-up began. */
  sinceMs: number;
  /** The deadline set so far (null: the campaign's own length). */
  untilMs: number | null;
  nowMs: number;
  seconds: number;
  maxSeconds: number;
  stepSec: number;
}

/** The wrap-up's deadline: set, or the campaign's length from its start. */
export function wrapUpDeadline(facts: Pick<WrapUpClockFacts, 'sinceMs' | 'untilMs' | 'seconds'>): number {
  return facts.untilMs ?? facts.sinceMs + facts.seconds * 1000;
}

/**
 * The deadline after one "extend": a step past the later of the deadline and
 * now (a wrap-up that outran its countdown gets a full step), never past the
 * campaign's maximum. Null when the maximum is reached already.
 */
export function extendedWrapUpDeadline(facts: WrapUpClockFacts): number | null {
  const cap = facts.sinceMs + facts.maxSeconds * 1000;
  const current = wrapUpDeadline(facts);
  if (current >= cap) return null;
  return Math.min(Math.max(current, facts.nowMs) + facts.stepSec * 1000, cap);
}
