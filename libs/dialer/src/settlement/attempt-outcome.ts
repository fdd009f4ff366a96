import { isEndedAttemptState, isMachineVerdict } from '../attempts/attempt-classes';
import { AttemptOutcome } from './next-lead-state';

export interface AttemptRecord {
  state: string;
  answered_at: string | null;
  answered_by: string | null;
  abandoned: boolean;
  outcome: string | null;
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
  if (attempt.answered_at || attempt.state === 'completed') return 'human';
  if (attempt.state === 'busy' || attempt.state === 'no_answer' || attempt.state === 'failed' || attempt.state === 'canceled') {
    return attempt.state;
  }
  return 'failed';
}
