import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import Queue from 'bull';
import { execFileSync } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '@dialer/audit';
import { ImportsService } from '@dialer/leads';
import { enqueue, QUEUE_SETTINGS, QUEUES } from '@dialer/queues';
import { baseRedisUrl, createTestContext, TestContext } from '@dialer/testing';
import { ImportsProcessor } from '../../apps/worker/src/processors/imports.processor';
import { RunningApi, SignedIn, signInAs, startApi, startWorker } from '../support/apps';
import { pollUntil } from '../support/poll';
import { envFor, SpawnedProcess, spawnEntryPoint } from '../support/processes';
import { createList, upload } from '../leads/lead-import-helpers';

const ROOT = path.resolve(__dirname, '../..');
const ROWS = 400;
/** Every tenth row repeats the one before it: the retry must not turn those into leads either. */
const csv = [
  'phone,name',
  ...Array.from({ length: ROWS }, (_, i) => `212555${String(1000 + (i % 10 === 9 ? i - 1 : i)).padStart(4, '0')},Lead ${i + 1}`),
].join('\n');
const half = csv.slice(0, csv.indexOf('\n', csv.length / 2) + 1);

/**
 * Bull's lock and stalled check, shortened for the test (30 s each by
 * default): a dead worker's lock expires within 2 s and the survivors look
 * for stalled jobs every second. maxStalledCount stays the product's.
 */
const SHORT_LOCKS = { lockDuration: 2_000, stalledInterval: 1_000 };
const { maxStalledCount } = QUEUE_SETTINGS[QUEUES.imports];

/**
 * A worker killed in the middle of an import (SIGKILL: no shutdown hook, no
 * drain), recovered by Bull's own stalled-job check in the surviving worker:
 * nothing half-written, nothing doubled. Then the worker's tidy-up of
 * imports the queue lost or gave up on. The upload is replaced by a FIFO so
 * the test decides how far the worker gets.
 */
