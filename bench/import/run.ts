import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@dialer/core';
import { runMigrations } from '@dialer/db';
import { productionCredentials } from '@dialer/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { cpuMsOf, DatabaseCpuMeter, listenOnLoopback, log, memoryOf, option, REDIS_URL, ROOT, newBenchRun, runBench, signInBenchUser, spawnWorker, tearDownBench } from '../shared/bench-run';
import { ImportBenchFigures, importSection, importTable } from './import-report';
import { GeneratedLeadFile, generateLeadFile, HEADER } from './lead-file-generator';
import { describeMachine, writeSection } from './markdown-section';

/**
 * npm run bench:import [-- --rows=1000000 --history=5000000 --no-write]
 *
 * Imports a generated million-row list through the real path (multipart
 * upload to the api, Bull job, the worker process), then times psql's \copy
 * of the same file into an unindexed table; then seeds `--history` leads
 * (another list, straight from generate_series) and imports the same file
 * into a fresh list again, timing psql once more beside it, so the cost of a
 * database with history reads as a ratio taken under the same load. Writes
 * the figures under the lead-import heading of BENCHMARKS.md, with a verdict
 * made from them (import-report.ts).
 */
const HEADING = '## Lead import (`npm run bench:import`)';
const POLL_MS = 100;
const COPY_RUNS = 3;

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

/**
 * `count` leads of an earlier list, as years of imports would leave them:
 * US numbers spread over the whole number space (so the phone index is as
 * big and as mixed as real history makes it), time-ordered ids older than
 * any import's. Quick: the indexes that back no constraint are dropped for
 * the insert and built again afterwards from their own definitions, so the
 * schema the import then meets is exactly the migrated one.
 */
