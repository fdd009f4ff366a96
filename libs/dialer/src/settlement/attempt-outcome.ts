import { AttemptOutcome } from './next-lead-state';

export interface AttemptRecord {
  state: string;
  answered_at: string | null;
  answered_by: string | null;
  abandoned: boolean;
  outcome: string | null;
}

const TERMINAL = new Set(['completed', 'busy', 'no_answer', 'failed', 'canceled']);

export function isEnded(state: string): boolean {
  return TERMINAL.has(state);
}

/** How an ended attempt went, from what its callbacks and the call flow recorded. */
export function attemptOutcome(attempt: AttemptRecord): AttemptOutcome | 'skipped' {
  if (attempt.outcome === 'skipped') return 'skipped';
  if (attempt.abandoned) return 'abandoned';
  if (attempt.answered_by && /^(machine|fax)/.test(attempt.answered_by)) return 'machine';
  if (attempt.outcome === 'machine') return 'machine';
  if (attempt.answered_at || attempt.state === 'completed') return 'human';
  if (attempt.state === 'busy' || attempt.state === 'no_answer' || attempt.state === 'failed' || attempt.state === 'canceled') {
    return attempt.state;
  }
  return 'failed';
}
