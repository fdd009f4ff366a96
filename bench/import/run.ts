import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { loadConfig } from '@dialer/core';
import { dropDatabase, runMigrations, withDatabaseName } from '@dialer/db';
import { UsersService } from '@dialer/auth';
import { clearRedisPrefix } from '@dialer/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { importSection, importTable } from './import-report';
import { GeneratedLeadFile, generateLeadFile, HEADER } from './lead-file-generator';
import { describeMachine, writeSection } from './markdown-section';

/**
 * npm run bench:import [-- --rows=1000000 --no-write]
 *
 * Imports a generated million-row list through the real path (multipart
 * upload to the api, Bull job, the worker process), then times psql's \copy
 * of the same file into an unindexed table, and writes the figures under the
 * lead-import heading of BENCHMARKS.md, with a verdict made from them
 * (import-report.ts).
 */
const ROOT = path.resolve(__dirname, '../..');
const HEADING = '## Lead import (`npm run bench:import`)';
const POLL_MS = 100;
const BASE_DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (kb: number) => Math.round(kb / 1024);

/** The file is deterministic: made once per row count, reused by later runs. */
async function leadFile(rows: number): Promise<{ file: string; dnc: string; stats: GeneratedLeadFile }> {
  const dir = path.join(ROOT, 'var/bench');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `leads-${rows}.csv`);
  const dnc = path.join(dir, `dnc-${rows}.txt`);
  const statsFile = `${file}.json`;
  if (existsSync(file) && existsSync(dnc) && existsSync(statsFile)) {
    return { file, dnc, stats: JSON.parse(readFileSync(statsFile, 'utf8')) as GeneratedLeadFile };
  }
  log(`generating ${rows} rows into ${path.relative(ROOT, file)}...`);
  const stats = await generateLeadFile(file, rows);
  writeFileSync(dnc, `${stats.dncNumbers.join('\n')}\n`);
  writeFileSync(statsFile, JSON.stringify(stats));
  return { file, dnc, stats };
}

/** Reads VmRSS/VmHWM (kB) of a process. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Streams a file as multipart/form-data, as a browser would (never in memory). */
async function uploadFile(url: string, token: string, file: string, fields: Record<string, string> = {}): Promise<{ status: number; body: { id: string } }> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  const head = Buffer.from(`${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = (await stat(file)).size;
  const req = request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + size + tail.length,
    },
  });
  req.write(head);
  const body = createReadStream(file);
  body.pipe(req, { end: false });
  await once(body, 'end');
  req.end(tail);
  const [response] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
  let text = '';
  for await (const chunk of response) text += chunk;
  return { status: response.statusCode ?? 0, body: JSON.parse(text) };
}

interface ImportBody {
  id: string;
  state: string;
  durationMs: number;
  counts: Record<string, number>;
  error: unknown;
  createdAt: string;
  startedAt: string | null;
}

async function main(): Promise<void> {
  const rows = option('rows', 1_000_000);
  const write = !process.argv.includes('--no-write');
  const { file, dnc, stats } = await leadFile(rows);
  const fileBytes = (await stat(file)).size;

  const run = randomBytes(3).toString('hex');
  const databaseUrl = withDatabaseName(BASE_DB, `dialer_bench_${run}`);
  const queuePrefix = `bench-${run}`;
  const uploads = await mkdtemp(path.join(tmpdir(), 'bench-uploads-'));
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(24).toString('hex'),
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    UPLOAD_DIR: uploads,
    API_PORT: '0',
    WORKER_HEALTH_PORT: '0',
  };
  const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
  await runMigrations(config);

  // The worker as production runs it: its own process, whose memory we read.
  const worker = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let workerLog = '';
  worker.stdout.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));
  const api = await createApiApp(config);
  await api.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;

  try {
    while (!/worker health on \/health/.test(workerLog)) await sleep(100);
    const email = `bench-${run}@example.com`;
    await RequestContext.create(api.get(MikroORM).em, () =>
      api.get(UsersService).create({ email, displayName: 'Bench', password: 'bench-password-1', role: 'admin' }, { id: null, role: 'system' }),
    );
    const { accessToken: token } = (await (
      await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench-password-1' }) })
    ).json()) as { accessToken: string };
    const get = async (id: string) => (await (await fetch(`${url}/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ImportBody;
    const settle = async (id: string, onPoll: () => void = () => undefined) => {
      for (;;) {
        onPoll();
        const body = await get(id);
        if (['completed', 'failed'].includes(body.state)) return body;
        await sleep(POLL_MS);
      }
    };

    log(`loading ${stats.dncNumbers.length} numbers onto the global DNC list (same pipeline)...`);
    const dncUpload = await uploadFile(`${url}/dnc/imports`, token, dnc, { country: 'US', source: 'registry' });
    const dncDone = await settle(dncUpload.body.id);
    if (dncDone.state !== 'completed') throw new Error(`DNC import failed: ${JSON.stringify(dncDone.error)}`);

    const list = (await (
      await fetch(`${url}/lists`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', defaultCountry: 'US', dedupeScope: 'list' }),
      })
    ).json()) as { id: string };

    log(`importing ${rows} rows (${mb(fileBytes / 1024)} MB)...`);
    const idleRss = memoryOf(worker.pid!).rss;
    const uploadStarted = performance.now();
    const accepted = await uploadFile(`${url}/lists/${list.id}/imports`, token, file);
    const uploadMs = performance.now() - uploadStarted;
    if (accepted.status !== 202) throw new Error(`upload answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    let peakRss = 0;
    const done = await settle(accepted.body.id, () => (peakRss = Math.max(peakRss, memoryOf(worker.pid!).rss)));
    const endToEndMs = performance.now() - uploadStarted;
    const { hwm } = memoryOf(worker.pid!);
    if (done.state !== 'completed') throw new Error(`import failed: ${JSON.stringify(done.error)}`);
    const staged = workerLog
      .split('\n')
      .filter((line) => line.includes('"msg":"import staged"'))
      .map((line) => JSON.parse(line) as { ms: number })
      .pop();
    const stagedMs = staged?.ms ?? Number.NaN;

    log('timing psql \\copy of the same file into an unindexed table...');
    const psql = (sql: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
      });
    await psql(`create table bench_copy (${HEADER.map((h) => `${h} text`).join(', ')})`);
    const copyStarted = performance.now();
    await psql(`\\copy bench_copy from '${file}' with (format csv, header true)`);
    const copyMs = performance.now() - copyStarted;

    const figures = {
      rows,
      fileMb: mb(fileBytes / 1024),
      columns: HEADER.length,
      invalid: stats.invalid,
      duplicates: stats.duplicates,
      onDnc: stats.dncNumbers.length,
      counts: done.counts,
      importMs: done.durationMs,
      stagedMs,
      uploadMs,
      queuedMs: done.startedAt ? Date.parse(done.startedAt) - Date.parse(done.createdAt) : Number.NaN,
      endToEndMs,
      pollMs: POLL_MS,
      copyMs,
      peakRssMb: mb(Math.max(hwm, peakRss)),
      idleRssMb: mb(idleRss),
    };
    const table = importTable(figures);
    log(`\n${table}\n`);
    if (write) {
      const date = new Date().toISOString().slice(0, 10);
      writeSection(path.join(ROOT, 'BENCHMARKS.md'), HEADING, importSection(figures, describeMachine(), date));
      log('BENCHMARKS.md updated');
    }
  } finally {
    worker.kill('SIGTERM');
    await once(worker, 'exit');
    await api.close();
    await dropDatabase(databaseUrl);
    await clearRedisPrefix(queuePrefix, REDIS_URL);
    await rm(uploads, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