function seedHistorySql(listId: string, count: number): string {
  const plainIndexes = `from pg_indexes i where i.schemaname = current_schema() and i.tablename = 'leads'
    and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
  return `set work_mem = '256MB'; set maintenance_work_mem = '256MB';
    create temporary table bench_index_defs as select indexname, indexdef ${plainIndexes};
    do $$ declare d record; begin for d in select indexname from bench_index_defs loop execute format('drop index %I', d.indexname); end loop; end $$;
    insert into leads (id, list_id, phone, phone_type, country, timezone, timezone_source, timezone_candidates, custom_fields, status)
    select lpad(to_hex(i), 32, '0')::uuid, '${listId}', '+1' || (2000000000 + (i::bigint * 2654435761) % 7999999999)::text,
      'fixed_line_or_mobile', 'US', 'America/New_York', 'area_code', '{America/New_York}', '{"name": "History"}', 'new'
    from generate_series(1, ${count}) i;
    do $$ declare d record; begin for d in select indexdef from bench_index_defs loop execute d.indexdef; end loop; end $$;`;
}

/** What an import writes into a lead, besides its id, list and import reference. */
const FLOOR_COLUMNS = [
  'phone', 'phone_type', 'phone_extension', 'alt_phones', 'alt_phone_types', 'country', 'timezone', 'timezone_source', 'timezone_candidates',
  'custom_fields', 'status', 'blocked_reason', 'first_name', 'last_name', 'email', 'postal_code', 'region', 'external_id',
];

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
  const history = option('history', 5_000_000);
  const write = !process.argv.includes('--no-write');
  const { file, dnc, stats } = await leadFile(rows);
  const fileBytes = (await stat(file)).size;

  const { run, databaseUrl, queuePrefix } = newBenchRun('dialer_bench_');
  const uploads = await mkdtemp(path.join(tmpdir(), 'bench-uploads-'));
  const env = {
    NODE_ENV: 'production',
    ...productionCredentials(), // production refuses the published emulator credentials
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

  const worker = spawnWorker(env);
  const api = await createApiApp(config);
  const url = await listenOnLoopback(api);

  try {
    await worker.ready();
    const token = await signInBenchUser(api, url, `bench-${run}@example.com`, 'admin');
    const get = async (id: string) => (await (await fetch(`${url}/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ImportBody;
    const settle = async (id: string, onPoll: () => void | Promise<void> = () => undefined) => {
      for (;;) {
        await onPoll();
        const body = await get(id);
        if (['completed', 'failed'].includes(body.state)) return body;
        await sleep(POLL_MS);
      }
    };

    log(`loading ${stats.dncNumbers.length} numbers onto the global DNC list (same pipeline)...`);
    const dncUpload = await uploadFile(`${url}/dnc/imports`, token, dnc, { country: 'US', source: 'registry' });
    const dncDone = await settle(dncUpload.body.id);
    if (dncDone.state !== 'completed') throw new Error(`DNC import failed: ${JSON.stringify(dncDone.error)}`);

    const createList = async (name: string) =>
      (await (
        await fetch(`${url}/lists`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name, defaultCountry: 'US', dedupeScope: 'list' }),
        })
      ).json()) as { id: string };

    /** Uploads the file into a fresh list and waits for the import: its figures and the worker's memory meanwhile. */
    const timeImport = async (name: string) => {
      const list = await createList(name);
      log(`importing ${rows} rows (${mb(fileBytes / 1024)} MB) into list "${name}"...`);
      const idleRss = memoryOf(worker.process.pid!).rss;
      const cpuBefore = cpuMsOf(worker.process.pid!);
      const databaseCpu = new DatabaseCpuMeter(databaseUrl);
      await databaseCpu.start();
      const loadBefore = loadavg()[0];
      const uploadStarted = performance.now();
      const accepted = await uploadFile(`${url}/lists/${list.id}/imports`, token, file);
      const uploadMs = performance.now() - uploadStarted;
      if (accepted.status !== 202) throw new Error(`upload answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
      let peakRss = 0;
      const done = await settle(accepted.body.id, async () => {
        peakRss = Math.max(peakRss, memoryOf(worker.process.pid!).rss);
        await databaseCpu.sample();
      });
      const endToEndMs = performance.now() - uploadStarted;
      const { hwm } = memoryOf(worker.process.pid!);
      const databaseCpuMs = await databaseCpu.stop();
      if (done.state !== 'completed') throw new Error(`import failed: ${JSON.stringify(done.error)}`);
      const staged = worker.output
        .split('\n')
        .filter((line) => line.includes('"msg":"import staged"'))
        .map((line) => JSON.parse(line) as { ms: number })
        .pop();
      return {
        listId: list.id,
        done,
        uploadMs,
        endToEndMs,
        stagedMs: staged?.ms ?? Number.NaN,
        peakRssMb: mb(Math.max(hwm, peakRss)),
        idleRssMb: mb(idleRss),
        workerCpuMs: cpuMsOf(worker.process.pid!) - cpuBefore,
        databaseCpuMs,
        load: [loadBefore, loadavg()[0]] as [number, number],
      };
    };

    const psql = (sql: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
      });
    await psql(`create table bench_copy (${HEADER.map((h) => `${h} text`).join(', ')})`);
    /** psql's copy is short, so one slow run would swing the ratio: the median of three. */
    const timeCopy = async () => {
      log('timing psql \\copy of the same file into an unindexed table (three times)...');
      const runs: number[] = [];
      for (let run = 0; run < COPY_RUNS; run++) {
        await psql('truncate bench_copy');
        const copyStarted = performance.now();
        await psql(`\\copy bench_copy from '${file}' with (format csv, header true)`);
        runs.push(performance.now() - copyStarted);
      }
      return runs.sort((a, b) => a - b)[Math.floor(COPY_RUNS / 2)];
    };

    /**
     * The leads the import made, dumped as final rows (untimed) with ids
     * after every other (their order kept) and a fresh list's id, then timed
     * as psql \copy loads them into `leads`: the table's own cost.
     */
    const timeFloor = async (importedListId: string) => {
      const floorList = await createList('floor');
      const dump = path.join(uploads, 'floor.copy');
      await psql(
        `\\copy (select ('ffff' || substr(id::text, 5))::uuid, '${floorList.id}', ${FLOOR_COLUMNS.join(', ')} from leads where list_id = '${importedListId}') to '${dump}'`,
      );
      log('timing psql \\copy of the same leads, as final rows, into `leads`...');
      const started = performance.now();
      await psql(`\\copy leads (id, list_id, ${FLOOR_COLUMNS.join(', ')}) from '${dump}'`);
      const floorMs = performance.now() - started;
      // Gone before the history run, which measures what another list's leads cost.
      await psql(`delete from leads where list_id = '${floorList.id}'`);
      return { floorMs, bareLoad: await timeBareLoad(dump) };
    };

    /**
     * The same rows into a bare table shaped like `leads`, then its indexes
     * built from `leads`' own definitions: what a loader that skips per-row
     * index maintenance (a partition per list, attached once indexed) would pay.
     */
    const timeBareLoad = async (dump: string) => {
      await psql('create table bench_bare (like leads including defaults including constraints)');
      log('timing psql \\copy of the same rows into a bare table shaped like `leads`, then its indexes built...');
      const copyStarted = performance.now();
      await psql(`\\copy bench_bare (id, list_id, ${FLOOR_COLUMNS.join(', ')}) from '${dump}'`);
      const copyMs = performance.now() - copyStarted;
      const indexStarted = performance.now();
      await psql(`set maintenance_work_mem = '256MB';
        do $$ declare d record; begin
          for d in select indexdef from pg_indexes where schemaname = current_schema() and tablename = 'leads' loop
            execute regexp_replace(d.indexdef, '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', 'CREATE \\1INDEX ON bench_bare ');
          end loop; end $$`);
      const indexMs = performance.now() - indexStarted;
      await psql('drop table bench_bare');
      return { copyMs, indexMs };
    };

    const empty = await timeImport('bench');
    const copyMs = await timeCopy();
    const { floorMs, bareLoad } = await timeFloor(empty.listId);
    const { done, uploadMs, endToEndMs, stagedMs } = empty;

    let withHistory: ImportBenchFigures['history'];
    if (history > 0) {
      log(`seeding ${history} leads of an earlier list with generate_series...`);
      const seedStarted = performance.now();
      await psql(seedHistorySql((await createList('history')).id, history));
      await psql('vacuum analyze leads'); // on its own: VACUUM cannot run in the one transaction psql -c makes of several statements
      log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
      const again = await timeImport('bench after history');
      const historyCopyMs = await timeCopy();
      withHistory = {
        leads: history,
        counts: again.done.counts,
        importMs: again.done.durationMs,
        stagedMs: again.stagedMs,
        endToEndMs: again.endToEndMs,
        copyMs: historyCopyMs,
        peakRssMb: again.peakRssMb,
        workerCpuMs: again.workerCpuMs,
        load: again.load,
      };
    }

    const figures: ImportBenchFigures = {
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
      floorMs,
      bareLoad,
      peakRssMb: empty.peakRssMb,
      idleRssMb: empty.idleRssMb,
      workerCpuMs: empty.workerCpuMs,
      databaseCpuMs: empty.databaseCpuMs,
      cores: cpus().length,
      load: empty.load,
      history: withHistory,
    };
    const table = importTable(figures);
    log(`\n${table}\n`);
    if (write) {
      const date = new Date().toISOString().slice(0, 10);
      writeSection(path.join(ROOT, 'BENCHMARKS.md'), HEADING, importSection(figures, describeMachine(), date));
      log('BENCHMARKS.md updated');
    }
  } finally {
    await tearDownBench({ worker, api, databaseUrl, queuePrefix, dir: uploads });
  }
}

runBench(main);
