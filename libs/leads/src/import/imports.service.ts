import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CountryCode } from 'libphonenumber-js/core';
import { rm } from 'node:fs/promises';
import { CLOCK, Clock, CSV_UTF8_BOM, formatCsvRow, NotFoundError, ValidationFailedError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { pgArrayLiteral } from '@dialer/db';
import { DncScope, DncService, dncBlocksListSql } from '@dialer/compliance';
import { EMPTY_IMPORT_COUNTS, ImportCounts, ImportJob, ImportOptions, ImportTarget } from '../entities/import-job.entity';
import { DedupeScope, LeadList } from '../entities/lead-list.entity';
import { ImportFileError, ImportNotUndoableError } from '../import.errors';
import { ConsentColumns, findConsentColumns } from '../normalise/consent-row';
import { LeadListsService } from '../lead-lists.service';
import { ERASED } from '../lead-records.repository';
import { ColumnMapping, phoneColumnsOf, suggestMapping } from '../mapping/header-mapping';
import { chooseMapping, mapsPhone, noPhoneColumn, resolveMapping } from '../mapping/mapping-resolution';
import { isKnownCountry, unknownCountryField } from '../normalise/phone-normaliser';
import { createImportPlan, ImportPlan, Rejection, RejectionParams } from '../normalise/row-normaliser';
import type { BrokenQuoteReason, RecordProblem } from '../parsing/csv-record-reader';
import { CsvLayout, PreviewWarning, SNIFF_BYTES, sniffCsv, SniffedCsv } from '../parsing/csv-sniffer';
import { withReplacementCharacters } from '../parsing/strict-decoder';
import { FileSample, readFileSample } from './file-sample';
import {
  blockedReasonOf,
  dedupeKey,
  EXISTING_LEAD_MESSAGES,
  hasNoTimezone,
  leadAccountSql,
  leadInScopeSql,
  repeatedRowMessage,
  rowAccount,
  unflagLeadsSql,
} from './import-rules';
import { DNC_DEDUPE_LOCKS, DedupeLocks, dedupeLockStatements, listLeadsLocks } from './dedupe-locks';
import { settleRow } from './import-staging';
import { stageRecord } from './staged-record';
import { ImportView, toImportView } from './import-view';
import { REPORT_HEADER, ReportLanguage, reportColumns } from './rejection-report';

export interface UploadedFile {
  path: string;
  fileName: string;
  size: number;
}

export interface ImportRequest {
  encoding?: string;
  mapping?: Record<string, string>;
}

export interface ConsentImportRequest extends ImportRequest {
  /** The country of numbers written in national format. */
  country: string;
  /** The campaign the consents are for; none: every campaign. */
  campaignId?: string;
}

export interface DncImportRequest extends ImportRequest {
  /** The country of numbers written in national format. */
  country: string;
  scope: DncScope;
  campaignId?: string;
  /** For scope product: every campaign selling it. */
  product?: string;
  /** `registry` for a national registry extract. */
  source?: 'import' | 'registry';
  /** The date of the registry copy (`YYYY-MM-DD`), for a registry extract. */
  registryDate?: string;
  /** When the entries lapse (ISO instant). */
  expiresAt?: string;
}

/** A note on one previewed row: a stable `code` and its figures for a client to word, and the same in English. */
export interface PreviewNote {
  code: 'EXTENSION_KEPT';
  message: string;
  params: { extension: string };
}

/**
 * A previewed row's rejection, with the figures a client words it by: a
 * broken quote's column and reason; a duplicate's earlier row of the file
 * (`row`), or the scope it is already a lead in (`scope`).
 */
export interface PreviewRejection extends Rejection {
  params?: RejectionParams & { column?: number; reason?: BrokenQuoteReason; row?: number; scope?: DedupeScope };
}

/** A rejection with the broken quote's figures, when the reader's problem is what rejected the row. */
const withProblem = (rejection: Rejection | undefined, problem: RecordProblem | undefined): PreviewRejection | undefined =>
  rejection?.code === 'BROKEN_QUOTE' && problem?.code === 'BROKEN_QUOTE' ? { ...rejection, params: { column: problem.column, reason: problem.reason } } : rejection;

export interface PreviewRow {
  row: number;
  cells: string[];
  /**
   * What the row would become: a lead (maybe blocked), a DNC entry or consent
   * (`entry`), or a rejection; `unmapped`: not read, no column is mapped to phone yet (`problems`).
   */
  outcome: 'lead' | 'entry' | 'rejected' | 'unmapped';
  rejection?: PreviewRejection;
  /** What the import does with the row that the uploader should know, e.g. an extension kept apart. */
  notes?: PreviewNote[];
  /** A DNC or consent row: the number it would hold. */
  entry?: { phone: string; phoneType: string };
  lead?: {
    phone: string;
    phoneType: string;
    /** The extension written after the number, kept in the lead's phone_extension (E.164 cannot hold it). */
    phoneExtension: string | null;
    altPhones: string[];
    country: string | null;
    timezone: string | null;
    timezoneCandidates: readonly string[];
    timezoneSource: string | null;
    status: 'new' | 'blocked';
    blockedReason: 'dnc' | 'no_timezone' | null;
  };
}

export interface ImportPreview extends Omit<CsvLayout, 'header'> {
  header: string[];
  suggestedMapping: ColumnMapping;
  mapping: ColumnMapping;
  rows: PreviewRow[];
  /** The previewed rows counted as the import counts them (`rowsRead`: the rows previewed). */
  counts: ImportCounts;
  /** Quoting in the sample that looks wrong (read leniently, or a row rejected for it): a code, its figures, in English. */
  warnings: PreviewWarning[];
  /**
   * What the import would refuse the file for with this mapping (422), to be
   * fixed on the preview: NO_PHONE_COLUMN, no column mapped to phone (its
   * params name the columns). Its rows are then `unmapped`, its counts only rowsRead.
   */
  problems: PreviewProblem[];
}

/** Why the import would refuse the file as previewed: a code, its figures, in English. */
export type PreviewProblem = ReturnType<typeof noPhoneColumn>;

/**
 * A preview whose mapping gives no phone column: the file's columns and first
 * rows as read, for the uploader to choose the phone column from, and the problem.
 */
function unmappedPreview(layout: CsvLayout, sniffed: SniffedCsv, suggestedMapping: ColumnMapping, mapping: ColumnMapping): ImportPreview {
  const rows = sniffed.records
    .slice(0, PREVIEW_ROWS)
    .map(({ row, cells }): PreviewRow => ({ row, cells: cells.map(withReplacementCharacters), outcome: 'unmapped' }));
  return {
    ...layout,
    suggestedMapping,
    mapping,
    rows,
    counts: { ...EMPTY_IMPORT_COUNTS, rowsRead: rows.length },
    warnings: sniffed.warnings,
    problems: [noPhoneColumn(layout.columns)],
  };
}

export const PREVIEW_ROWS = 20;

const extensionNote = (extension: string): PreviewNote => ({
  code: 'EXTENSION_KEPT',
  message: `the extension ${extension} is kept in the lead's phone_extension, apart from the number dialed`,
  params: { extension },
});
const REJECTIONS_PAGE = 2_000;

/** How long an undo waits for an import that holds its list's dedupe locks before saying so. */
const UNDO_LOCK_WAIT_MS = 2_000;
/** PostgreSQL's lock_not_available: lock_timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Lead and DNC imports as the api sees them: accept an upload, report on it, undo it. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly lists: LeadListsService,
    private readonly dnc: DncService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The first rows of a file as they would be stored, with the errors they
   * would get: the import's own rules (import-rules.ts, import-staging.ts),
   * run over the sample instead of the staging table.
   */
  async preview(listId: string, sample: FileSample, request: ImportRequest): Promise<ImportPreview> {
    const list = await this.lists.get(listId);
    const sniffed = sniffCsv(sample.bytes, sample.complete, { encoding: request.encoding });
    const { layout } = sniffed;
    const firstRecord = this.firstRecordIfHeaderless(sniffed);
    const mapping = chooseMapping(layout.columns, request.mapping, firstRecord);
    const suggestedMapping = suggestMapping(layout.columns, firstRecord);
    if (!mapsPhone(mapping)) return unmappedPreview(layout, sniffed, suggestedMapping, mapping);
    const plan = createImportPlan(layout.columns, mapping, list.defaultCountry as CountryCode, 'leads');
    const sampled = sniffed.records.slice(0, PREVIEW_ROWS);
    const problems = new Map(sampled.map(({ row, problem }) => [row, problem]));
    const staged = sampled.map(({ row, cells, problem, quoteNote }) => settleRow(stageRecord(plan, row, cells, problem, quoteNote), layout.encoding));

    const phones = [...new Set(staged.flatMap((s) => (s.phone && !s.rejection ? [s.phone.e164] : [])))];
    const blocked = await this.dnc.blockingList(phones, list.id);
    const existing = await this.existingKeys(list, plan, phones);
    const seen = new Map<string, number>();
    const scope: DedupeScope = list.dedupeScope;
    const counts: ImportCounts = { ...EMPTY_IMPORT_COUNTS, rowsRead: staged.length };
    const rows = staged.map((s): PreviewRow => {
      const cells = s.cells.map(withReplacementCharacters);
      if (s.rejection || !s.phone) {
        counts.rejected++;
        return { row: s.row, cells, outcome: 'rejected', rejection: withProblem(s.rejection, problems.get(s.row)) };
      }
      if (scope !== 'none') {
        // As the import: the first row of a key is compared with the existing leads, later ones name it.
        const key = dedupeKey(s.phone.e164, rowAccount(plan, s.cells));
        const first = seen.get(key);
        if (first === undefined) seen.set(key, s.row);
        const message = first !== undefined ? `${repeatedRowMessage(plan)}${first}` : existing.has(key) ? EXISTING_LEAD_MESSAGES[scope] : null;
        if (message) {
          counts.duplicates++;
          return { row: s.row, cells, outcome: 'rejected', rejection: { code: 'DUPLICATE', message, params: first !== undefined ? { row: first } : { scope } } };
        }
      }
      const zone = s.timezone!;
      const blockedReason = blockedReasonOf(blocked.has(s.phone.e164), zone.candidates);
      counts.accepted++;
      if (blockedReason === 'dnc') counts.dncFlagged++;
      if (hasNoTimezone(zone.candidates)) counts.noTimezone++;
      const extension = s.phone.extension ?? null;
      return {
        row: s.row,
        cells,
        outcome: 'lead',
        ...(extension ? { notes: [extensionNote(extension)] } : {}),
        lead: {
          phone: s.phone.e164,
          phoneType: s.phone.type,
          phoneExtension: extension,
          altPhones: s.altPhones.map((p) => p.e164),
          country: s.phone.country ?? null,
          timezone: zone.timezone,
          timezoneCandidates: zone.candidates,
          timezoneSource: zone.source,
          status: blockedReason ? 'blocked' : 'new',
          blockedReason,
        },
      };
    });
    return { ...layout, suggestedMapping, mapping, rows, counts, warnings: sniffed.warnings, problems: [] };
  }

  /** Checks an uploaded lead file and queues its import (the caller enqueues the job). */
  async createLeadImport(listId: string, file: UploadedFile, request: ImportRequest, actor: Actor): Promise<ImportJob> {
    const list = await this.lists.get(listId);
    return this.createImport('leads', list, file, request, {}, actor);
  }

  /** Checks an uploaded do-not-call file (a registry extract is just numbers) and queues its import. */
  async createDncImport(file: UploadedFile, request: DncImportRequest, actor: Actor): Promise<ImportJob> {
    const country = request.country.toUpperCase();
    if (!isKnownCountry(country)) throw new ValidationFailedError([unknownCountryField('country', request.country)]);
    if ((request.scope === 'campaign') !== (request.campaignId !== undefined)) {
      throw new ValidationFailedError([{ field: 'campaignId', messages: ['give a campaignId exactly when scope is campaign'] }]);
    }
    if ((request.scope === 'product') !== (request.product !== undefined)) {
      throw new ValidationFailedError([{ field: 'product', messages: ['give a product exactly when scope is product'] }]);
    }
    if (request.registryDate !== undefined && request.source !== 'registry') {
      throw new ValidationFailedError([{ field: 'registryDate', messages: ['only a registry extract (source registry) has a registry date'] }]);
    }
    if (request.campaignId) {
      const found = await this.em.execute(`select 1 from campaigns where id = ?`, [request.campaignId]);
      if (found.length === 0) throw new NotFoundError('Campaign', request.campaignId);
    }
    const dnc: ImportOptions['dnc'] = {
      defaultCountry: country,
      scope: request.scope,
      campaignId: request.campaignId,
      product: request.product,
      source: request.source ?? 'import',
      registryDate: request.registryDate,
      expiresAt: request.expiresAt,
    };
    return this.createImport('dnc', undefined, file, request, { dnc }, actor);
  }

  /**
   * A consent list (phone, type, granted at, source, evidence) through the
   * same pipeline: each row checked, rejections reported, the valid rows
   * recorded as consents in one transaction, undoable.
   */
  async createConsentImport(file: UploadedFile, request: ConsentImportRequest, actor: Actor): Promise<ImportJob> {
    const country = request.country.toUpperCase();
    if (!isKnownCountry(country)) throw new ValidationFailedError([unknownCountryField('country', request.country)]);
    if (request.campaignId) {
      const found = await this.em.execute(`select 1 from campaigns where id = ?`, [request.campaignId]);
      if (found.length === 0) throw new NotFoundError('Campaign', request.campaignId);
    }
    return this.createImport('consents', undefined, file, request, { consents: { defaultCountry: country, campaignId: request.campaignId } }, actor);
  }

  private async createImport(
    target: ImportTarget,
    list: LeadList | undefined,
    file: UploadedFile,
    request: ImportRequest,
    options: Omit<ImportOptions, 'hasHeader'>,
    actor: Actor,
  ): Promise<ImportJob> {
    const sample = await readFileSample(file.path, SNIFF_BYTES);
    const sniffed = sniffCsv(sample.bytes, sample.complete, { encoding: request.encoding });
    const { layout } = sniffed;
    const mapping = resolveMapping(layout.columns, request.mapping, this.firstRecordIfHeaderless(sniffed));
    if (target === 'consents') consentColumnsOf(layout.columns);
    const job = this.em.create(ImportJob, {
      list,
      target,
      fileName: file.fileName,
      filePath: file.path,
      fileSize: file.size,
      encoding: layout.encoding,
      delimiter: layout.delimiter,
      columns: layout.columns,
      mapping,
      options: {
        hasHeader: layout.hasHeader,
        ...(layout.encodingSource === 'ascii' && { encodingUndecided: true }),
        ...(sniffed.sepLine && { sepLine: true }),
        ...options,
      },
      createdBy: actor.id ?? undefined,
    });
    this.audit.record(actor, {
      action: 'import.created',
      entityType: 'import_job',
      entityId: job.id,
      data: { target, listId: list?.id, fileName: file.fileName, fileSize: file.size, encoding: layout.encoding, mapping, ...options },
    });
    await this.em.flush();
    return job;
  }

  /**
   * The first rows of a DNC or consent file as its import reads them: the
   * number each row would hold (and a consent's cells) checked by the
   * import's own rules, or the rejection it would get. Whether a number is
   * already listed is the import's to count (duplicates), not the preview's.
   */
  async previewEntries(target: 'dnc' | 'consents', sample: FileSample, request: ImportRequest & { country: string }): Promise<ImportPreview> {
    const country = request.country.toUpperCase();
    if (!isKnownCountry(country)) throw new ValidationFailedError([unknownCountryField('country', request.country)]);
    const sniffed = sniffCsv(sample.bytes, sample.complete, { encoding: request.encoding });
    const { layout } = sniffed;
    const firstRecord = this.firstRecordIfHeaderless(sniffed);
    const mapping = chooseMapping(layout.columns, request.mapping, firstRecord);
    const suggestedMapping = suggestMapping(layout.columns, firstRecord);
    // Found by name, whatever the mapping: a consent list without them is refused before any column is chosen.
    const consentColumns = target === 'consents' ? consentColumnsOf(layout.columns) : undefined;
    if (!mapsPhone(mapping)) return unmappedPreview(layout, sniffed, suggestedMapping, mapping);
    // As the import runs them: only the number columns of the mapping count, a consent's other cells are found by name.
    const plan = createImportPlan(layout.columns, phoneColumnsOf(mapping), country as CountryCode, target);
    if (consentColumns) plan.consent = { ...consentColumns, notAfter: this.clock.now() };
    const counts: ImportCounts = { ...EMPTY_IMPORT_COUNTS };
    const rows = sniffed.records.slice(0, PREVIEW_ROWS).map(({ row, cells, problem, quoteNote }): PreviewRow => {
      const staged = settleRow(stageRecord(plan, row, cells, problem, quoteNote), layout.encoding);
      const shown = staged.cells.map(withReplacementCharacters);
      counts.rowsRead++;
      if (staged.rejection || !staged.phone) {
        counts.rejected++;
        return { row: staged.row, cells: shown, outcome: 'rejected', rejection: withProblem(staged.rejection, problem) };
      }
      counts.accepted++;
      return { row: staged.row, cells: shown, outcome: 'entry', entry: { phone: staged.phone.e164, phoneType: staged.phone.type } };
    });
    return { ...layout, suggestedMapping, mapping, rows, counts, warnings: sniffed.warnings, problems: [] };
  }

  private firstRecordIfHeaderless(sniffed: SniffedCsv): string[] | undefined {
    return sniffed.layout.hasHeader ? undefined : sniffed.records[0]?.cells;
  }

  /** Dedupe keys (import-rules.ts) of the leads with these numbers in the list's dedupe scope. */
  private async existingKeys(list: LeadList, plan: ImportPlan, phones: string[]): Promise<Set<string>> {
    if (list.dedupeScope === 'none' || phones.length === 0) return new Set();
    const scopeListIds = await this.lists.scopeListIds(list);
    const params: unknown[] = [pgArrayLiteral(phones)];
    const scope = leadInScopeSql(list.dedupeScope, 'l', () => {
      params.push(pgArrayLiteral(scopeListIds));
      return '?::uuid[]';
    });
    const rows = await this.em.execute<{ phone: string; account: string }[]>(
      `select distinct l.phone, ${leadAccountSql(plan, 'l')} as account from leads l where l.phone = any(?::text[]) and ${scope}`,
      params,
    );
    return new Set(rows.map((row) => dedupeKey(row.phone, row.account)));
  }

  /** An import that could not be queued: forget it and its file. */
  async abandon(job: ImportJob): Promise<void> {
    await this.em.nativeDelete(ImportJob, { id: job.id });
    await rm(job.filePath, { force: true });
  }

  async get(id: string): Promise<ImportJob> {
    const job = await this.em.findOne(ImportJob, { id });
    if (!job) throw new NotFoundError('Import', id);
    return job;
  }

  /** A list's imports, newest first. */
  async ofList(listId: string): Promise<ImportJob[]> {
    return this.em.find(ImportJob, { list: listId }, { orderBy: { createdAt: 'desc' } });
  }

  view(job: ImportJob): ImportView {
    return toImportView(job, this.clock.now());
  }

  /**
   * The rejection report, streamed from the database a page at a time: row,
   * reason code, message, then the original cells under the file's column
   * names; in Japanese, its header in Japanese and the reason in Japanese
   * beside the English message (rejection-report.ts).
   */
  async *rejectionsCsv(job: ImportJob, language: ReportLanguage = 'en'): AsyncGenerator<string> {
    yield CSV_UTF8_BOM + formatCsvRow([...REPORT_HEADER[language], ...(job.columns ?? [])]);
    let after = -1;
    for (;;) {
      const page = await this.em.execute<{ row_number: number; reason_code: string; message: string; cells: string[] }[]>(
        `select row_number, reason_code, message, cells from import_rejections
         where job_id = ? and row_number > ? order by row_number limit ?`,
        [job.id, after, REJECTIONS_PAGE],
      );
      if (page.length === 0) return;
      yield page.map((r) => formatCsvRow([...reportColumns(language, r.row_number, r.reason_code, r.message), ...r.cells])).join('');
      after = page[page.length - 1].row_number;
    }
  }

  /**
   * Removes what an import added, provided none of its leads has been
   * dialed: checked row by row as they are deleted, so a lead the dialer
   * picks up meanwhile makes the whole undo fail rather than vanish mid-call.
   * A lead erased at the person's request, never dialed, is removed with the
   * rest (the refusal used to call it "dialed already").
   */
  async undo(id: string, actor: Actor): Promise<{ job: ImportJob; removed: number; leadsUnflagged: number }> {
    return this.em.transactional(async (em) => {
      const job = await em.findOne(ImportJob, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!job) throw new NotFoundError('Import', id);
      if (job.state !== 'completed') {
        throw new ImportNotUndoableError(`Only a completed import can be undone; this one is ${job.state}`, { state: job.state });
      }
      // Never interleaved with a finalisation whose dedupe reads these rows (dedupe-locks.ts); a DNC or a
      // consent list has no lead list, and takes the lock its finalisation took.
      const locks = job.target === 'leads' ? listLeadsLocks(job.list!.id) : DNC_DEDUPE_LOCKS;
      await this.takeUndoLocks(em, locks);
      await this.refuseIfVouchedFor(em, job);
      let removed: number;
      let erased = 0;
      let leadsUnflagged = 0;
      if (job.target === 'dnc') {
        ({ removed, leadsUnflagged } = await this.removeDncEntries(em, id));
      } else if (job.target === 'consents') {
        removed = (await em.execute<{ id: string }[]>(`delete from consents where import_id = ? returning id`, [id])).length;
      } else {
        // A lead erased at the person's request (closed, its personal fields gone) but never dialed goes too: undoing
        // the import removes its number as well, which erases more, not less; the erasure's record is its audit entry.
        const [deleted] = await em.execute<{ count: string; erased: string }[]>(
          `with deleted as (
             delete from leads where import_id = ? and (status in ('new', 'blocked') or skip_code = '${ERASED}') and attempt_count = 0
               and last_attempt_at is null and not exists (select 1 from call_attempts a where a.lead_id = leads.id)
             returning skip_code)
           select count(*), count(*) filter (where skip_code = '${ERASED}') as erased from deleted`,
          [id],
        );
        removed = Number(deleted.count);
        erased = Number(deleted.erased);
        const [kept] = await em.execute<{ dialed: string; busy: string }[]>(
          `select count(*) filter (where attempt_count > 0 or last_attempt_at is not null
                                     or exists (select 1 from call_attempts a where a.lead_id = l.id)) as dialed,
                  count(*) filter (where attempt_count = 0 and last_attempt_at is null
                                     and not exists (select 1 from call_attempts a where a.lead_id = l.id)) as busy
             from leads l where l.import_id = ?`,
          [id],
        );
        const dialed = Number(kept.dialed);
        const busy = Number(kept.busy); // never dialed, yet taken by the dialer (dialing) or closed by it: say so, not "dialed"
        if (dialed + busy > 0) {
          const why = [
            ...(dialed > 0 ? [`${dialed} lead(s) of this import have been dialed already`] : []),
            ...(busy > 0 ? [`${busy} lead(s) of this import are being dialed or were closed by the dialer`] : []),
          ];
          throw new ImportNotUndoableError(`${why.join(' and ')}; nothing was removed`, { dialed, busy });
        }
      }
      job.state = 'undone';
      this.audit.record(actor, { action: 'import.undone', entityType: 'import_job', entityId: id, data: { removed, leadsUnflagged, ...(erased > 0 ? { erasedRemoved: erased } : {}) } }, em);
      return { job, removed, leadsUnflagged };
    });
  }

  /**
   * The undo's dedupe locks, waited for briefly: an import holds them from its
   * first row to its commit (a million rows take a minute), and a request held
   * that long looks hung and meets proxies' timeouts. The undo is refused
   * instead (409 `IMPORT_RUNNING`), to be tried again once that import ends.
   */
  private async takeUndoLocks(em: EntityManager, locks: DedupeLocks): Promise<void> {
    await em.execute(`set local lock_timeout = '${UNDO_LOCK_WAIT_MS}ms'`);
    try {
      for (const { sql, params } of dedupeLockStatements(locks, '?')) await em.execute(sql, params);
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      throw new ImportNotUndoableError('An import is being finalised into this list (or a list its dedupe reads); undo this one once it has finished; nothing was removed', {
        reason: 'IMPORT_RUNNING',
      });
    }
    await em.execute(`set local lock_timeout = default`);
  }

  /**
   * A later import that found this one's leads (or DNC entries) already there
   * rejected those rows as duplicates, and holds none of them itself: removing
   * them would lose rows that import says the list has. So the undo is refused
   * (409) naming those imports, to be undone first; it becomes possible once
   * they are. Run under the undo's dedupe locks: no finalisation adds to them meanwhile.
   */
  private async refuseIfVouchedFor(em: EntityManager, job: ImportJob): Promise<void> {
    if (job.target === 'consents') return; // a consent import dedupes against nothing
    const table = job.target === 'dnc' ? 'dnc_entries' : 'leads';
    const vouching = await em.execute<{ id: string; created_at: Date; rows: string }[]>(
      `select j.id, j.created_at, count(*) as rows
       from import_rejections r join import_jobs j on j.id = r.job_id
       where r.duplicate_of in (select id from ${table} where import_id = ?) and j.id <> ? and j.state = 'completed'
       group by j.id, j.created_at order by j.created_at, j.id`,
      [job.id, job.id],
    );
    if (vouching.length === 0) return;
    const rows = vouching.reduce((sum, v) => sum + Number(v.rows), 0);
    const what = job.target === 'dnc' ? 'numbers this import added to the do-not-call list' : 'leads this import added';
    const ids = vouching.map((v) => v.id);
    throw new ImportNotUndoableError(
      `${rows} row(s) of ${ids.length === 1 ? `import ${ids[0]}` : `imports ${ids.join(', ')}`} were rejected as duplicates of ${what}: ` +
        `undoing it would remove them from both. Undo ${ids.length === 1 ? 'that import' : 'those imports'} first; nothing was removed`,
      { reason: 'KEPT_BY_LATER_IMPORT', imports: vouching.map((v) => ({ id: v.id, createdAt: v.created_at, rows: Number(v.rows) })) },
    );
  }

  /**
   * Deletes a DNC import's entries, then unblocks the never-dialed leads
   * blocked for DNC that no remaining entry covers: those this import
   * flagged (when it was loaded, or when they were imported after it), and
   * any whose only justification was one of its numbers. Leads do not record
   * which entry blocked them, so "no entry covers it any more" is the test.
   */
  private async removeDncEntries(em: EntityManager, importId: string): Promise<{ removed: number; leadsUnflagged: number }> {
    await em.execute(`create temporary table undone_dnc_phones (phone text not null) on commit drop`);
    await em.execute(
      `with removed as (delete from dnc_entries where import_id = ? returning phone) insert into undone_dnc_phones select phone from removed`,
      [importId],
    );
    const [{ count: removed }] = await em.execute<{ count: string }[]>(`select count(*) from undone_dnc_phones`);
    await em.execute(`analyze undone_dnc_phones`);
    const { set, where } = unflagLeadsSql('l', dncBlocksListSql('d', 'l.list_id'));
    const [{ count: unflagged }] = await em.execute<{ count: string }[]>(
      `with unflagged as (
         update leads l set ${set} where l.phone in (select phone from undone_dnc_phones) and ${where} returning 1)
       select count(*) from unflagged`,
    );
    return { removed: Number(removed), leadsUnflagged: Number(unflagged) };
  }
}

/** A consent list's columns, found by name; a file without them is refused, naming what is missing. */
function consentColumnsOf(columns: string[]): ConsentColumns {
  const found = findConsentColumns(columns);
  if ('missing' in found) {
    throw new ImportFileError('CONSENT_COLUMNS_MISSING', `A consent list needs columns for ${found.missing.join(', ')}. Columns: ${columns.join(', ')}`, {
      missing: found.missing,
      columns,
    });
  }
  return found.columns;
}
