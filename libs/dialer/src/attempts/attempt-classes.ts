import { ATTEMPT_STATES, AttemptState, isTerminalState } from '@dialer/calls';
import { ANSWERED_BY_VALUES } from '@dialer/telephony';

/**
 * The one home of the dialer's classifications of a call attempt, in
 * TypeScript and as SQL, so the hopper, settlement, stats, "why" and the
 * pacing loop cannot drift apart.
 */

/** States of an attempt whose call may still be (or become) live: at most one per lead (a partial unique index). */
export const LIVE_ATTEMPT_STATES: readonly AttemptState[] = ATTEMPT_STATES.filter((state) => !isTerminalState(state));
/** States an attempt ends in. */
export const ENDED_ATTEMPT_STATES: readonly AttemptState[] = ATTEMPT_STATES.filter((state) => isTerminalState(state));

export function isLiveAttemptState(state: string): boolean {
  return (LIVE_ATTEMPT_STATES as readonly string[]).includes(state);
}

export function isEndedAttemptState(state: string): boolean {
  return (ENDED_ATTEMPT_STATES as readonly string[]).includes(state);
}

/** AMD verdicts that mean no live person: an answering machine (any of Twilio's kinds) or a fax. */
export const MACHINE_VERDICTS: readonly string[] = ANSWERED_BY_VALUES.filter((verdict) => /^(machine|fax)/.test(verdict));

export function isMachineVerdict(answeredBy: string | null | undefined): boolean {
  return typeof answeredBy === 'string' && MACHINE_VERDICTS.includes(answeredBy);
}

const list = (values: readonly string[]) => `(${values.map((value) => `'${value}'`).join(', ')})`;

/** SQL: `<alias>.state` is live (e.g. `liveStateSql('a')`). */
export function liveStateSql(alias?: string): string {
  return `${alias ? `${alias}.` : ''}state in ${list(LIVE_ATTEMPT_STATES)}`;
}

/** SQL: `<alias>.state` is an ended one. */
export function endedStateSql(alias?: string): string {
  return `${alias ? `${alias}.` : ''}state in ${list(ENDED_ATTEMPT_STATES)}`;
}

/** SQL: the attempt's AMD verdict says machine or fax (false when there is none). */
export function machineVerdictSql(alias?: string): string {
  return `coalesce(${alias ? `${alias}.` : ''}answered_by in ${list(MACHINE_VERDICTS)}, false)`;
}

/**
 * SQL: the attempt was an abandoned call: a live person was given the abandon
 * message (or no agent). A machine is never an abandon, even while the flag
 * says so (AMD's verdict came after the abandon message, and a reclassified
 * machine may keep the flag): not for the campaign's rate, not for the UK
 * 72-hour redial rule.
 */
export function abandonedSql(alias?: string): string {
  return `(${alias ? `${alias}.` : ''}abandoned and not ${machineVerdictSql(alias)})`;
}

/**
 * SQL: the attempt counts as a call toward the lead's attempt limits and the
 * collections 7-in-7 rule: its call reached Twilio (it has a CallSid) or may
 * have (it is not a cancelled attempt without one). Skipped previews, give-backs
 * for want of a calls-per-second slot and dial-time gate refusals never rang
 * anyone, so they do not spend the lead's attempts.
 */
export function countsAsCallSql(alias: string): string {
  return `(${alias}.provider_call_sid is not null or ${alias}.state <> 'canceled')`;
}

/**
 * SQL: the attempt is a live answer, counted once it can no longer turn into
 * a machine: AMD said a person (or could not tell), or the call ended with no
 * verdict (AMD off, or none came). An answer still waiting for its verdict is
 * not counted yet, so the figure never goes down when a verdict says machine
 * (the wallboard once read 43 then 42 live answers). answered_by, answered_at,
 * connected_at and ended_at only ever fill, never change (the state machine).
 */
export function liveAnswerSql(alias?: string): string {
  const a = alias ? `${alias}.` : '';
  return `((${a}answered_at is not null or ${a}connected_at is not null) and ${humanSettledSql(alias)})`;
}

/**
 * SQL: the outcome's code (`d`, its disposition_codes row) makes a live answer a contact: flagged a contact, or a
 * success (a sale is a conversation). What rollups of live answers per code (attempt_kpi_rollups) filter on, so
 * the wallboard and the KPI report count contacts as contactSql does.
 */
export const contactCodeSql = (d: string) => `(${d}.is_contact or ${d}.is_success)`;

/**
 * SQL: a contact (a success): a live answer whose outcome's code (`d`, its disposition_codes row) is flagged so;
 * a success is a contact too (a sale is a conversation). A code on a call AMD found to be a machine is no
 * conversation: contacts never exceed live answers, nor successes contacts.
 */
export const contactSql = (a: string, d: string) => `(${contactCodeSql(d)} and ${liveAnswerSql(a)})`;
export const successSql = (a: string, d: string) => `(${d}.is_success and ${liveAnswerSql(a)})`;

/** SQL: a person was connected to an agent (a live answer bridged to one): never more than the live answers. */
export function connectSql(alias?: string): string {
  const a = alias ? `${alias}.` : '';
  return `(${a}connected_at is not null and ${humanSettledSql(alias)})`;
}

/** SQL: a machine (or fax) reached an agent before its AMD verdict: it costs a wrap-up, and AMD tuning needs the figure. */
export function machineConnectSql(alias?: string): string {
  const a = alias ? `${alias}.` : '';
  return `(${a}connected_at is not null and ${machineVerdictSql(alias)})`;
}

function humanSettledSql(alias?: string): string {
  const a = alias ? `${alias}.` : '';
  return `((${a}answered_by is not null and not ${machineVerdictSql(alias)}) or (${a}answered_by is null and ${a}ended_at is not null))`;
}
