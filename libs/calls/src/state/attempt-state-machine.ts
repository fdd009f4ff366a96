import type { AnsweredBy, CallStatus } from '@dialer/telephony';
import type { AttemptState } from '../entities/call-attempt.entity';

/**
 * Which report may move a call attempt where. Pure: no framework, no I/O.
 *
 * Twilio posts a call's progress as separate, unordered and sometimes
 * duplicated requests. Whatever order they arrive in, an attempt ends up as
 * if they had arrived in order:
 *
 * - the state only moves forward: `queued < initiated < ringing < in_progress <
 *   terminal` (completed, busy, no_answer, failed, canceled share the top rank,
 *   so the first terminal state is final);
 * - every report still fills the timestamp it carries when that column is
 *   empty (a `completed` that overtook `in-progress` must not lose `answeredAt`);
 * - `lastSequenceNumber` is the highest SequenceNumber seen;
 * - duration, SIP code, AMD verdict and bridging time are kept from the first
 *   report that carries them.
 *
 * `CallProgressRepository` applies exactly these rules in one SQL statement;
 * an integration property test checks both agree.
 *
 * Why rank, not a SequenceNumber comparison, decides the state — and why that
 * is the same as "the callback with the highest SequenceNumber wins":
 *
 * - Twilio numbers a call's status callbacks 0, 1, 2… in the order it sends
 *   them, and a call's status only moves forward (initiated → ringing →
 *   in-progress → one terminal status), each status sent once; retries and
 *   duplicates repeat the SequenceNumber with the same form. So along a call's
 *   sequence numbers the rank strictly increases: the highest rank seen *is*
 *   the status with the highest SequenceNumber seen, whatever the arrival
 *   order. Two status callbacks of equal rank are always the same callback
 *   (same SequenceNumber, same status), so a SequenceNumber tie-break between
 *   equal ranks would only ever compare a callback with its own copy: there is
 *   nothing for it to decide, and none is applied.
 * - Two *different* terminal states for one call cannot both come from status
 *   callbacks (a call ends once). They can only meet when one report carries
 *   no SequenceNumber (reconciliation's `fetchCall`, a voice or gather
 *   request's `CallStatus`), which a SequenceNumber cannot order anyway; then
 *   the first terminal state stays on purpose, because the dialer has already
 *   acted on it (lead settled, agent released).
 * - Each fillable column is carried by one callback only (its status's
 *   timestamp; duration and SIP code by the terminal one) or by several with
 *   the same value (`AnsweredBy` once AMD has spoken), so "the first report
 *   that carries it" fills the same value as in-order delivery would.
 * - `lastSequenceNumber` is the maximum, which is order-free by itself.
 *
 * The property test in attempt-state-machine.spec.ts checks the result: any
 * shuffle, with duplicates, of a call's reports ends exactly where in-order
 * (SequenceNumber) delivery ends; bench:webhooks checks the database the same way.
 */

/** Rank of each state: a report moves an attempt only to a higher rank. */
export const ATTEMPT_STATE_RANK: Readonly<Record<AttemptState, number>> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  in_progress: 3,
  completed: 4,
  busy: 4,
  no_answer: 4,
  failed: 4,
  canceled: 4,
};

/** Twilio's `CallStatus` (`in-progress`, `no-answer`) as our state (`in_progress`, `no_answer`). */
export function attemptStateOf(status: CallStatus): AttemptState {
  return status.replace('-', '_') as AttemptState;
}

export function isTerminalState(state: AttemptState): boolean {
  return ATTEMPT_STATE_RANK[state] === ATTEMPT_STATE_RANK.completed;
}

/** The progress columns of a call attempt. */
export interface AttemptProgress {
  state: AttemptState;
  lastSequenceNumber: number;
  initiatedAt: Date | null;
  ringingAt: Date | null;
  answeredAt: Date | null;
  connectedAt: Date | null;
  endedAt: Date | null;
  answeredBy: AnsweredBy | null;
  durationSec: number | null;
  sipResponseCode: number | null;
}

export const NEW_ATTEMPT_PROGRESS: AttemptProgress = {
  state: 'queued',
  lastSequenceNumber: -1,
  initiatedAt: null,
  ringingAt: null,
  answeredAt: null,
  connectedAt: null,
  endedAt: null,
  answeredBy: null,
  durationSec: null,
  sipResponseCode: null,
};

