import type { BlockedReason } from '../entities/lead.entity';
import type { DedupeScope } from '../entities/lead-list.entity';
import type { ImportPlan } from '../normalise/row-normaliser';

/**
 * What an import decides about a valid row, defined once for both places that
 * decide it: the import (set-based SQL over the staging table, in
 * import-finaliser.ts) and the preview (TypeScript over the sampled rows, in
 * imports.service.ts). Each rule has its two forms side by side here.
 */

// ---- Dedupe key: the E.164 number, plus the account id when a column is mapped to it ----

/**
 * The account part of a row's dedupe key: its externalId cell as given, ''
 * when empty or when no column is mapped to externalId (then the number alone
 * is the key). One person may owe two debts: two rows with one number and two
 * account ids are two leads.
 */
export function rowAccount(plan: ImportPlan, cells: readonly string[]): string {
  return plan.fields.externalId === undefined ? '' : (cells[plan.fields.externalId] ?? '');
}

/** SQL form of `rowAccount`, `cell(i)` being the SQL of the row's i-th cell (null when empty). */
export function rowAccountSql(plan: ImportPlan, cell: (index: number) => string): string {
  return plan.fields.externalId === undefined ? `''` : `coalesce(${cell(plan.fields.externalId)}, '')`;
}

/** SQL: the account part of an existing lead's key (`alias` a `leads` row), comparable with `rowAccountSql`. */
export function leadAccountSql(plan: ImportPlan, alias: string): string {
  return plan.fields.externalId === undefined ? `''` : `coalesce(${alias}.external_id, '')`;
}

/** A row's key as one string (for maps), from the parts above. */
export const dedupeKey = (phone: string, account: string): string => JSON.stringify([phone, account]);

/**
 * SQL: an existing lead (`alias`) is in the dedupe scope; `listIds` gives the
 * SQL of a uuid[] of the scope's lists (asked only when needed: PostgreSQL
 * refuses a query parameter it does not use).
 */
export function leadInScopeSql(scope: Exclude<DedupeScope, 'none'>, alias: string, listIds: () => string): string {
  return scope === 'global' ? 'true' : `${alias}.list_id = any(${listIds()})`;
}

// ---- Duplicate messages ----

/** The message of a row repeating an earlier one is this, then the earlier row's number. */
export function repeatedRowMessage(plan: ImportPlan): string {
  return plan.fields.externalId === undefined ? 'same phone number as row ' : 'same phone number and account as row ';
}

/** The message of a row that is already a lead in the list's dedupe scope. */
export const EXISTING_LEAD_MESSAGES: Record<DedupeScope, string> = {
  none: '',
  list: 'already a lead in this list',
  campaign: 'already a lead in a list of the same campaign',
  global: 'already a lead in another list',
};

// ---- Flags of a new lead ----

/**
 * Why a new lead is blocked: its number on a DNC list in scope first, else no
 * candidate time zone; null when dialable. `noTimezone` is counted on its own
 * (see `hasNoTimezone`), so a lead on DNC without a zone counts in both.
 */
export function blockedReasonOf(onDnc: boolean, timezoneCandidates: readonly string[]): Extract<BlockedReason, 'dnc' | 'no_timezone'> | null {
  if (onDnc) return 'dnc';
  return hasNoTimezone(timezoneCandidates) ? 'no_timezone' : null;
}

export const hasNoTimezone = (timezoneCandidates: readonly string[]): boolean => timezoneCandidates.length === 0;

/** SQL form of `hasNoTimezone`, `candidates` being a text[]. */
export const hasNoTimezoneSql = (candidates: string): string => `${candidates} = '{}'`;

/** SQL form of `blockedReasonOf`, `onDnc` a boolean SQL expression. */
export function blockedReasonSql(onDnc: string, candidates: string): string {
  return `case when ${onDnc} then 'dnc' when ${hasNoTimezoneSql(candidates)} then 'no_timezone' end`;
}

// ---- Leads a DNC list loaded later reaches ----

/**
 * SQL: a lead a DNC list loaded after it may still flag: never dialed, and
 * `new` or blocked only for want of a time zone (DNC comes first, as in
 * `blockedReasonOf`). A lead in the dialing pool after an attempt is left to
 * the dial-time check (DncService.isBlocked).
 */
export const flaggableLeadSql = (alias: string): string =>
  `${alias}.attempt_count = 0 and ${alias}.last_attempt_at is null
   and (${alias}.status = 'new' or (${alias}.status = 'blocked' and ${alias}.blocked_reason = 'no_timezone'))`;

/**
 * SQL: a lead blocked for DNC that was never dialed, and that no DNC entry
 * (`dncMatch`, a condition on alias `d` of `dnc_entries`) covers any more —
 * after a DNC import is undone, what it flagged, or what only its entries
 * justified. Set back to what `blockedReasonOf` gives without DNC.
 */
export function unflagLeadsSql(alias: string, dncMatch: string): { set: string; where: string } {
  const reason = blockedReasonSql('false', `${alias}.timezone_candidates`);
  return {
    set: `status = case when ${reason} is null then 'new' else 'blocked' end, blocked_reason = ${reason}, updated_at = clock_timestamp()`,
    where: `${alias}.status = 'blocked' and ${alias}.blocked_reason = 'dnc' and ${alias}.attempt_count = 0 and ${alias}.last_attempt_at is null
      and not exists (select 1 from dnc_entries d where d.phone = ${alias}.phone and ${dncMatch})`,
  };
}
