import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import Queue from 'bull';
import { execFileSync } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baseRedisUrl, createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi, startWorker } from '../support/apps';
import { pollUntil } from '../support/poll';
import { envFor, SpawnedProcess, spawnEntryPoint } from '../support/processes';
import { createList, upload } from '../leads/lead-import-helpers';

const ROWS = 400;
/** Every tenth row repeats the one before it: the retry must not turn those into leads either. */
const csv = [
  'phone,name',
  ...Array.from({ length: ROWS }, (_, i) => `212555${String(1000 + (i % 10 === 9 ? i - 1 : i)).padStart(4, '0')},Lead ${i + 1}`),
].join('\n');
const half = csv.slice(0, csv.indexOf('\n', csv.length / 2) + 1);

/**
 * A worker killed in the middle of an import (SIGKILL: no shutdown hook, no
 * drain), then the queue's retry: nothing half-written, nothing doubled.
 * The upload is replaced by a FIFO so the test decides how far the worker gets.
 */
describe('lead import recovery (integration, real worker process)', () => {
  let ctx: TestContext;
  let dir: string;
  let api: RunningApi;
  let manager: SignedIn;
  let child: SpawnedProcess | undefined;
  let retry: INestApplicationContext | undefined;
  const writers: WriteStream[] = [];

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
    await api?.close();
    await ctx?.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const em = () => api.app.get(MikroORM).em.fork() as EntityManager;
  const jobRow = async (id: string) =>
    (await em().execute<{ state: string; counts: { rowsRead: number } }[]>(`select state, counts from import_jobs where id = ?`, [id]))[0];
  const leadRows = async (id: string) =>
    (await em().execute<{ total: string; rows: string }[]>(`select count(*) as total, count(distinct import_row) as rows from leads where import_id = ?`, [id]))[0];

  /** Opening a FIFO for writing waits for its reader: the worker, once it runs the import. */
  const feed = (fifo: string, content: string, end: boolean) => {
    const writer = createWriteStream(fifo);
    writer.on('error', () => undefined); // EPIPE once the reader is killed
    writers.push(writer);
    writer.write(content);
    if (end) writer.end();
    return writer;
  };

  it('restarts from the file after a kill, commits every row once', async () => {
    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const accepted = await upload(api, manager, listId, csv).expect(202);
    const importId = accepted.body.id as string;
    const fifo = path.join(dir, 'upload.fifo');
    execFileSync('mkfifo', [fifo]);
    await em().execute(`update import_jobs set file_path = ? where id = ?`, [fifo, importId]);

    child = spawnEntryPoint('apps/worker/src/main.ts', envFor(ctx.database.url, ctx.queuePrefix, { UPLOAD_DIR: dir }));
    await child.waitFor(/worker health on \/health/);
    const firstHalf = feed(fifo, half, false);
    // The worker reports progress every second; by then it has staged the first half.
    await pollUntil(() => jobRow(importId), (job) => job.state === 'running' && job.counts.rowsRead >= ROWS / 2 - 1, { timeoutMs: 30_000 });

    child.kill('SIGKILL');
    await child.exited();
    child = undefined;
    firstHalf.destroy(); // a writer left open would keep the next reader from ever seeing the end
    expect(await jobRow(importId)).toMatchObject({ state: 'running' });
    expect(await leadRows(importId)).toEqual({ total: '0', rows: '0' }); // nothing half-written

    // Bull notices the stalled job once the dead worker's lock expires (30 s, then a stalled check);
    // the test hands it back now, as a failed attempt that the job's retry policy re-queues.
    const queue = new Queue('imports', baseRedisUrl(), { prefix: ctx.queuePrefix });
    await (await queue.getJob(importId))!.moveToFailed({ message: 'worker killed' }, true);
    await queue.close();
    retry = await startWorker(ctx.config);
    feed(fifo, csv, true);

    const done = await pollUntil(() => jobRow(importId), (job) => job.state === 'completed', { timeoutMs: 60_000 });
    expect(done.counts).toMatchObject({ rowsRead: ROWS, accepted: ROWS - ROWS / 10, duplicates: ROWS / 10 });
    expect(await leadRows(importId)).toEqual({ total: String(ROWS - ROWS / 10), rows: String(ROWS - ROWS / 10) });
  });
});
