import { isEndedAttemptState, isMachineVerdict } from '../attempts/attempt-classes';
import { AttemptOutcome } from './next-lead-state';

export interface AttemptRecord {
  state: string;
  answered_at: string | null;
  answered_by: string | null;
  abandoned: boolean;
  outcome: string | null;
  /** How the attempt was dialed (the campaign's dialing mode, `preview`, `manual`); null for none recorded. */
  mode?: string | null;
  connected_at?: string | null;
  /** When the call ended, by Twilio's clock (its status callback's `Timestamp`). */
  ended_at?: string | null;
  /**
   * When the call flow put the callee through to an agent (`putThroughAt`,
   * recorded as it hands Twilio the bridge); null when it never did.
   */
  put_through_at?: string | null;
}

export function isEnded(state: string): boolean {
  return isEndedAttemptState(state);
}

/**
 * How an ended attempt went, from what its callbacks and the call flow recorded.
 * A machine is never an abandon: with async AMD the call flow may give up on a
 * callee (abandon message) before the verdict arrives; when the verdict then says
 * machine, the attempt is a machine. (Humans AMD takes for machines are counted,
 * where the law asks, as an estimate over all machine verdicts: see stats.)
 */
export function attemptOutcome(attempt: AttemptRecord): AttemptOutcome | 'skipped' {
  if (attempt.outcome === 'skipped') return 'skipped';
  if (isMachineVerdict(attempt.answered_by) || attempt.outcome === 'machine') return 'machine';
  if (attempt.abandoned) return 'abandoned';
  if (attempt.answered_at || attempt.state === 'completed') return neverPutThrough(attempt) ? 'abandoned' : 'human';
  if (attempt.state === 'busy' || attempt.state === 'no_answer' || attempt.state === 'failed' || attempt.state === 'canceled') {
    return attempt.state;
  }
  return 'failed';
}

/**
 * A person answered a call meant for an agent, and never reached one nor the
 * abandon message. Either the call flow never put them through (the api that
 * should have answered Twilio was down, or its database was), or it did so
 * only after they had hung up (an api answering Twilio seconds late, under
 * load). Nobody could mark the abandon then; it is one all the same (the rate
 * and the UK 72-hour rule must count it), so settlement counts it. Surveys
 * (agentless) talk to nobody.
 *
 * A callee put through while still on the line, whose conference join was
 * never reported, is not counted: the join's callback may have been lost.
 */
export function neverPutThrough(attempt: AttemptRecord): boolean {
  if (!attempt.mode || attempt.mode === 'agentless' || attempt.abandoned) return false;
  if (isMachineVerdict(attempt.answered_by) || attempt.outcome === 'machine') return false;
  if (!(attempt.answered_at || attempt.state === 'completed')) return false;
  if (attempt.connected_at) return false;
  return !attempt.put_through_at || goneBeforePutThrough(attempt.ended_at, attempt.put_through_at);
}

/**
 * The call had ended when the flow put the callee through. The two clocks are
 * Twilio's and ours (both NTP-kept); the bridge reaches Twilio after we stamp
 * it, so an end at or before the stamp is a callee who never heard the agent.
 * Twilio stamps whole seconds (rounded down), so an end within the second of
 * the stamp counts too: a callee gone less than a second after the bridge
 * was handed over, before Twilio could join them. It leans toward counting
 * the abandon, as the cap must.
 */
function goneBeforePutThrough(endedAt: string | null | undefined, putThroughAt: string): boolean {
  return !!endedAt && Date.parse(endedAt) <= Date.parse(putThroughAt);
}
