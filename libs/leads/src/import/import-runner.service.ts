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
import { APP_CONFIG, AppConfig, Clock, CLOCK, DomainError, JobLiveness, QueuedWorkProbe } from '@dialer/core';
import { AuditService, SYSTEM_ACTOR } from '@dialer/audit';
import { EMPTY_IMPORT_COUNTS, ImportCounts, ImportJob } from '../entities/import-job.entity';
import { LeadList } from '../entities/lead-list.entity';
import { LeadListsService } from '../lead-lists.service';
import { ColumnMapping, phoneColumnsOf } from '../mapping/header-mapping';
import { createImportPlan, ImportPlan } from '../normalise/row-normaliser';
import { SupportedEncoding } from '../parsing/encoding-detection';
import { StrictDecoder } from '../parsing/strict-decoder';
import { readCsvRecords } from '../parsing/csv-record-reader';
import { isBlankRecord } from '../parsing/csv-sniffer';
import { stageRecord } from './staged-record';
import { findConsentColumns } from '../normalise/consent-row';
import { DNC_DEDUPE_LOCKS, DedupeLocks, dedupeLockStatements, leadDedupeLocks } from './dedupe-locks';
import { ConsentsDestination, finaliseConsents, finaliseDnc, LeadBatchFinaliser, LeadsDestination, DncDestination } from './import-finaliser';
import { COPY_INTO_STAGING, createStagingTableSql, STAGING_TABLE, stagingJoinColumns, stagingLine } from './import-staging';

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
/**
 * Rows per batch of a lead import: PostgreSQL inserts one while the next is
 * parsed. Small enough that the batch held meanwhile stays a few MB, large
 * enough that each batch's statements cost little beside its rows.
 */
const BATCH_ROWS = 25_000;
/** Memory for the session's temporary tables (set before its first one); the server's default is 8 MB. */
const TEMP_BUFFERS = '128MB';
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

/** COPY into the staging table, opened on the first write, ended (and opened again by the next write) between batches. */
class StagingCopy {
  private stream?: ReturnType<typeof copyFrom>;
  private finished?: Promise<unknown>;

  constructor(private readonly client: Client) {}

  async write(lines: string | Buffer): Promise<void> {
    if (!this.stream) {
      this.stream = this.client.query(copyFrom(COPY_INTO_STAGING));
      this.finished = once(this.stream, 'finish');
      this.finished.catch(() => undefined); // observed below; an early failure must not go unhandled
    }
    if (!this.stream.write(lines)) await Promise.race([once(this.stream, 'drain'), this.finished]);
  }

  async end(): Promise<void> {
    if (!this.stream) return;
    const finished = this.finished;
    this.stream.end();
    this.stream = undefined;
    await finished;
  }

  destroy(error: Error): void {
    this.stream?.destroy(error);
    this.finished?.catch(() => undefined);
  }
}

const advisoryKey = (jobId: string) => `import:${jobId}`;

