import { randomBytes } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { DncScope, DncSource } from '@dialer/compliance';
import { dncMatchSql } from '@dialer/compliance';
import type { ImportCounts } from '../entities/import-job.entity';
import type { DedupeScope } from '../entities/lead-list.entity';
import { CUSTOM_FIELD_KEYS, LeadField } from '../mapping/header-mapping';
import type { ImportPlan } from '../normalise/row-normaliser';
import { cellColumn, STAGING_TABLE } from './import-staging';
import {
  blockedReasonSql,
  EXISTING_LEAD_MESSAGES,
  flaggableLeadSql,
  hasNoTimezoneSql,
  leadAccountSql,
  leadInScopeSql,
  leadListCampaignsSql,
  repeatedRowMessage,
  rowAccountSql,
} from './import-rules';

/**
 * The set-based end of an import, run inside the one transaction that makes
 * it visible: dedupe (within the file, then against the list's scope), the
 * do-not-call scrub, the leads (or DNC entries), the rejections. Until it
 * commits nothing of the import exists; a retry runs it again on a fresh
 * staging table. Two passes over the staging table, hash joins only: no
 * per-row lookups, no sort.
 */

export interface LeadsDestination {
  target: 'leads';
  listId: string;
  dedupeScope: DedupeScope;
  /** Lists whose leads count as duplicates: the list itself, or every list of its campaigns. */
  scopeListIds: string[];
  /** Campaigns the list is attached to: their DNC entries apply. */
  campaignIds: string[];
}

export interface DncDestination {
  target: 'dnc';
  scope: DncScope;
  campaignId: string | null;
  product: string | null;
  source: DncSource;
  createdBy: string | null;
}

type Counts = Omit<ImportCounts, 'rowsRead'>;

/** Lead columns filled straight from a cell, as given (an empty cell is null). */
const TEXT_COLUMNS: Partial<Record<LeadField, string>> = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  postalCode: 'postal_code',
  region: 'region',
  externalId: 'external_id',
};

const cell = (index: number) => `nullif(s.${cellColumn(index)}, '')`;

/** A row's cells as a JSON array, for its rejection: as read, however many there were. */
const cellsJson = (plan: ImportPlan) =>
  `coalesce(s.rejected_cells, to_jsonb(array[${plan.columns.map((_, i) => `s.${cellColumn(i)}`).join(', ')}]::text[]))`;