describe('lead import recovery (integration, real worker process)', () => {
  let ctx: TestContext;
  let dir: string;
  let api: RunningApi;
  let manager: SignedIn;
  let child: SpawnedProcess | undefined;
  let retry: INestApplicationContext | undefined;
  const writers: WriteStream[] = [];
  const productSettings = { ...QUEUE_SETTINGS[QUEUES.imports] };
  const inspectors: Queue.Queue[] = [];
  /** A Bull client to inspect the imports queue; closed after the tests, whatever they found. */
  const queue = () => {
    const inspector = new Queue(QUEUES.imports, baseRedisUrl(), { prefix: ctx.queuePrefix });
    inspectors.push(inspector);
    return inspector;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'import-recovery-'));
    ctx = await createTestContext({ UPLOAD_DIR: dir });
    api = await startApi(ctx.config);
    manager = await signInAs(api, 'manager');
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    writers.forEach((writer) => writer.destroy());
    await retry?.close();
    await Promise.all(inspectors.map((inspector) => inspector.close()));
    QUEUE_SETTINGS[QUEUES.imports] = productSettings;
    await api?.close();
    await ctx?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const em = () => api.app.get(MikroORM).em.fork() as EntityManager;
  const jobRow = async (id: string) =>
    (
      await em().execute<{ state: string; counts: { rowsRead: number }; error: { code: string; message: string } | null }[]>(
        `select state, counts, error from import_jobs where id = ?`,
        [id],
      )
    )[0];
  const leadRows = async (id: string) =>
    (await em().execute<{ total: string; rows: string }[]>(`select count(*) as total, count(distinct import_row) as rows from leads where import_id = ?`, [id]))[0];
  const exists = (file: string) => access(file).then(() => true, () => false);

  /** Opening a FIFO for writing waits for its reader: the worker, once it runs the import. */
  const feed = (fifo: string, content: string, end: boolean) => {
    const writer = createWriteStream(fifo);
    writer.on('error', () => undefined); // EPIPE once the reader is killed
    writers.push(writer);
    writer.write(content);
    if (end) writer.end();
    return writer;
  };

  /** The worker entry point, with the short locks set before it builds its queues. */
  async function shortLockWorkerEntry(): Promise<string> {
    const entry = path.join(dir, 'worker-short-locks.js');
    await writeFile(
      entry,
      `Object.assign(require(${JSON.stringify(path.join(ROOT, 'libs/queues/src/queue-settings'))}).QUEUE_SETTINGS.imports, ${JSON.stringify(SHORT_LOCKS)});\n` +
        `require(${JSON.stringify(path.join(ROOT, 'apps/worker/src/main'))});\n`,
    );
    return path.relative(ROOT, entry);
  }

  it('hands a killed worker’s import to another through Bull’s stalled check, which restarts it from the file and commits every row once', async () => {
    expect(maxStalledCount).toBeGreaterThan(1); // Bull's default (1) would fail the job at the second death, unseen
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const accepted = await upload(api, manager, listId, csv).expect(202);
    const importId = accepted.body.id as string;
    const fifo = path.join(dir, 'upload.fifo');
    execFileSync('mkfifo', [fifo]);
    await em().execute(`update import_jobs set file_path = ? where id = ?`, [fifo, importId]);

    child = spawnEntryPoint(await shortLockWorkerEntry(), envFor(ctx.database.url, ctx.queuePrefix, { UPLOAD_DIR: dir }));
    await child.waitFor(/worker health on \/health/);
    const firstHalf = feed(fifo, half, false);
    // The worker reports progress every second; by then it has staged the first half.
    await pollUntil(() => jobRow(importId), (job) => job.state === 'running' && job.counts.rowsRead >= ROWS / 2 - 1, { timeoutMs: 30_000 });

    // Earlier deaths of workers running this import: one more is still forgiven.
    const inspect = queue();
    await inspect.client.hset(inspect.toKey(importId), 'stalledCounter', maxStalledCount! - 1);
    child.kill('SIGKILL');
    await child.exited();
    child = undefined;
    firstHalf.destroy(); // a writer left open would keep the next reader from ever seeing the end
    expect(await jobRow(importId)).toMatchObject({ state: 'running' });
    expect(await leadRows(importId)).toEqual({ total: '0', rows: '0' }); // nothing half-written
    expect(await (await inspect.getJob(importId))!.getState()).toBe('active'); // the dead worker's, until its lock expires

    QUEUE_SETTINGS[QUEUES.imports] = { ...productSettings, ...SHORT_LOCKS };
    retry = await startWorker(ctx.config);
    feed(fifo, csv, true);

    const done = await pollUntil(() => jobRow(importId), (job) => job.state === 'completed', { timeoutMs: 30_000 });
    expect(done.counts).toMatchObject({ rowsRead: ROWS, accepted: ROWS - ROWS / 10, duplicates: ROWS / 10 });
    expect(await leadRows(importId)).toEqual({ total: String(ROWS - ROWS / 10), rows: String(ROWS - ROWS / 10) });
    // Bull's stalled check brought it back (one more stall), not a failed attempt.
    // The import commits before the processor returns: Bull marks the job a moment later.
    await pollUntil(async () => (await inspect.getJob(importId))!.getState(), (state) => state !== 'active', { timeoutMs: 10_000 });
    const job = (await inspect.getJob(importId))!;
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(0);
    expect(Number(await inspect.client.hget(inspect.toKey(importId), 'stalledCounter'))).toBe(maxStalledCount);
  }, 60_000);

  it('queues again an import saved but never queued (the api died in between), which then completes', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const file = path.join(dir, 'never-queued.upload');
    await writeFile(file, 'phone\n2125550901\n2125550902\n');
    const saved = await RequestContext.create(api.app.get(MikroORM).em, () =>
      api.app.get(ImportsService).createLeadImport(listId, { path: file, fileName: 'leads.csv', size: 30 }, {}, SYSTEM_ACTOR),
    );
    const tidy = await retry!.get(ImportsProcessor).tidyUp(0);
    expect(tidy).toEqual({ requeued: [saved.id], failed: [] });
    const done = await pollUntil(() => jobRow(saved.id), (job) => job.state === 'completed');
    expect(done.counts).toMatchObject({ accepted: 2 });
  });

  it('fails an import Bull gave up on without running the processor (stalled more than maxStalledCount), and deletes its upload', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const file = path.join(dir, 'stalled.upload');
    await writeFile(file, 'phone\n2125550911\n');
    const saved = await RequestContext.create(api.app.get(MikroORM).em, () =>
      api.app.get(ImportsService).createLeadImport(listId, { path: file, fileName: 'leads.csv', size: 18 }, {}, SYSTEM_ACTOR),
    );
    // A worker that takes the job and dies at once, for the last time Bull forgives: this one.
    const workerQueue = retry!.get<Queue.Queue>(getQueueToken(QUEUES.imports), { strict: false });
    await workerQueue.pause(true, true);
    const doomed = new Queue(QUEUES.imports, baseRedisUrl(), { prefix: ctx.queuePrefix, settings: { lockDuration: 500 } });
    await enqueue(doomed, QUEUES.imports, 'run', { importId: saved.id }, { jobId: saved.id });
    const taken = await doomed.getNextJob();
    expect(taken?.id).toBe(saved.id);
    await doomed.client.hset(doomed.toKey(saved.id), 'stalledCounter', maxStalledCount!);
    await doomed.close();

    // The surviving worker's stalled check fails the job; the processor never runs, the import stays queued.
    const inspect = queue();
    const failed = await pollUntil(() => inspect.getJob(saved.id), (job) => job?.failedReason !== undefined, { timeoutMs: 15_000 });
    expect(failed!.failedReason).toBe('job stalled more than allowable limit');
    await workerQueue.resume(true);
    expect(await jobRow(saved.id)).toMatchObject({ state: 'queued' });

    const tidy = await retry!.get(ImportsProcessor).tidyUp(0);
    expect(tidy).toEqual({ requeued: [], failed: [saved.id] });
    expect(await jobRow(saved.id)).toMatchObject({
      state: 'failed',
      error: { code: 'IMPORT_ABANDONED', message: expect.stringMatching(/job stalled more than allowable limit/) },
    });
    expect(await exists(file)).toBe(false);
  });
});