/** A DNC or consent list: staged whole, then finalised in one go (lead imports go batch by batch: LeadBatchFinaliser). */
function finaliseInto(client: Client, plan: ImportPlan, jobId: string, to: DncDestination | ConsentsDestination) {
  if (to.target === 'dnc') return finaliseDnc(client, plan, jobId, to);
  return finaliseConsents(client, plan, jobId, to);
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Why an import the queue no longer runs is failed. */
function staleProblem(job: ImportJob, liveness: Exclude<JobLiveness, { state: 'live' }>) {
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
    private readonly audit: AuditService,
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
  async tidyUp(queue: QueuedWorkProbe, graceMs: number): Promise<TidyUpReport> {
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
    const destination = await this.destinationOf(job);
    // The session's temporary tables (staging, the dedupe's keys) stay in its memory, not spilled batch after batch.
    await client.query(`set temp_buffers = '${TEMP_BUFFERS}'`);
    const leads = destination.to.target === 'leads';
    let counts: ImportCounts;
    let encoding: SupportedEncoding;
    let stagedAt = Date.now();
    try {
      if (leads) {
        // Lead imports finalise batch by batch while the file is read: the locks are held from the first row.
        await this.begin(client, destination.locks);
        const batches = new LeadBatchFinaliser(client, plan, job.id, destination.to as LeadsDestination);
        await batches.start();
        const staged = await this.stage(client, job, plan, () => batches.batch(), () => (stagedAt = Date.now()));
        counts = { rowsRead: staged.rowsRead, ...batches.result() };
        encoding = staged.encoding;
      } else {
        const { rowsRead, encoding: read } = await this.stage(client, job, plan);
        encoding = read;
        // Statistics only of the columns the final statements join and filter on: all of them took 14 % of a run.
        await client.query(`analyze ${STAGING_TABLE} (${stagingJoinColumns(plan).join(', ')})`);
        stagedAt = Date.now();
        await this.begin(client, destination.locks);
        counts = { rowsRead, ...(await finaliseInto(client, plan, job.id, destination.to as DncDestination | ConsentsDestination)) };
      }
      this.logger.info({ importId: job.id, rowsRead: counts.rowsRead, ms: stagedAt - startedAt.getTime() }, 'import staged');
      const current = await client.query<{ state: string }>('select state from import_jobs where id = $1 for update', [job.id]);
      if (current.rows[0]?.state !== 'running') {
        await client.query('rollback');
        return 'skipped';
      }
      await client.query(
        `update import_jobs set state = 'completed', counts = $2, encoding = $3, progress = 100, finished_at = clock_timestamp(), updated_at = clock_timestamp()
         where id = $1`,
        [job.id, JSON.stringify(counts), encoding],
      );
      await client.query('commit');
      this.logger.info({ importId: job.id, counts, ms: Date.now() - startedAt.getTime(), finaliseMs: Date.now() - stagedAt }, 'import completed');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    }
    // Who uploaded it is in `import.created`; this says what the list (or the DNC list) became.
    await this.audit.recordNow(SYSTEM_ACTOR, {
      action: 'import.completed',
      entityType: 'import_job',
      entityId: job.id,
      data: { target: job.target, listId: job.list?.id ?? null, counts },
    });
    await this.removeFile(job);
    return 'completed';
  }

  /** Opens the import's transaction, waiting for any other finalisation or undo whose leads its dedupe reads (dedupe-locks.ts). */
  private async begin(client: Client, locks: DedupeLocks): Promise<void> {
    await client.query('begin');
    for (const { sql, params } of dedupeLockStatements(locks, '$1')) await client.query(sql, params);
  }

  private planOf(job: ImportJob): ImportPlan {
    const columns = job.columns ?? [];
    const mapping = job.mapping as ColumnMapping;
    const phones = () => phoneColumnsOf(mapping);
    if (job.target === 'dnc') return createImportPlan(columns, phones(), job.options.dnc!.defaultCountry as CountryCode, 'dnc');
    if (job.target === 'consents') {
      const found = findConsentColumns(columns);
      // Checked when the import was created; a job whose columns changed since is a bug, not bad input.
      if (!('columns' in found)) throw new Error(`consent import ${job.id} has no ${found.missing.join(', ')} column`);
      const plan = createImportPlan(columns, phones(), job.options.consents!.defaultCountry as CountryCode, 'consents');
      return { ...plan, consent: { ...found.columns, notAfter: this.clock.now() } };
    }
    return createImportPlan(columns, mapping, job.list!.defaultCountry as CountryCode, 'leads');
  }

  /** Where the import's rows go, and the locks its finalisation holds. */
  private async destinationOf(job: ImportJob): Promise<{ to: LeadsDestination | DncDestination | ConsentsDestination; locks: DedupeLocks }> {
    if (job.target === 'consents') {
      const to: ConsentsDestination = { target: 'consents', campaignId: job.options.consents!.campaignId ?? null, createdBy: job.createdBy ?? null };
      // Its dedupe reads the consents every other consent import writes: they take turns, as DNC imports do.
      return { to, locks: DNC_DEDUPE_LOCKS };
    }
    if (job.target === 'dnc') {
      const dnc = job.options.dnc!;
      const to: DncDestination = {
        target: 'dnc',
        scope: dnc.scope,
        campaignId: dnc.campaignId ?? null,
        product: dnc.product ?? null,
        source: dnc.source,
        createdBy: job.createdBy ?? null,
        expiresAt: dnc.expiresAt ?? null,
      };
      return { to, locks: DNC_DEDUPE_LOCKS };
    }
    const list = job.list as LeadList;
    const scopeListIds = await this.lists.scopeListIds(list);
    const to: LeadsDestination = {
      target: 'leads',
      listId: list.id,
      dedupeScope: list.dedupeScope,
      scopeListIds,
    };
    return { to, locks: leadDedupeLocks(list.id, list.dedupeScope, scopeListIds) };
  }

  /**
   * Parse, normalise and COPY every row into the staging table; returns the
   * number of rows read and the encoding they were read in (`onRead` is told once the last one is staged). With `onBatch`, every BATCH_ROWS rows the COPY ends
   * and `onBatch` finalises what was staged while the next batch is parsed
   * (held in memory until the connection is free again: one batch at most).
   */
  private async stage(
    client: Client,
    job: ImportJob,
    plan: ImportPlan,
    onBatch?: () => Promise<void>,
    onRead?: () => void,
  ): Promise<{ rowsRead: number; encoding: SupportedEncoding }> {
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
    // Bytes not valid in the encoding (past the sample the upload was checked on) reject their row, never become U+FFFD.
    // A sample of plain ASCII told nothing: the encoding is told where other bytes start.
    const text = new StrictDecoder(job.encoding as SupportedEncoding, { detectAfterAscii: job.options.encodingUndecided });
    pipeline(createReadStream(job.filePath, { highWaterMark: READ_CHUNK_BYTES }), bytes, text, () => undefined);
    const copy = new StagingCopy(client);

    let rowsRead = 0;
    const progress = new ProgressReporter(() =>
      this.em.fork().nativeUpdate(
        ImportJob,
        { id: job.id, state: 'running' },
        { progress: size > 0 ? Math.min(READING_SHARE, Math.floor((bytes.bytes / size) * READING_SHARE)) : 0, counts: { ...EMPTY_IMPORT_COUNTS, rowsRead } },
      ),
    );
    progress.start();
    // The batch being finalised (settled: the connection is free again), and the rows parsed meanwhile.
    let finalising: Promise<void> | undefined;
    let settled = false;
    let held: Buffer[] = [];
    let heldRows = 0;
    let stagedRows = 0;
    const finaliseStaged = async () => {
      await copy.end();
      stagedRows = 0;
      settled = false;
      finalising = onBatch!();
      finalising.then(
        () => (settled = true),
        () => (settled = true), // rethrown where it is awaited
      );
    };
    /** Once the batch before is done: the rows held go to the staging table, ahead of any read since. */
    const resume = async () => {
      await finalising;
      finalising = undefined;
      if (held.length > 0) await copy.write(Buffer.concat(held));
      [held, stagedRows, heldRows] = [[], heldRows, 0];
    };
    try {
      const columns = plan.columns.length;
      let record = job.options.hasHeader ? -1 : 0; // the header is row 0
      let started = false; // blank lines before the first that holds anything are skipped unnumbered, as the preview does
      let sepLine = job.options.sepLine === true; // Excel's `sep=;`: the first record, neither header nor row
      for await (const batch of readCsvRecords(text, job.delimiter ?? ',')) {
        let lines = '';
        let count = 0;
        batch.records.forEach((cells, index) => {
          if (sepLine) {
            sepLine = false;
            return;
          }
          if (!started && isBlankRecord(cells)) return;
          started = true;
          const row = ++record;
          if (row === 0 || isBlankRecord(cells)) return;
          rowsRead++;
          count++;
          lines += stagingLine(stageRecord(plan, row, cells, batch.problems.get(index), batch.quoteNotes.get(index)), columns, text.decodedAs);
        });
        if (!lines) continue;
        if (finalising && !settled && heldRows + count < BATCH_ROWS) {
          // As bytes, outside the JavaScript heap: rows held for a few seconds would otherwise be promoted into
          // its old space, which grows (and stays grown) until a full collection.
          held.push(Buffer.from(lines));
          heldRows += count;
          continue;
        }
        if (finalising) await resume(); // done meanwhile, or a whole batch is held: wait for it
        await copy.write(lines);
        stagedRows += count;
        if (onBatch && stagedRows >= BATCH_ROWS) await finaliseStaged();
      }
      if (finalising) await resume();
      await copy.end();
      onRead?.(); // every row read and staged: what is left is the last batch and the commit
      if (onBatch) await onBatch();
    } catch (error) {
      copy.destroy(error as Error);
      // Its statements must all have run before the caller rolls back: one after would run outside the transaction.
      await finalising?.catch(() => undefined);
      throw error;
    } finally {
      await progress.stop();
    }
    return { rowsRead, encoding: text.decodedAs.encoding };
  }

  private async removeFile(job: ImportJob): Promise<void> {
    await rm(job.filePath, { force: true }).catch((error: Error) => this.logger.warn({ err: error, importId: job.id }, 'could not remove upload'));
  }
}
