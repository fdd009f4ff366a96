import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CountryCode } from 'libphonenumber-js/core';
import { PinoLogger } from 'nestjs-pino';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { pipeline, Transform, TransformCallback } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { APP_CONFIG, AppConfig, Clock, CLOCK, DomainError } from '@dialer/core';
import { EMPTY_IMPORT_COUNTS, ImportCounts, ImportJob } from '../entities/import-job.entity';
import { LeadList } from '../entities/lead-list.entity';
import { LeadListsService } from '../lead-lists.service';
import { ColumnMapping, PHONE_FIELDS } from '../mapping/header-mapping';
import { createImportPlan, ImportPlan, normaliseRecord, reject } from '../normalise/row-normaliser';
import { SupportedEncoding } from '../parsing/encoding-detection';
import { StrictDecoder } from '../parsing/strict-decoder';
import { readCsvRecords } from '../parsing/csv-record-reader';
import { isBlankRecord } from '../parsing/csv-sniffer';
import { finaliseDnc, finaliseLeads, LeadsDestination, DncDestination } from './import-finaliser';
import { COPY_INTO_STAGING, createStagingTableSql, STAGING_TABLE, stagingLine } from './import-staging';

export type ImportRunOutcome = 'completed' | 'failed' | 'skipped';

/** What the tidy-up needs of the queue (the worker answers it from Bull, job id = import id). */
export interface ImportQueueProbe {
  /** Whether the queue still holds a job that runs, or will run, the import: `dead` (completed or failed, and why), `missing`. */
  liveness(importId: string): Promise<{ state: 'live' } | { state: 'dead'; reason: string } | { state: 'missing' }>;
  /** Queues the import's job again. */
  requeue(importId: string): Promise<void>;
}

export interface TidyUpReport {
  requeued: string[];
  failed: string[];
}

/** Imports looked at by one tidy-up, oldest first (the rest wait for the next one). */
const TIDY_UP_BATCH = 100;

/** The file is read at most this far ahead of the database. */
const READ_CHUNK_BYTES = 64 * 1024;
const PROGRESS_EVERY_MS = 1_000;
/** Reading the file is most of the work; the last tenth is the final transaction. */
const READING_SHARE = 90;

class ByteCounter extends Transform {
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/** Periodic progress in import_jobs (never per row), stopped before the final transaction writes the real counts. */
class ProgressReporter {
  private timer?: NodeJS.Timeout;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly write: () => Promise<unknown>) {}

  start(): void {
    this.timer = setInterval(() => {
      this.pending = this.pending.then(this.write).catch(() => undefined); // progress is best effort
    }, PROGRESS_EVERY_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
  }
}

const advisoryKey = (jobId: string) => `import:${jobId}`;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Why an import the queue no longer runs is failed. */
function staleProblem(job: ImportJob, liveness: Exclude<Awaited<ReturnType<ImportQueueProbe['liveness']>>, { state: 'live' }>) {
  if (job.state === 'queued' && liveness.state === 'missing') {
    return { code: 'UPLOAD_MISSING', message: 'The import was never queued and its upload is gone: upload the file again' };
  }
  const why = liveness.state === 'dead' ? liveness.reason : 'the queue no longer holds its job';
  return { code: 'IMPORT_ABANDONED', message: `The import stopped and will not be retried (${why}): upload the file again` };
}

/**
 * Runs one import: stream the file into a session-local staging table
 * (parse, normalise, COPY), then one transaction that dedupes, scrubs and
 * inserts. A crash at any point leaves no lead behind (the staging table dies
 * with the session, the transaction never committed); the queue's retry
 * starts over. A finished import is never run twice: the job row says so,
 * and (import_id, import_row) is unique.
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly em: EntityManager,
    private readonly lists: LeadListsService,
    private readonly logger: PinoLogger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.logger.setContext(ImportRunner.name);
  }

  async run(importId: string): Promise<ImportRunOutcome> {
    const job = await this.em.findOne(ImportJob, { id: importId }, { populate: ['list'] });
    if (!job) return 'skipped'; // its list was deleted meanwhile
    if (job.state !== 'queued' && job.state !== 'running') {
      await this.removeFile(job);
      return 'skipped';
    }

    const client = new Client({ connectionString: this.config.database.url, application_name: `import ${importId}` });
    await client.connect();
    client.on('error', (error) => this.logger.warn({ err: error, importId }, 'import connection error'));
    try {
      const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [advisoryKey(importId)]);
      if (!rows[0].locked) throw new DomainError('IMPORT_BUSY', `Import ${importId} is being run by another worker`, 'unavailable');
      return await this.runLocked(client, job);
    } catch (error) {
      if (error instanceof DomainError && !error.retryable) {
        await this.fail(job, error);
        return 'failed';
      }
      throw error;
    } finally {
      await client.end().catch(() => undefined); // ends the session: its lock and staging table go with it
    }
  }

  /** The queue gave up retrying: the import failed, and says why. */
  async giveUp(importId: string, error: { code: string; message: string }): Promise<void> {
    const job = await this.em.fork().findOne(ImportJob, { id: importId });
    if (job) await this.fail(job, error);
  }

