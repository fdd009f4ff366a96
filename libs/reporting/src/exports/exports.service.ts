import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Actor, AuditService } from '@dialer/audit';
import { APP_CONFIG, AppConfig, CLOCK, Clock, DomainError, NotFoundError, QueuedWorkProbe, ValidationFailedError } from '@dialer/core';
import { AttemptFilters, ExportEncoding, ExportFailure, ExportFailureCode, ExportFormat, ExportJob, ExportKind, ExportState } from '../entities/export-job.entity';
import { AttemptsExporter } from './attempts-exporter';
import { ExportJobsRepository } from './export-jobs.repository';

/** The direct stream (`GET /reports/attempts.csv`) is for small ranges; larger ones go through an export job. */
export const DIRECT_STREAM_MAX_ROWS = 50_000;

/** Roles that see everyone's exports; others see their own. */
const SEES_ALL_EXPORTS = new Set(['compliance', 'admin']);

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  encoding?: ExportEncoding;
  filters?: AttemptFilters;
}

export interface ExportView {
  id: string;
  kind: ExportKind;
  format: ExportFormat;
  encoding: ExportEncoding;
  filters: AttemptFilters;
  state: ExportState;
  requestedBy: string | null;
  requestedRole: string;
  rowsTotal: number | null;
  rowsWritten: number;
  /** 0–100: rows written of the rows counted when the job started (null until then). */
  progress: number | null;
  replacedCharacters: number;
  fileName: string | null;
  fileSize: number | null;
  /** Why it failed, in English. */
  error: string | null;
  /** Why it failed, as a stable code (EXPORT_FAILURE_CODES), with the figures of its sentence. */
  errorCode: ExportFailureCode | null;
  errorParams: Record<string, string | number> | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string | null;
}

export interface ExportFile {
  stream: Readable;
  fileName: string;
  contentType: string;
  size: number;
}

