import { PacingEvent } from '../pacing.types';

export interface HistorySpec {
  calls: number;
  startMs?: number;
  /** Every n-th call is answered by a person, who is connected at once. */
  personEvery?: number;
  /** Every n-th person answer is abandoned instead of connected (0: none). */
  abandonEvery?: number;
  talkSec?: number;
  wrapSec?: number;
  /** Time between successive dials. */
  spacingMs?: number;
}

/** A plausible, time-ordered event history for warming a pacer up in specs. */
export function historyOf(spec: HistorySpec): PacingEvent[] {
  const start = spec.startMs ?? 0;
  const personEvery = spec.personEvery ?? 4;
  const spacing = spec.spacingMs ?? 2_000;
  const talkMs = (spec.talkSec ?? 60) * 1000;
  const wrapMs = (spec.wrapSec ?? 10) * 1000;
  const events: PacingEvent[] = [];
  let persons = 0;
  for (let i = 0; i < spec.calls; i++) {
    const callId = `hist-${i}`;
    const placed = start + i * spacing;
    events.push({ type: 'placed', callId, atMs: placed });
    if (i % personEvery !== 0) {
      events.push({ type: 'unanswered', callId, atMs: placed + 25_000, reason: 'no_answer' });
      continue;
    }
    const answered = placed + 8_000 + (i % 3) * 600;
    events.push({ type: 'answered', callId, atMs: answered, by: 'human' });
    persons++;
    if (spec.abandonEvery && persons % spec.abandonEvery === 0) {
      events.push({ type: 'abandoned', callId, atMs: answered + 2_000 });
      continue;
    }
    const agentId = `hist-agent-${persons}`;
    const talk = talkMs * (0.5 + (i % 7) / 6);
    events.push({ type: 'connected', callId, agentId, atMs: answered });
    events.push({ type: 'talk_ended', callId, agentId, atMs: answered + talk });
    events.push({ type: 'wrap_ended', agentId, atMs: answered + talk + wrapMs });
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}