  /** Records a failure that retrying cannot fix (a bad file), or the last failed attempt. */
  private async fail(job: ImportJob, error: { code: string; message: string }): Promise<void> {
    await this.em.fork().nativeUpdate(
      ImportJob,
      { id: job.id, state: { $in: ['queued', 'running'] } },
      { state: 'failed', error: { code: error.code, message: error.message }, finishedAt: new Date() },
    );
    await this.removeFile(job);
    this.logger.warn({ importId: job.id, code: error.code }, `import failed: ${error.message}`);
  }

  /**
   * Settles imports that the queue no longer runs, `queued` or `running` for
   * longer than `graceMs` (from their creation) with no live job and no worker
   * holding them (the runner's advisory lock): an import whose upload was
   * saved but never queued (the api died in between) is queued again if its
   * upload is still there; any other is failed, and its upload deleted. That
   * covers a job Bull failed without running the processor (stalled more than
   * maxStalledCount times), so ImportRunner.giveUp never ran.
   */
  async tidyUp(queue: ImportQueueProbe, graceMs: number): Promise<TidyUpReport> {
    const report: TidyUpReport = { requeued: [], failed: [] };
    const stale = await this.em
      .fork()
      .find(
        ImportJob,
        { state: { $in: ['queued', 'running'] }, createdAt: { $lt: new Date(this.clock.now().getTime() - graceMs) } },
        { orderBy: { createdAt: 'asc' }, limit: TIDY_UP_BATCH },
      );
    for (const candidate of stale) {
      const liveness = await queue.liveness(candidate.id);
      if (liveness.state === 'live') continue;
      const canRequeue = candidate.state === 'queued' && liveness.state === 'missing' && (await exists(candidate.filePath));
      const problem = canRequeue ? undefined : staleProblem(candidate, liveness);
      const settled = await this.em.fork().transactional(async (em) => {
        // The runner holds this lock for as long as it runs the import: held, the import is not stale.
        const [{ locked }] = await em.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(hashtext(?)) as locked`, [advisoryKey(candidate.id)]);
        if (!locked) return undefined;
        const job = await em.findOne(ImportJob, { id: candidate.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!job || job.state !== candidate.state) return undefined;
        if (problem) {
          job.state = 'failed';
          job.error = problem;
          job.finishedAt = new Date();
        }
        return job;
      });
      if (!settled) continue;
      if (problem) {
        await this.removeFile(settled);
        report.failed.push(settled.id);
        this.logger.warn({ importId: settled.id, code: problem.code }, `stale import failed: ${problem.message}`);
      } else {
        await queue.requeue(settled.id);
        report.requeued.push(settled.id);
        this.logger.warn({ importId: settled.id }, 'import saved but never queued: queued again');
      }
    }
    return report;
  }

  private async runLocked(client: Client, job: ImportJob): Promise<ImportRunOutcome> {
    const startedAt = new Date();
    // Conditional: an import failed meanwhile (the tidy-up, a last attempt elsewhere) stays failed.
    const marked = await this.em.fork().nativeUpdate(
      ImportJob,
      { id: job.id, state: { $in: ['queued', 'running'] } },
      { state: 'running', startedAt, finishedAt: null, progress: 0, counts: { ...EMPTY_IMPORT_COUNTS }, error: null },
    );
    if (marked === 0) return 'skipped';
    const plan = this.planOf(job);
    const rowsRead = await this.stage(client, job, plan);
    await client.query(`analyze ${STAGING_TABLE}`);
    const stagedAt = Date.now();
    this.logger.info({ importId: job.id, rowsRead, ms: stagedAt - startedAt.getTime() }, 'import staged');

    await client.query('begin');
    try {
      const current = await client.query<{ state: string }>('select state from import_jobs where id = $1 for update', [job.id]);
      if (current.rows[0]?.state !== 'running') {
        await client.query('rollback');
        return 'skipped';
      }
      const counts: ImportCounts = { rowsRead, ...(await this.finalise(client, job, plan)) };
      await client.query(
        `update import_jobs set state = 'completed', counts = $2, progress = 100, finished_at = clock_timestamp(), updated_at = clock_timestamp() where id = $1`,
        [job.id, JSON.stringify(counts)],
      );
      await client.query('commit');
      this.logger.info({ importId: job.id, counts, ms: Date.now() - startedAt.getTime(), finaliseMs: Date.now() - stagedAt }, 'import completed');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
    await this.removeFile(job);
    return 'completed';
  }

  private planOf(job: ImportJob): ImportPlan {
    const columns = job.columns ?? [];
    const mapping = job.mapping as ColumnMapping;
    if (job.target === 'dnc') {
      const phones = Object.fromEntries(Object.entries(mapping).filter(([, field]) => (PHONE_FIELDS as readonly string[]).includes(field)));
      return createImportPlan(columns, phones as ColumnMapping, job.options.dnc!.defaultCountry as CountryCode, 'dnc');
    }
    return createImportPlan(columns, mapping, job.list!.defaultCountry as CountryCode, 'leads');
  }

  private async finalise(client: Client, job: ImportJob, plan: ImportPlan) {
    if (job.target === 'dnc') {
      const dnc = job.options.dnc!;
      const to: DncDestination = {
        target: 'dnc',
        scope: dnc.scope,
        campaignId: dnc.campaignId ?? null,
        product: dnc.product ?? null,
        source: dnc.source,
        createdBy: job.createdBy ?? null,
      };
      return finaliseDnc(client, plan, job.id, to);
    }
    const list = job.list as LeadList;
    const to: LeadsDestination = {
      target: 'leads',
      listId: list.id,
      dedupeScope: list.dedupeScope,
      scopeListIds: await this.lists.scopeListIds(list),
      campaignIds: await this.lists.campaignIdsOf(list.id),
    };
    return finaliseLeads(client, plan, job.id, to);
  }

  /** Parse, normalise and COPY every row into the staging table; returns the number of rows read. */
  private async stage(client: Client, job: ImportJob, plan: ImportPlan): Promise<number> {
    await client.query(`drop table if exists ${STAGING_TABLE}`);
    await client.query(createStagingTableSql(plan.columns.length));

    const size = await stat(job.filePath).then(
      (file) => file.size,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        throw new DomainError('UPLOAD_MISSING', 'The uploaded file is gone: upload it again', 'unprocessable');
      },
    );
    const bytes = new ByteCounter();
    const encoding = job.encoding as SupportedEncoding;
    // Bytes not valid in the encoding (past the sample the upload was checked on) reject their row, never become U+FFFD.
    const text = new StrictDecoder(encoding);
    pipeline(createReadStream(job.filePath, { highWaterMark: READ_CHUNK_BYTES }), bytes, text, () => undefined);
    const copy = client.query(copyFrom(COPY_INTO_STAGING));
    const copied = once(copy, 'finish');
    copied.catch(() => undefined); // observed below; an early failure must not go unhandled

    let rowsRead = 0;
    const progress = new ProgressReporter(() =>
      this.em.fork().nativeUpdate(
        ImportJob,
        { id: job.id, state: 'running' },
        { progress: size > 0 ? Math.min(READING_SHARE, Math.floor((bytes.bytes / size) * READING_SHARE)) : 0, counts: { ...EMPTY_IMPORT_COUNTS, rowsRead } },
      ),
    );
    progress.start();
    try {
      const columns = plan.columns.length;
      let record = job.options.hasHeader ? -1 : 0; // the header is row 0
      for await (const batch of readCsvRecords(text, job.delimiter ?? ',')) {
        let lines = '';
        batch.records.forEach((cells, index) => {
          const row = ++record;
          if (row === 0 || isBlankRecord(cells)) return;
          rowsRead++;
          const broken = batch.brokenQuotes.get(index);
          lines += stagingLine(broken ? reject(row, cells, 'BROKEN_QUOTE', broken) : normaliseRecord(plan, row, cells), columns, encoding);
        });
        if (lines && !copy.write(lines)) await Promise.race([once(copy, 'drain'), copied]);
      }
      copy.end();
      await copied;
    } catch (error) {
      copy.destroy(error as Error);
      await copied.catch(() => undefined);
      throw error;
    } finally {
      await progress.stop();
    }
    return rowsRead;
  }

  private async removeFile(job: ImportJob): Promise<void> {
    await rm(job.filePath, { force: true }).catch((error: Error) => this.logger.warn({ err: error, importId: job.id }, 'could not remove upload'));
  }
}
