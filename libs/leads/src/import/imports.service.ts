import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CountryCode } from 'libphonenumber-js/core';
import { rm } from 'node:fs/promises';
import { CLOCK, Clock, CSV_UTF8_BOM, formatCsvRow, NotFoundError, ValidationFailedError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { pgArrayLiteral } from '@dialer/db';
import { DncScope, DncService, dncMatchSql } from '@dialer/compliance';
import { EMPTY_IMPORT_COUNTS, ImportCounts, ImportJob, ImportOptions, ImportTarget } from '../entities/import-job.entity';
import { DedupeScope, LeadList } from '../entities/lead-list.entity';
import { ImportNotUndoableError } from '../import.errors';
import { LeadListsService } from '../lead-lists.service';
import { ColumnMapping, suggestMapping } from '../mapping/header-mapping';
import { resolveMapping } from '../mapping/mapping-resolution';
import { isKnownCountry } from '../normalise/phone-normaliser';
import { createImportPlan, ImportPlan, normaliseRecord, reject, Rejection } from '../normalise/row-normaliser';
import { CsvLayout, SNIFF_BYTES, sniffCsv, SniffedCsv } from '../parsing/csv-sniffer';
import { withReplacementCharacters } from '../parsing/strict-decoder';
import { FileSample, readFileSample } from './file-sample';
import {
  blockedReasonOf,
  dedupeKey,
  EXISTING_LEAD_MESSAGES,
  hasNoTimezone,
  leadAccountSql,
  leadInScopeSql,
  leadListCampaignsSql,
  repeatedRowMessage,
  rowAccount,
  unflagLeadsSql,
} from './import-rules';
import { settleRow } from './import-staging';
import { ImportView, toImportView } from './import-view';

export interface UploadedFile {
  path: string;
  fileName: string;
  size: number;
}

export interface ImportRequest {
  encoding?: string;
  mapping?: Record<string, string>;
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
}

export interface PreviewRow {
  row: number;
  cells: string[];
  /** What the row would become: a lead (maybe blocked), or a rejection. */
  outcome: 'lead' | 'rejected';
  rejection?: Rejection;
  lead?: {
    phone: string;
    phoneType: string;
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
}

export const PREVIEW_ROWS = 20;
const REJECTIONS_PAGE = 2_000;

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
    const mapping = resolveMapping(layout.columns, request.mapping, firstRecord);
    const plan = createImportPlan(layout.columns, mapping, list.defaultCountry as CountryCode, 'leads');
    const staged = sniffed.records
      .slice(0, PREVIEW_ROWS)
      .map(({ row, cells, brokenQuote }) =>
        settleRow(brokenQuote ? reject(row, cells, 'BROKEN_QUOTE', brokenQuote) : normaliseRecord(plan, row, cells), layout.encoding),
      );

    const phones = [...new Set(staged.flatMap((s) => (s.phone && !s.rejection ? [s.phone.e164] : [])))];
    const blocked = await this.dnc.blockedAmong(phones, await this.lists.campaignIdsOf(list.id));
    const existing = await this.existingKeys(list, plan, phones);
    const seen = new Map<string, number>();
    const scope: DedupeScope = list.dedupeScope;
    const counts: ImportCounts = { ...EMPTY_IMPORT_COUNTS, rowsRead: staged.length };
    const rows = staged.map((s): PreviewRow => {
      const cells = s.cells.map(withReplacementCharacters);
      if (s.rejection || !s.phone) {
        counts.rejected++;
        return { row: s.row, cells, outcome: 'rejected', rejection: s.rejection };
      }
      if (scope !== 'none') {
        // As the import: the first row of a key is compared with the existing leads, later ones name it.
        const key = dedupeKey(s.phone.e164, rowAccount(plan, s.cells));
        const first = seen.get(key);
        if (first === undefined) seen.set(key, s.row);
        const message = first !== undefined ? `${repeatedRowMessage(plan)}${first}` : existing.has(key) ? EXISTING_LEAD_MESSAGES[scope] : null;
        if (message) {
          counts.duplicates++;
          return { row: s.row, cells, outcome: 'rejected', rejection: { code: 'DUPLICATE', message } };
        }
      }
      const zone = s.timezone!;
      const blockedReason = blockedReasonOf(blocked.has(s.phone.e164), zone.candidates);
      counts.accepted++;
      if (blockedReason === 'dnc') counts.dncFlagged++;
      if (hasNoTimezone(zone.candidates)) counts.noTimezone++;
      return {
        row: s.row,
        cells,
        outcome: 'lead',
        lead: {
          phone: s.phone.e164,
          phoneType: s.phone.type,
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
    return { ...layout, suggestedMapping: suggestMapping(layout.columns, firstRecord), mapping, rows, counts };
  }

  /** Checks an uploaded lead file and queues its import (the caller enqueues the job). */
  async createLeadImport(listId: string, file: UploadedFile, request: ImportRequest, actor: Actor): Promise<ImportJob> {
    const list = await this.lists.get(listId);
    return this.createImport('leads', list, file, request, {}, actor);
  }

  /** Checks an uploaded do-not-call file (a registry extract is just numbers) and queues its import. */
  async createDncImport(file: UploadedFile, request: DncImportRequest, actor: Actor): Promise<ImportJob> {
    const country = request.country.toUpperCase();
    if (!isKnownCountry(country)) throw new ValidationFailedError([{ field: 'country', messages: [`${request.country} is not a country we know numbers of`] }]);
    if ((request.scope === 'campaign') !== (request.campaignId !== undefined)) {
      throw new ValidationFailedError([{ field: 'campaignId', messages: ['give a campaignId exactly when scope is campaign'] }]);
    }
    if ((request.scope === 'product') !== (request.product !== undefined)) {
      throw new ValidationFailedError([{ field: 'product', messages: ['give a product exactly when scope is product'] }]);
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
    };
    return this.createImport('dnc', undefined, file, request, { dnc }, actor);
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
      options: { hasHeader: layout.hasHeader, ...options },
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

  view(job: ImportJob): ImportView {
    return toImportView(job, this.clock.now());
  }

  /**
   * The rejection report, streamed from the database a page at a time: row,
   * reason code, message, then the original cells under the file's column names.
   */
  async *rejectionsCsv(job: ImportJob): AsyncGenerator<string> {
    yield CSV_UTF8_BOM + formatCsvRow(['row', 'reason_code', 'message', ...(job.columns ?? [])]);
    let after = -1;
    for (;;) {
      const page = await this.em.execute<{ row_number: number; reason_code: string; message: string; cells: string[] }[]>(
        `select row_number, reason_code, message, cells from import_rejections
         where job_id = ? and row_number > ? order by row_number limit ?`,
        [job.id, after, REJECTIONS_PAGE],
      );
      if (page.length === 0) return;
      yield page.map((r) => formatCsvRow([r.row_number, r.reason_code, r.message, ...r.cells])).join('');
      after = page[page.length - 1].row_number;
    }
  }

  /**
   * Removes what an import added, provided none of its leads has been
   * dialed: checked row by row as they are deleted, so a lead the dialer
   * picks up meanwhile makes the whole undo fail rather than vanish mid-call.
   */
  async undo(id: string, actor: Actor): Promise<{ job: ImportJob; removed: number; leadsUnflagged: number }> {
    return this.em.transactional(async (em) => {
      const job = await em.findOne(ImportJob, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!job) throw new NotFoundError('Import', id);
      if (job.state !== 'completed') {
        throw new ImportNotUndoableError(`Only a completed import can be undone; this one is ${job.state}`, { state: job.state });
      }
      let removed: number;
      let leadsUnflagged = 0;
      if (job.target === 'dnc') {
        ({ removed, leadsUnflagged } = await this.removeDncEntries(em, id));
      } else {
        const [{ count }] = await em.execute<{ count: string }[]>(`select count(*) from leads where import_id = ?`, [id]);
        const [deleted] = await em.execute<{ count: string }[]>(
          `with deleted as (
             delete from leads where import_id = ? and status in ('new', 'blocked') and attempt_count = 0
               and last_attempt_at is null and not exists (select 1 from call_attempts a where a.lead_id = leads.id)
             returning 1)
           select count(*) from deleted`,
          [id],
        );
        removed = Number(deleted.count);
        const dialed = Number(count) - removed;
        if (dialed > 0) {
          throw new ImportNotUndoableError(`${dialed} lead(s) of this import have been dialed already; nothing was removed`, { dialed });
        }
      }
      job.state = 'undone';
      this.audit.record(actor, { action: 'import.undone', entityType: 'import_job', entityId: id, data: { removed, leadsUnflagged } }, em);
      return { job, removed, leadsUnflagged };
    });
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
    const { set, where } = unflagLeadsSql('l', dncMatchSql('d', leadListCampaignsSql('l')));
    const [{ count: unflagged }] = await em.execute<{ count: string }[]>(
      `with unflagged as (
         update leads l set ${set} where l.phone in (select phone from undone_dnc_phones) and ${where} returning 1)
       select count(*) from unflagged`,
    );
    return { removed: Number(removed), leadsUnflagged: Number(unflagged) };
  }
}