/** What one webhook says about a call. */
export interface ProgressReport {
  /** The call's status (status callbacks, voice and gather webhooks); absent for an AMD verdict or a conference event. */
  status?: CallStatus;
  /** Status callbacks only. */
  sequenceNumber?: number;
  /**
   * When it happened (Twilio's `Timestamp` when given, else when we received
   * it). Absent: the report moves the state but stamps nothing (a voice request
   * proves the call is answered, but only its status callback says when).
   */
  at?: Date;
  durationSec?: number;
  sipResponseCode?: number;
  answeredBy?: AnsweredBy;
  /** The call joined a conference: the callee was bridged to an agent. */
  joinedConference?: boolean;
}

type Fillable = 'initiatedAt' | 'ringingAt' | 'answeredAt' | 'connectedAt' | 'endedAt' | 'answeredBy' | 'durationSec' | 'sipResponseCode';

/** A report reduced to what it can change: a state of some rank, a sequence number, and columns to fill when empty. */
export interface ProgressEffect {
  state: AttemptState | null;
  /** -1 when the report carries no state. */
  rank: number;
  /** -1 when the report carries none. */
  sequenceNumber: number;
  fills: { [K in Fillable]: AttemptProgress[K] };
}

/** The column a state's arrival is stamped in. */
function stampOf(state: AttemptState | null): 'initiatedAt' | 'ringingAt' | 'answeredAt' | 'endedAt' | null {
  if (state === null || state === 'queued') return null;
  if (state === 'initiated') return 'initiatedAt';
  if (state === 'ringing') return 'ringingAt';
  if (state === 'in_progress') return 'answeredAt';
  return 'endedAt';
}

export function effectOf(report: ProgressReport): ProgressEffect {
  const state = report.status ? attemptStateOf(report.status) : null;
  const stamp = report.at ? stampOf(state) : null;
  const at = report.at ?? null;
  return {
    state,
    rank: state ? ATTEMPT_STATE_RANK[state] : -1,
    sequenceNumber: report.sequenceNumber ?? -1,
    fills: {
      initiatedAt: stamp === 'initiatedAt' ? at : null,
      ringingAt: stamp === 'ringingAt' ? at : null,
      answeredAt: stamp === 'answeredAt' ? at : null,
      connectedAt: report.joinedConference ? at : null,
      endedAt: stamp === 'endedAt' ? at : null,
      answeredBy: report.answeredBy ?? null,
      durationSec: report.durationSec ?? null,
      sipResponseCode: report.sipResponseCode ?? null,
    },
  };
}

const FILLABLE = Object.keys(effectOf({}).fills) as Fillable[];

export interface ProgressOutcome {
  next: AttemptProgress;
  /** Anything at all changed. */
  changed: boolean;
  /** The state moved forward. */
  stateChanged: boolean;
  /** Columns this report filled (they were empty). */
  filled: Fillable[];
}

/** Applies one report to an attempt's progress. Applying the same report twice changes nothing the second time. */
export function applyProgress(current: AttemptProgress, report: ProgressReport): ProgressOutcome {
  const effect = effectOf(report);
  const stateChanged = effect.state !== null && effect.rank > ATTEMPT_STATE_RANK[current.state];
  const next: AttemptProgress = {
    ...current,
    state: stateChanged && effect.state ? effect.state : current.state,
    lastSequenceNumber: Math.max(current.lastSequenceNumber, effect.sequenceNumber),
  };
  const filled: Fillable[] = [];
  const target = next as unknown as Record<Fillable, unknown>;
  for (const column of FILLABLE) {
    if (current[column] === null && effect.fills[column] !== null) {
      target[column] = effect.fills[column];
      filled.push(column);
    }
  }
  const changed = stateChanged || filled.length > 0 || next.lastSequenceNumber !== current.lastSequenceNumber;
  return { next, changed, stateChanged, filled };
}

/** Folds reports in the order given. */
export function applyAll(reports: readonly ProgressReport[], start: AttemptProgress = NEW_ATTEMPT_PROGRESS): AttemptProgress {
  return reports.reduce((progress, report) => applyProgress(progress, report).next, start);
}
