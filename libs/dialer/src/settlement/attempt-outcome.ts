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
  /** Whether the call flow put the callee through to an agent (it records `putThroughAt` as it hands Twilio the bridge). */
  put_through?: boolean | null;
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
 * A person answered a call meant for an agent, and the call flow neither put
 * them through nor gave them the abandon message: the api that should have
 * answered Twilio was down, or its database was. Nobody could mark the
 * abandon then; it is one all the same (the rate and the UK 72-hour rule must
 * count it), so settlement counts it. Surveys (agentless) talk to nobody.
 */
export function neverPutThrough(attempt: AttemptRecord): boolean {
  if (!attempt.mode || attempt.mode === 'agentless' || attempt.abandoned) return false;
  if (isMachineVerdict(attempt.answered_by) || attempt.outcome === 'machine') return false;
  if (!(attempt.answered_at || attempt.state === 'completed')) return false;
  return !attempt.connected_at && attempt.put_through === false;
}