const CONTENT_TYPES: Record<ExportFormat, Record<ExportEncoding, string>> = {
  csv: { 'utf-8': 'text/csv; charset=utf-8', shift_jis: 'text/csv; charset=shift_jis' },
  xlsx: {
    'utf-8': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    shift_jis: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
};

/** Exports looked at by one sweep for orphans, oldest first (the rest wait for the next one). */
const ORPHANS_PER_SWEEP = 100;

/**
 * Exports of call attempts: requested by a person (audited), written by the
 * worker with its progress, downloaded (audited), deleted when they expire.
 */
@Injectable()
export class ExportsService {
  private readonly exporter: AttemptsExporter;

  constructor(
    private readonly em: EntityManager,
    private readonly jobs: ExportJobsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.exporter = new AttemptsExporter(config.database.url);
  }

  /** Creates the export (and its audit record); the caller queues it. */
  async request(input: ExportRequest, actor: Actor): Promise<ExportJob> {
    const encoding = input.encoding ?? 'utf-8';
    const filters = checkFilters(input.filters ?? {});
    if (input.format === 'xlsx' && encoding !== 'utf-8') {
      throw new ValidationFailedError([{ field: 'encoding', messages: ['applies to CSV only: an XLSX file always holds Unicode text'] }]);
    }
    const job = this.jobs.create({ kind: input.kind, format: input.format, encoding, filters, requestedBy: actor.id ?? undefined, requestedRole: actor.role });
    this.audit.record(actor, { action: 'export.requested', entityType: 'export', entityId: job.id, data: { kind: input.kind, format: input.format, encoding, filters } });
    await this.em.flush();
    return job;
  }

  /** An export that could not be queued: failed (EXPORT_NOT_QUEUED), so it shows in the history for what it is. */
  async abandon(job: ExportJob, cause: unknown): Promise<void> {
    await this.jobs.fail(job.id, { code: 'EXPORT_NOT_QUEUED', message: `not queued: ${messageOf(cause)}` }, this.clock.now());
  }

  async get(id: string, actor: Actor): Promise<ExportJob> {
    const job = await this.jobs.find(id);
    if (!job || (!SEES_ALL_EXPORTS.has(actor.role) && job.requestedBy !== actor.id)) throw new NotFoundError('Export', id);
    return job;
  }

  async list(actor: Actor, page: { limit: number; offset: number }): Promise<{ items: ExportView[]; total: number }> {
    const [items, total] = await this.jobs.list({ requestedBy: SEES_ALL_EXPORTS.has(actor.role) ? undefined : (actor.id ?? undefined), ...page });
    return { items: items.map((job) => this.view(job)), total };
  }

  view(job: ExportJob): ExportView {
    const iso = (d?: Date) => (d ? new Date(d).toISOString() : null);
    return {
      id: job.id,
      kind: job.kind,
      format: job.format,
      encoding: job.encoding,
      filters: job.filters,
      state: job.state,
      requestedBy: job.requestedBy ?? null,
      requestedRole: job.requestedRole,
      rowsTotal: job.rowsTotal ?? null,
      rowsWritten: job.rowsWritten,
      progress:
        job.state === 'completed' ? 100 : job.rowsTotal === undefined || job.rowsTotal === null ? null : job.rowsTotal === 0 ? 0 : Math.floor((job.rowsWritten * 100) / job.rowsTotal),
      replacedCharacters: job.replacedCharacters,
      fileName: job.fileName ?? null,
      fileSize: job.fileSize === undefined || job.fileSize === null ? null : Number(job.fileSize),
      error: job.error ?? null,
      errorCode: (job.errorCode as ExportFailureCode | undefined) ?? null,
      errorParams: job.errorParams ?? null,
      createdAt: new Date(job.createdAt).toISOString(),
      startedAt: iso(job.startedAt),
      finishedAt: iso(job.finishedAt),
      expiresAt: iso(job.expiresAt),
    };
  }

  /** The file of a completed export, its download audited. */
  async file(id: string, actor: Actor): Promise<ExportFile> {
    const job = await this.get(id, actor);
    // Past its expiry the file is refused even before the clean-up (every 10 min) deletes it.
    if (job.state === 'expired' || (job.expiresAt && job.expiresAt.getTime() <= this.clock.now().getTime())) throw new DomainError('EXPORT_EXPIRED', `Export ${id} expired on ${job.expiresAt?.toISOString()} and its file is deleted; export again`, 'not_found');
    if (job.state !== 'completed' || !job.filePath || !job.fileName) {
      throw new DomainError('EXPORT_NOT_READY', `Export ${id} is ${job.state}; its file exists once it is completed`, 'conflict');
    }
    const size = (await stat(job.filePath).catch(() => null))?.size;
    if (size === undefined) throw new DomainError('EXPORT_FILE_MISSING', `The file of export ${id} is gone; export again`, 'not_found');
    this.audit.record(actor, { action: 'export.downloaded', entityType: 'export', entityId: id, data: { fileName: job.fileName, rows: job.rowsWritten } });
    await this.em.flush();
    return { stream: createReadStream(job.filePath), fileName: job.fileName, contentType: CONTENT_TYPES[job.format][job.encoding as ExportEncoding], size };
  }

  /**
   * The worker's part: counts the rows, writes the file beside its final name
   * and renames it when whole (a retry after a crash starts over), reporting
   * progress as it goes. Returns false when the export is no longer to run.
   */
  async run(id: string): Promise<boolean> {
    const job = await this.jobs.find(id);
    if (!job) return false;
    const request = { filters: job.filters, format: job.format, encoding: job.encoding };
    const total = await this.exporter.count(job.filters);
    if (!(await this.jobs.start(id, total, this.clock.now()))) return false;
    await mkdir(this.config.exports.dir, { recursive: true });
    const fileName = `attempts-${id}${job.format === 'csv' && job.encoding === 'shift_jis' ? '-sjis' : ''}.${job.format}`;
    const finalPath = path.resolve(this.config.exports.dir, fileName);
    const partPath = `${finalPath}.part`;
    const out = createWriteStream(partPath);
    try {
      const result = await this.exporter.write(request, out, (rows) => this.jobs.progress(id, rows, this.clock.now()));
      out.end();
      await finished(out);
      await rename(partPath, finalPath);
      const { size } = await stat(finalPath);
      const now = this.clock.now();
      await this.jobs.complete(id, { name: fileName, path: finalPath, size, rows: result.rows, replacedCharacters: result.replacedCharacters }, now, this.expiry(now));
      return true;
    } catch (error) {
      out.destroy();
      await rm(partPath, { force: true });
      throw error;
    }
  }

  /** The worker gave up after its last attempt (EXPORT_ATTEMPTS_FAILED, with the attempts made). */
  async fail(id: string, attempts: number, cause: unknown): Promise<void> {
    const failure: ExportFailure = {
      code: 'EXPORT_ATTEMPTS_FAILED',
      message: `The export stopped after ${attempts} attempts: ${messageOf(cause)}`,
      params: { attempts },
    };
    await this.jobs.fail(id, failure, this.clock.now());
  }

  /**
   * Settles exports that no live job runs any more, untouched for `graceMs`:
   * one still queued whose job is missing (removed from the queue, or the api
   * stopped between saving and queueing it) is queued again; any other (its
   * job failed or completed without finishing it, or a running one whose job
   * is gone) is failed, saying why, so it never shows as waiting forever.
   */
  async settleOrphans(queue: QueuedWorkProbe, graceMs: number): Promise<{ requeued: string[]; failed: string[] }> {
    const now = this.clock.now();
    const report = { requeued: [] as string[], failed: [] as string[] };
    for (const job of await this.jobs.untouchedSince(new Date(now.getTime() - graceMs), ORPHANS_PER_SWEEP)) {
      const liveness = await queue.liveness(job.id);
      if (liveness.state === 'live') continue;
      if (job.state === 'queued' && liveness.state === 'missing') {
        await queue.requeue(job.id);
        report.requeued.push(job.id);
        continue;
      }
      const why = liveness.state === 'dead' ? liveness.reason : 'the queue no longer holds its job';
      await this.jobs.fail(job.id, { code: 'EXPORT_ABANDONED', message: `The export stopped and will not be retried (${why}): export again` }, now);
      report.failed.push(job.id);
    }
    return report;
  }

  /** Deletes the files of expired exports; each deletion is audited (by the system). */
  async cleanUp(): Promise<number> {
    const now = this.clock.now();
    let expired = 0;
    for (const row of await this.jobs.expiring(now, 500)) {
      if (row.file_path) await rm(row.file_path, { force: true });
      await this.em.transactional(async (tx) => {
        if (await this.jobs.expire(row.id, now)) {
          this.audit.record({ id: null, role: 'system' }, { action: 'export.expired', entityType: 'export', entityId: row.id, data: {} }, tx);
          expired += 1;
        }
      });
    }
    return expired;
  }

  /**
   * Small ranges straight to the response, formula-safe CSV; the stream is
   * audited like an export. `onStart` runs once the range is accepted, before
   * the first byte (the place for response headers).
   */
  async streamCsv(filters: AttemptFilters, encoding: ExportEncoding, actor: Actor, out: Writable, onStart: () => void = () => undefined): Promise<void> {
    const checked = checkFilters(filters, '');
    const rows = await this.exporter.count(checked);
    if (rows > DIRECT_STREAM_MAX_ROWS) {
      throw new DomainError(
        'REPORT_TOO_LARGE',
        `${rows} attempts match; up to ${DIRECT_STREAM_MAX_ROWS} stream directly. Narrow the range or POST /exports`,
        'too_large',
        { rows, max: DIRECT_STREAM_MAX_ROWS },
      );
    }
    this.audit.record(actor, { action: 'export.streamed', entityType: 'export', data: { kind: 'attempts', format: 'csv', encoding, filters: checked, rows } });
    await this.em.flush();
    onStart();
    await this.exporter.write({ filters: checked, format: 'csv', encoding }, out);
  }

  private expiry(now: Date): Date {
    return new Date(now.getTime() + this.config.exports.ttlHours * 3600_000);
  }
}

const messageOf = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

/**
 * The range must make sense: `from` before `to`, both real instants. `prefix`
 * names the fields as the caller gave them (`filters.from` in an export's body,
 * `from` in the direct stream's query).
 */
function checkFilters(filters: AttemptFilters, prefix = 'filters.'): AttemptFilters {
  const problems: { field: string; messages: string[] }[] = [];
  for (const field of ['from', 'to'] as const) {
    const value = filters[field];
    if (value !== undefined && Number.isNaN(Date.parse(value))) problems.push({ field: `${prefix}${field}`, messages: ['must be an ISO 8601 instant'] });
  }
  if (filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to)) {
    problems.push({ field: `${prefix}to`, messages: [`must be after ${prefix}from`] });
  }
  if (problems.length) throw new ValidationFailedError(problems);
  return filters;
}
