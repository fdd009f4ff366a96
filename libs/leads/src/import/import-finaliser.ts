import { randomBytes } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { DncScope, DncSource } from '@dialer/compliance';
import { dncBlocksListSql } from '@dialer/compliance';
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
}

export interface DncDestination {
  target: 'dnc';
  scope: DncScope;
  campaignId: string | null;
  product: string | null;
  source: DncSource;
  createdBy: string | null;
  /** When the loaded entries lapse (a registry extract's). */
  expiresAt: string | null;
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
 * The first row of each (phone, account) among the valid rows, and whether
 * that key was already there before this import (`existing`: phone and
 * account of what was there, in the import's scope). Without dedupe every
 * valid row is its own first. Looked up once, before anything is inserted,
 * so neither the insert nor the rejections scan the scope again (after the
 * insert that scan would read every lead just added, only to leave it out).
 */
async function findFirstRows(client: ClientBase, plan: ImportPlan, dedupe: boolean, existing: Existing | null): Promise<void> {
  // Hash a million keys in memory rather than on disk; local to this transaction.
  await client.query(`set local work_mem = '256MB'`);
  // The commit need not wait for its WAL to reach the disk: a server crash in that window loses the whole
  // import, never part of it (its job is left `running`: the retry runs it again, or, the upload already deleted, the tidy-up fails it).
  await client.query(`set local synchronous_commit = off`);
  await client.query(
    `create temporary table import_firsts on commit drop as
     select k.phone, k.account, k.first_row, ${existing ? 'ex.phone is not null' : 'false'} as already, ${existing ? 'ex.id' : 'null::uuid'} as existing_id
     from (select s.phone, ${accountOfRow(plan)} as account, ${dedupe ? 'min(s.row_number)' : 's.row_number'} as first_row
           from ${STAGING_TABLE} s where s.reject_code is null
           ${dedupe ? 'group by 1, 2' : ''}) k
     ${existing ? `left join (${existing.sql}) ex on ex.phone = k.phone and ex.account = k.account` : ''}`,
    existing?.params.values ?? [],
  );
  await client.query(`analyze import_firsts`);
}

/**
 * What was in the import's scope before it: phone, account and the id of one
 * lead or entry holding them (SQL, with its parameters; one row per phone and
 * account), and the message of a row found there.
 */
interface Existing {
  sql: string;
  params: Params;
  message: string;
}

/**
 * Rows that did not become leads or entries: their own problem, a repeat of
 * an earlier row, or already there (`import_firsts.already`).
 */
async function insertRejections(
  client: ClientBase,
  plan: ImportPlan,
  jobId: string,
  existingMessage: string,
  dedupe: boolean,
): Promise<Pick<Counts, 'rejected' | 'duplicates'>> {
  const params = new Params();
  const job = params.add(jobId, 'uuid');
  // Without dedupe each valid row is its own first: it is never a repeat.
  const first = dedupe ? `f.phone = s.phone and f.account = ${accountOfRow(plan)}` : 'f.first_row = s.row_number';
  const sameAs = repeatedRowMessage(plan);
  const { rows } = await client.query<{ rejected: string; duplicates: string }>(
    `with rejected as (
       insert into import_rejections (job_id, row_number, cells, reason_code, message, duplicate_of)
       select ${job}, s.row_number, ${cellsJson(plan)}, coalesce(s.reject_code, 'DUPLICATE'),
         case when s.reject_code is not null then s.reject_message
              when f.first_row <> s.row_number then ${params.add(sameAs, 'text')} || f.first_row
              else ${params.add(existingMessage, 'text')} end,
         -- what the row was found to be already (a repeat of a row that was, too): what an undo must not take away
         case when s.reject_code is null then f.existing_id end
       from ${STAGING_TABLE} s
       left join import_firsts f on ${first}
       where s.reject_code is not null or f.first_row <> s.row_number or f.already
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
function existingLeads(plan: ImportPlan, jobId: string, to: LeadsDestination): Existing | null {
  if (to.dedupeScope === 'none') return null;
  const params = new Params();
  const job = params.add(jobId, 'uuid');
  const scope = leadInScopeSql(to.dedupeScope, 'l', () => params.add(to.scopeListIds, 'uuid[]'));
  return {
    // Any one lead of a key will do (array_agg: min() has no uuid form, and this keeps the hash aggregate).
    sql: `select l.phone, ${leadAccountSql(plan, 'l')} as account, (array_agg(l.id))[1] as id from leads l
      where ${scope} and l.import_id is distinct from ${job} group by 1, 2`,
    params,
    message: EXISTING_LEAD_MESSAGES[to.dedupeScope],
  };
}

export async function finaliseDnc(client: ClientBase, plan: ImportPlan, jobId: string, to: DncDestination): Promise<Counts> {
  const existingParams = new Params();
  const existing: Existing = {
    // One entry per phone: the unique indexes of each scope say so.
    sql: `select d.phone, '' as account, d.id from dnc_entries d
      where d.scope = ${existingParams.add(to.scope, 'text')} and d.campaign_id is not distinct from ${existingParams.add(to.campaignId, 'uuid')}
        and d.product is not distinct from ${existingParams.add(to.product, 'text')}
        and d.import_id is distinct from ${existingParams.add(jobId, 'uuid')}`,
    params: existingParams,
    message: 'already on this do-not-call list',
  };
  await findFirstRows(client, plan, true, existing);
  const params = new Params();
  const job = params.add(jobId, 'uuid');
  const scope = params.add(to.scope, 'text');
  const campaign = params.add(to.campaignId, 'uuid');
  const product = params.add(to.product, 'text');
  // No ON CONFLICT target: it covers every partial unique index (global; campaign + phone; product + phone).
  const { rows } = await client.query<{ accepted: string }>(
    `with inserted as (
       insert into dnc_entries (phone, scope, campaign_id, product, source, import_id, created_by, expires_at)
       select f.phone, ${scope}, ${campaign}, ${product}, ${params.add(to.source, 'text')}, ${job}, ${params.add(to.createdBy, 'uuid')},
              ${params.add(to.expiresAt, 'timestamptz')}
       from import_firsts f
       on conflict do nothing
       returning 1)
     select count(*) as accepted from inserted`,
    params.values,
  );
  const rejections = await insertRejections(client, plan, jobId, existing.message, true);
  const dncFlagged = await flagExistingLeads(client, to);
  return { accepted: Number(rows[0].accepted), dncFlagged, noTimezone: 0, ...rejections };
}

/**
 * Leads already imported, not dialed yet, whose number this DNC list now
 * covers (the one rule of lead blocking, `dncBlocksListSql`, seen from the lead's
 * list and its campaigns): blocked for DNC in the import's transaction, as a
 * lead imported after the list would have been. Every number of the file
 * counts, those already on the list included. Returns how many leads.
 */
async function flagExistingLeads(client: ClientBase, to: DncDestination): Promise<number> {
  const params = new Params();
  const { rows } = await client.query<{ flagged: string }>(
    `with entry as (select ${params.add(to.scope, 'text')} as scope, ${params.add(to.campaignId, 'uuid')} as campaign_id,
                           ${params.add(to.product, 'text')} as product, ${params.add(to.expiresAt, 'timestamptz')} as expires_at),
     flagged as (
       update leads l set status = 'blocked', blocked_reason = 'dnc', updated_at = clock_timestamp()
       from import_firsts f, entry d
       where l.phone = f.phone and ${flaggableLeadSql('l')} and ${dncBlocksListSql('d', 'l.list_id')}
       returning 1)
     select count(*) as flagged from flagged`,
    params.values,
  );
  return Number(rows[0].flagged);
}

export interface ConsentsDestination {
  target: 'consents';
  /** Null: the consents cover every campaign. */
  campaignId: string | null;
  createdBy: string | null;
}

/**
 * A consent list's valid rows become consent records (fields checked and
 * normalised when staged, in `extra`), tagged with the import so undoing it
 * removes them. The ledger keeps every record, several per number; a row
 * repeating an earlier row, or a consent already held (same number, type,
 * grant time, source and campaign), is a duplicate.
 */
export async function finaliseConsents(client: ClientBase, plan: ImportPlan, jobId: string, to: ConsentsDestination): Promise<Counts> {
  await findFirstRows(client, plan, false, null);
  const params = new Params();
  const campaign = params.add(to.campaignId, 'uuid');
  await client.query(
    `create temporary table consent_rows on commit drop as
     select s.row_number, s.phone, s.extra->>'consentType' as type, (s.extra->>'grantedAt')::timestamptz as granted_at,
            s.extra->>'consentSource' as source, nullif(s.extra->>'evidence', '') as evidence,
            min(s.row_number) over (partition by s.phone, s.extra->>'consentType', s.extra->>'grantedAt', s.extra->>'consentSource') as first_row,
            exists (select 1 from consents c where c.phone = s.phone and c.type = s.extra->>'consentType'
                      and c.granted_at = (s.extra->>'grantedAt')::timestamptz and c.source = s.extra->>'consentSource'
                      and c.campaign_id is not distinct from ${campaign}) as held
     from ${STAGING_TABLE} s where s.reject_code is null`,
    params.values,
  );
  const insert = new Params();
  const { rows } = await client.query<{ accepted: string }>(
    `with inserted as (
       insert into consents (phone, type, granted_at, source, evidence, campaign_id, created_by, import_id)
       select r.phone, r.type, r.granted_at, r.source, r.evidence, ${insert.add(to.campaignId, 'uuid')}, ${insert.add(to.createdBy, 'uuid')}, ${insert.add(jobId, 'uuid')}
       from consent_rows r where r.row_number = r.first_row and not r.held
       returning 1)
     select count(*) as accepted from inserted`,
    insert.values,
  );
  // Without dedupe no row is "already there": only the rows' own problems (consent repeats are counted below).
  const rejections = await insertRejections(client, plan, jobId, '', false);
  const repeats = new Params();
  const { rows: duplicates } = await client.query<{ duplicates: string }>(
    `with repeated as (
       insert into import_rejections (job_id, row_number, cells, reason_code, message)
       select ${repeats.add(jobId, 'uuid')}, s.row_number, ${cellsJson(plan)}, 'DUPLICATE',
              case when r.row_number <> r.first_row then ${repeats.add('same consent as row ', 'text')} || r.first_row
                   else ${repeats.add('this consent is already recorded', 'text')} end
       from consent_rows r join ${STAGING_TABLE} s on s.row_number = r.row_number
       where r.row_number <> r.first_row or r.held
       on conflict (job_id, row_number) do nothing
       returning 1)
     select count(*) as duplicates from repeated`,
    repeats.values,
  );
  return { accepted: Number(rows[0].accepted), dncFlagged: 0, noTimezone: 0, rejected: rejections.rejected, duplicates: rejections.duplicates + Number(duplicates[0].duplicates) };
}

/**
 * A lead import finalised batch by batch while the file is still being read
 * (ImportRunner stages a batch, hands it here, and parses the next one while
 * PostgreSQL inserts this one), all inside the one transaction that holds the
 * dedupe locks from the first row: nothing is visible until it commits, and
 * the outcome is the one the whole file finalised at once would have (as
 * `finaliseDnc` does: same keys, first rows, messages and counts).
 *
 * What the dedupe compares against is read once (`import_existing`: the
 * scope's keys before this import, one lead id each). Batches come in file
 * order, so a key's first row is the first one `import_firsts` records; the
 * keys a batch adds for the first time are its leads (`batch_firsts`).
 */
export class LeadBatchFinaliser {
  private readonly counts: Counts = { accepted: 0, rejected: 0, duplicates: 0, dncFlagged: 0, noTimezone: 0 };
  private readonly dedupe: boolean;
  private readonly existingMessage: string;

  constructor(
    private readonly client: ClientBase,
    private readonly plan: ImportPlan,
    private readonly jobId: string,
    private readonly to: LeadsDestination,
  ) {
    this.dedupe = to.dedupeScope !== 'none';
    this.existingMessage = EXISTING_LEAD_MESSAGES[to.dedupeScope];
  }

  /** Once, in the transaction, before the first batch. */
  async start(): Promise<void> {
    const { client } = this;
    // Hash what the batches join in memory rather than on disk; local to this transaction.
    await client.query(`set local work_mem = '256MB'`);
    // The staging tables are never analyzed, so estimates run high: compiling each batch's statements cost more than it won.
    await client.query(`set local jit = off`);
    // As in findFirstRows: a server crash before the WAL reaches the disk loses the whole import, never part of it.
    await client.query(`set local synchronous_commit = off`);
    await client.query(`create temporary table batch_firsts (first_row int not null, existing_id uuid) on commit drop`);
    if (!this.dedupe) return;
    const existing = existingLeads(this.plan, this.jobId, this.to)!;
    await client.query(`create temporary table import_existing on commit drop as ${existing.sql}`, existing.params.values);
    // Large when the scope holds years of leads: batches then look keys up rather than hash the whole scope each time.
    await client.query(`create index on import_existing (phone)`);
    await client.query(`analyze import_existing`);
    await client.query(
      `create temporary table import_firsts (phone text not null, account text not null, first_row int not null, existing_id uuid) on commit drop`,
    );
    await client.query(`create unique index on import_firsts (phone, account)`);
  }

  /** The rows staged since the last batch (the staging table holds only them): leads and rejections, then the table emptied. */
  async batch(): Promise<void> {
    const { client, plan } = this;
    await client.query(`truncate batch_firsts`);
    if (this.dedupe) {
      // A key an earlier batch recorded keeps its (earlier) first row: its rows here are repeats. Looked up rather
      // than left to ON CONFLICT: the keys are distinct (grouped) and the table is this session's alone, and a
      // speculative insertion per key took twice as long.
      await client.query(
        `with keys as (
           select s.phone, ${accountOfRow(plan)} as account, min(s.row_number) as first_row
           from ${STAGING_TABLE} s where s.reject_code is null group by 1, 2),
         added as (
           insert into import_firsts (phone, account, first_row, existing_id)
           select k.phone, k.account, k.first_row, ex.id
           from keys k left join import_existing ex on ex.phone = k.phone and ex.account = k.account
           where not exists (select 1 from import_firsts g where g.phone = k.phone and g.account = k.account)
           returning first_row, existing_id)
         insert into batch_firsts select first_row, existing_id from added`,
      );
    } else {
      await client.query(`insert into batch_firsts select s.row_number, null from ${STAGING_TABLE} s where s.reject_code is null`);
    }
    await this.insertLeads();
    await this.insertRejections();
    await client.query(`truncate ${STAGING_TABLE}`);
  }

  /** After the last batch: what the import did. */
  result(): Counts {
    return { ...this.counts };
  }

  private async insertLeads(): Promise<void> {
    const { plan, to } = this;
    const params = new Params();
    const job = params.add(this.jobId, 'uuid');
    const text = Object.entries(TEXT_COLUMNS).filter(([field]) => plan.fields[field as LeadField] !== undefined);
    const blockedReason = blockedReasonSql('dnc.listed', 's.timezone_candidates');
    // Looked up per number (dnc_entries_phone_index) or hashed, as the planner sees fit for the DNC list's size;
    // once per row (`offset 0` keeps the lateral from being folded into the two expressions that read it).
    const listed = `exists (select 1 from dnc_entries d where d.phone = s.phone and ${dncBlocksListSql('d', params.add(to.listId, 'uuid'))})`;
    const { rows } = await this.client.query<{ accepted: string; dnc: string; no_timezone: string }>(
      `with inserted as (
         insert into leads (id, list_id, phone, phone_type, phone_extension, alt_phones, alt_phone_types, country,
           timezone, timezone_source, timezone_candidates, custom_fields, status, blocked_reason,
           import_id, import_row${text.map(([, column]) => `, ${column}`).join('')})
         select ${orderedIdSql(params)}, ${params.add(to.listId, 'uuid')}, s.phone, s.phone_type, s.phone_extension, s.alt_phones, s.alt_phone_types,
           s.country, s.timezone, s.timezone_source, s.timezone_candidates, ${customFieldsSql(plan, params)},
           case when ${blockedReason} is not null then 'blocked' else 'new' end, ${blockedReason},
           ${job}, s.row_number${text.map(([field]) => `, ${cell(plan.fields[field as LeadField]!)}`).join('')}
         from ${STAGING_TABLE} s
         join batch_firsts f on f.first_row = s.row_number
         cross join lateral (select ${listed} as listed offset 0) dnc
         where s.reject_code is null and f.existing_id is null
         on conflict (import_id, import_row) do nothing
         returning blocked_reason, ${hasNoTimezoneSql('timezone_candidates')} as no_timezone)
       select count(*) as accepted,
              count(*) filter (where blocked_reason = 'dnc') as dnc,
              count(*) filter (where no_timezone) as no_timezone
       from inserted`,
      params.values,
    );
    this.counts.accepted += Number(rows[0].accepted);
    this.counts.dncFlagged += Number(rows[0].dnc);
    this.counts.noTimezone += Number(rows[0].no_timezone);
  }

  /** Rows with their own problem, repeats of an earlier row (of this batch or one before), rows already in the scope. */
  private async insertRejections(): Promise<void> {
    const { plan } = this;
    const params = new Params();
    const job = params.add(this.jobId, 'uuid');
    const existingMessage = params.add(this.existingMessage, 'text');
    // A repeat's key was recorded by its first row: looked up by key (the unique index), for repeats only. `offset 0`
    // keeps it a lookup per row: folded into a join, it hashed every key of the import so far, batch after batch.
    const repeat = this.dedupe
      ? `left join lateral (select g.first_row, g.existing_id from import_firsts g
           where s.reject_code is null and f.first_row is null and g.phone = s.phone and g.account = ${accountOfRow(plan)} offset 0) r on true`
      : `left join (select null::int as first_row, null::uuid as existing_id) r on true`;
    const { rows } = await this.client.query<{ rejected: string; duplicates: string }>(
      `with rejected as (
         insert into import_rejections (job_id, row_number, cells, reason_code, message, duplicate_of)
         select ${job}, s.row_number, ${cellsJson(plan)}, coalesce(s.reject_code, 'DUPLICATE'),
           case when s.reject_code is not null then s.reject_message
                when f.first_row is null then ${params.add(repeatedRowMessage(plan), 'text')} || r.first_row
                else ${existingMessage} end,
           case when s.reject_code is null then coalesce(f.existing_id, r.existing_id) end
         from ${STAGING_TABLE} s
         left join batch_firsts f on f.first_row = s.row_number
         ${repeat}
         where s.reject_code is not null or f.first_row is null or f.existing_id is not null
         on conflict (job_id, row_number) do nothing
         returning reason_code)
       select count(*) filter (where reason_code <> 'DUPLICATE') as rejected,
              count(*) filter (where reason_code = 'DUPLICATE') as duplicates
       from rejected`,
      params.values,
    );
    this.counts.rejected += Number(rows[0].rejected);
    this.counts.duplicates += Number(rows[0].duplicates);
  }
}