/** Numbered query parameters, added where the SQL uses them (PostgreSQL refuses unused untyped ones). */
class Params {
  readonly values: unknown[] = [];

  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** Unmapped columns under their name, recognised column-less fields under fixed keys, plus the row's extras. */
function customFieldsSql(plan: ImportPlan, params: Params): string {
  const mappedTo = new Map<number, LeadField>(Object.entries(plan.fields).map(([field, index]) => [index, field as LeadField]));
  const keys: string[] = [];
  const values: string[] = [];
  plan.columns.forEach((column, index) => {
    const field = mappedTo.get(index);
    const key = field ? CUSTOM_FIELD_KEYS[field] : column;
    if (!key) return;
    keys.push(key);
    values.push(cell(index));
  });
  const columns = keys.length
    ? `jsonb_strip_nulls(jsonb_object(${params.add(keys, 'text[]')}, array[${values.join(', ')}]::text[]))`
    : `'{}'::jsonb`;
  return `${columns} || coalesce(s.extra, '{}'::jsonb)`;
}

/**
 * Time-ordered ids (UUIDv7 layout: milliseconds, then random bits fixed for
 * this import, then the row number): new leads land at the right edge of the
 * primary-key index instead of all over it, which halves the insert time.
 */
function orderedIdSql(params: Params): string {
  const random = randomBytes(5).toString('hex');
  const prefix = `${Date.now().toString(16).padStart(12, '0')}7${random.slice(0, 3)}8${random.slice(3)}`;
  return `(${params.add(prefix, 'text')} || lpad(to_hex(s.row_number), 8, '0'))::uuid`;
}

/** The dedupe key beyond the phone (import-rules.ts): the account id when one is mapped. */
const accountOfRow = (plan: ImportPlan) => rowAccountSql(plan, cell);

/**
 * The first row of each (phone, account) among the valid rows. Without
 * dedupe every valid row is its own first.
 */
async function findFirstRows(client: ClientBase, plan: ImportPlan, dedupe: boolean): Promise<void> {
  // Hash a million keys in memory rather than on disk; local to this transaction.
  await client.query(`set local work_mem = '256MB'`);
  await client.query(`
    create temporary table import_firsts on commit drop as
    select s.phone, ${accountOfRow(plan)} as account, ${dedupe ? 'min(s.row_number)' : 's.row_number'} as first_row
    from ${STAGING_TABLE} s where s.reject_code is null
    ${dedupe ? 'group by 1, 2' : ''}`);
  await client.query(`analyze import_firsts`);
}

/**
 * Rows that did not become leads or entries: their own problem, a repeat of
 * an earlier row, or already there (`existing`: phone and account of what
 * was there before this import).
 */
async function insertRejections(
  client: ClientBase,
  plan: ImportPlan,
  params: Params,
  job: string,
  existing: { sql: string; message: string } | null,
  dedupe: boolean,
): Promise<Pick<Counts, 'rejected' | 'duplicates'>> {
  // Without dedupe each valid row is its own first: it is never a repeat.
  const first = dedupe ? `f.phone = s.phone and f.account = ${accountOfRow(plan)}` : 'f.first_row = s.row_number';
  const sameAs = repeatedRowMessage(plan);
  const { rows } = await client.query<{ rejected: string; duplicates: string }>(
    `with rejected as (
       insert into import_rejections (job_id, row_number, cells, reason_code, message)
       select ${job}, s.row_number, ${cellsJson(plan)}, coalesce(s.reject_code, 'DUPLICATE'),
         case when s.reject_code is not null then s.reject_message
              when f.first_row <> s.row_number then ${params.add(sameAs, 'text')} || f.first_row
              else ${params.add(existing?.message ?? '', 'text')} end
       from ${STAGING_TABLE} s
       left join import_firsts f on ${first}
       ${existing ? `left join (${existing.sql}) ex on ex.phone = s.phone and ex.account = ${accountOfRow(plan)}` : ''}
       where s.reject_code is not null or f.first_row <> s.row_number ${existing ? 'or ex.phone is not null' : ''}
       on conflict (job_id, row_number) do nothing
       returning reason_code)
     select count(*) filter (where reason_code <> 'DUPLICATE') as rejected,
            count(*) filter (where reason_code = 'DUPLICATE') as duplicates
     from rejected`,
    params.values,
  );
  return { rejected: Number(rows[0].rejected), duplicates: Number(rows[0].duplicates) };
}

/** Phone and account of the leads in the list's dedupe scope that this import did not add. */
function existingLeadsSql(plan: ImportPlan, params: Params, job: string, to: LeadsDestination): string | null {
  if (to.dedupeScope === 'none') return null;
  const scope = leadInScopeSql(to.dedupeScope, 'l', () => params.add(to.scopeListIds, 'uuid[]'));
  return `select distinct l.phone, ${leadAccountSql(plan, 'l')} as account from leads l where ${scope} and l.import_id is distinct from ${job}`;
}

export async function finaliseLeads(client: ClientBase, plan: ImportPlan, jobId: string, to: LeadsDestination): Promise<Counts> {
  await findFirstRows(client, plan, to.dedupeScope !== 'none');

  const params = new Params();
  const job = params.add(jobId, 'uuid');
  const existing = existingLeadsSql(plan, params, job, to);
  const text = Object.entries(TEXT_COLUMNS).filter(([field]) => plan.fields[field as LeadField] !== undefined);
  const blockedReason = blockedReasonSql('dnc.phone is not null', 's.timezone_candidates');
  const { rows } = await client.query<{ accepted: string; dnc: string; no_timezone: string }>(
    `with inserted as (
       insert into leads (id, list_id, phone, phone_type, alt_phones, alt_phone_types, country,
         timezone, timezone_source, timezone_candidates, custom_fields, status, blocked_reason,
         import_id, import_row${text.map(([, column]) => `, ${column}`).join('')})
       select ${orderedIdSql(params)}, ${params.add(to.listId, 'uuid')}, s.phone, s.phone_type, s.alt_phones, s.alt_phone_types,
         s.country, s.timezone, s.timezone_source, s.timezone_candidates, ${customFieldsSql(plan, params)},
         case when ${blockedReason} is not null then 'blocked' else 'new' end, ${blockedReason},
         ${job}, s.row_number${text.map(([field]) => `, ${cell(plan.fields[field as LeadField]!)}`).join('')}
       from ${STAGING_TABLE} s
       join import_firsts f on f.first_row = s.row_number
       left join (select distinct d.phone from dnc_entries d where ${dncMatchSql('d', params.add(to.campaignIds, 'uuid[]'))}) dnc
         on dnc.phone = s.phone
       ${existing ? `left join (${existing}) ex on ex.phone = s.phone and ex.account = ${accountOfRow(plan)}` : ''}
       where s.reject_code is null ${existing ? 'and ex.phone is null' : ''}
       on conflict (import_id, import_row) do nothing
       returning blocked_reason, ${hasNoTimezoneSql('timezone_candidates')} as no_timezone)
     select count(*) as accepted,
            count(*) filter (where blocked_reason = 'dnc') as dnc,
            -- on its own: a lead on DNC without a zone is blocked for DNC, and counts here too
            count(*) filter (where no_timezone) as no_timezone
     from inserted`,
    params.values,
  );

  const rejectionParams = new Params();
  const rejectionJob = rejectionParams.add(jobId, 'uuid');
  const existingBefore = existingLeadsSql(plan, rejectionParams, rejectionJob, to);
  const rejections = await insertRejections(
    client,
    plan,
    rejectionParams,
    rejectionJob,
    existingBefore ? { sql: existingBefore, message: EXISTING_LEAD_MESSAGES[to.dedupeScope] } : null,
    to.dedupeScope !== 'none',
  );
  return { accepted: Number(rows[0].accepted), dncFlagged: Number(rows[0].dnc), noTimezone: Number(rows[0].no_timezone), ...rejections };
}

export async function finaliseDnc(client: ClientBase, plan: ImportPlan, jobId: string, to: DncDestination): Promise<Counts> {
  await findFirstRows(client, plan, true);
  const params = new Params();
  const job = params.add(jobId, 'uuid');
  const scope = params.add(to.scope, 'text');
  const campaign = params.add(to.campaignId, 'uuid');
  const product = params.add(to.product, 'text');
  // No ON CONFLICT target: it covers every partial unique index (global; campaign + phone; product + phone).
  const { rows } = await client.query<{ accepted: string }>(
    `with inserted as (
       insert into dnc_entries (phone, scope, campaign_id, product, source, import_id, created_by)
       select f.phone, ${scope}, ${campaign}, ${product}, ${params.add(to.source, 'text')}, ${job}, ${params.add(to.createdBy, 'uuid')}
       from import_firsts f
       on conflict do nothing
       returning 1)
     select count(*) as accepted from inserted`,
    params.values,
  );
  const rejectionParams = new Params();
  const rejectionJob = rejectionParams.add(jobId, 'uuid');
  const existing = `select d.phone, '' as account from dnc_entries d
    where d.scope = ${rejectionParams.add(to.scope, 'text')} and d.campaign_id is not distinct from ${rejectionParams.add(to.campaignId, 'uuid')}
      and d.product is not distinct from ${rejectionParams.add(to.product, 'text')}
      and d.import_id is distinct from ${rejectionJob}`;
  const rejections = await insertRejections(client, plan, rejectionParams, rejectionJob, {
    sql: existing,
    message: 'already on this do-not-call list',
  }, true);
  const dncFlagged = await flagExistingLeads(client, to);
  return { accepted: Number(rows[0].accepted), dncFlagged, noTimezone: 0, ...rejections };
}

/**
 * Leads already imported, not dialed yet, whose number this DNC list now
 * covers (the rule of the import scrub, `dncMatchSql`, seen from the lead's
 * list and its campaigns): blocked for DNC in the import's transaction, as a
 * lead imported after the list would have been. Every number of the file
 * counts, those already on the list included. Returns how many leads.
 */
async function flagExistingLeads(client: ClientBase, to: DncDestination): Promise<number> {
  const params = new Params();
  const { rows } = await client.query<{ flagged: string }>(
    `with entry as (select ${params.add(to.scope, 'text')} as scope, ${params.add(to.campaignId, 'uuid')} as campaign_id,
                           ${params.add(to.product, 'text')} as product),
     flagged as (
       update leads l set status = 'blocked', blocked_reason = 'dnc', updated_at = clock_timestamp()
       from import_firsts f, entry d
       where l.phone = f.phone and ${flaggableLeadSql('l')} and ${dncMatchSql('d', leadListCampaignsSql('l'))}
       returning 1)
     select count(*) as flagged from flagged`,
    params.values,
  );
  return Number(rows[0].flagged);
}
