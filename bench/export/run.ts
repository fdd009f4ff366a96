import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { loadConfig } from '@dialer/core';
import { runMigrations } from '@dialer/db';
import { AttemptsExporter, AttemptFilters } from '@dialer/reporting';
import { seedAttempts, productionCredentials } from '@dialer/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { listenOnLoopback, log, memoryOf, option, REDIS_URL, ROOT, newBenchRun, runBench, signInBenchUser, spawnWorker, tearDownBench } from '../shared/bench-run';
import { describeMachine, writeSection } from '../shared/benchmarks-file';
import { exportSection, ExportFigures } from './export-report';

/**
 * npm run bench:export [-- --rows=1000000 --no-write]
 *
 * Seeds a million settled call attempts (times, AMD, dispositions, dial-time
 * evidence), exports them to CSV through the real path (POST /exports, Bull,
 * the worker process writing the file) and times `psql \copy (select …) to`
 * of the same select beside it, then writes both under the export heading of
 * BENCHMARKS.md with the verdict against the goal (≤ 2× psql, worker RSS ≤ 300 MB).
 */
const HEADING = '## Call-results export (`npm run bench:export`)';
const POLL_MS = 200;

/** Gives the seeded attempts what a day of calling leaves: times, verdicts, outcomes, evidence. */
async function settleAttempts(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`update leads set timezone = 'America/New_York', timezone_candidates = '{America/New_York}', timezone_source = 'area_code',
      phone_type = 'mobile', first_name = 'Lead', last_name = 'Number ' || left(id::text, 8), external_id = 'EXT-' || left(id::text, 8)`);
    await client.query(`insert into disposition_codes (campaign_id, code, label, is_final, is_success, is_contact)
      select id, 'SALE', 'Sale', true, true, true from campaigns`);
    await client.query(`update call_attempts a set
        state = 'completed', mode = 'predictive', provider_call_sid = 'CA' || replace(a.id::text, '-', ''),
        created_at = t.at, initiated_at = t.at + interval '0.2 s', ringing_at = t.at + interval '1 s',
        answered_at = case when t.n % 3 <> 0 then t.at + interval '9 s' end,
        connected_at = case when t.n % 3 = 1 then t.at + interval '9.8 s' end,
        ended_at = t.at + interval '95 s', settled_at = t.at + interval '96 s',
        answered_by = case when t.n % 3 <> 0 then 'human' end,
        abandoned = t.n % 3 = 2, outcome = case t.n % 3 when 0 then 'no_answer' when 1 then 'human' else 'abandoned' end,
        disposition_code = case when t.n % 3 = 1 then 'SALE' end,
        disposition_data = case when t.n % 3 = 1 then '{"amount": 12000, "currency": "USD"}'::jsonb end,
        disposition_at = case when t.n % 3 = 1 then t.at + interval '120 s' end, duration_sec = 86,
        compliance_evidence = jsonb_build_object(
          'dnc', jsonb_build_object('passed', true, 'code', 'OK', 'checkedAt', t.at),
          'timezone', jsonb_build_object('passed', true, 'code', 'OK', 'zones', jsonb_build_array('America/New_York')),
          'calling_window', jsonb_build_object('passed', true, 'code', 'OK', 'localTimes', jsonb_build_object('America/New_York', t.at)),
          'attempt_limits', jsonb_build_object('passed', true, 'code', 'OK', 'total', t.n % 5, 'today', t.n % 2),
          'redial_after_abandon', jsonb_build_object('passed', true, 'code', 'OK'),
          'consent', jsonb_build_object('passed', true, 'code', 'OK'),
          'dialLevel', 1.8, 'taken', jsonb_build_object('status', 'new'))
          || case when t.n % 3 = 2 then jsonb_build_object('abandonMessage', jsonb_build_object('playedAt', t.at + interval '11 s')) else '{}'::jsonb end
      from (select id, row_number() over (order by id) as n, timestamptz '2026-11-02 14:00:00+00' + (row_number() over (order by id)) * interval '20 ms' as at
              from call_attempts) t
      where a.id = t.id`);
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

function psqlCopy(databaseUrl: string, select: string, file: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // \copy takes the rest of its line: the select on one line.
    const child = spawn('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', `\\copy (${select.replace(/\s+/g, ' ')}) to '${file}' with (format csv, header true)`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`psql exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const rows = option('rows', 1_000_000);
  const runs = option('runs', 2);
  const write = !process.argv.includes('--no-write');
  const { run, databaseUrl, queuePrefix } = newBenchRun('dialer_bench_export_');
  const exportsDir = await mkdtemp(path.join(tmpdir(), 'bench-exports-'));
  const env = {
    NODE_ENV: 'production',
    ...productionCredentials(), // production refuses the published emulator credentials
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    EXPORT_DIR: exportsDir,
    API_PORT: '0',
    WORKER_HEALTH_PORT: '0',
  };
  const config = loadConfig(env);
  await runMigrations(config);

  log(`seeding ${rows} attempts...`);
  const seedStarted = performance.now();
  const [first] = await seedAttempts(databaseUrl, { attemptsPerCampaign: rows });
  await settleAttempts(databaseUrl);
  log(`seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s`);
  const filters: AttemptFilters = { campaignIds: [first.campaignId] };

  const worker = spawnWorker({ ...env, LOG_LEVEL: 'info' });
  const api = await createApiApp(config);
  const url = await listenOnLoopback(api);

  try {
    await worker.ready();
    worker.output = '';
    const token = await signInBenchUser(api, url, `bench-${run}@example.com`, 'compliance');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const select = await new AttemptsExporter(databaseUrl).sql(filters);
    const idleRss = memoryOf(worker.process.pid!).rss;
    const ours: number[] = [];
    const psql: number[] = [];
    let peakRss = 0;
    let fileBytes = 0;
    let psqlBytes = 0;
    for (let i = 0; i < runs; i++) {
      log(`run ${i + 1}/${runs}: psql \\copy...`);
      const psqlFile = path.join(exportsDir, `psql-${i}.csv`);
      psql.push(await psqlCopy(databaseUrl, select, psqlFile));
      psqlBytes = (await stat(psqlFile)).size;
      await rm(psqlFile);
      log(`run ${i + 1}/${runs}: POST /exports...`);
      const started = performance.now();
      const created = (await (await fetch(`${url}/exports`, { method: 'POST', headers, body: JSON.stringify({ kind: 'attempts', format: 'csv', filters }) })).json()) as {
        id: string;
      };
      let view: { state: string; fileSize: number | null; rowsWritten: number; error: string | null };
      for (;;) {
        peakRss = Math.max(peakRss, memoryOf(worker.process.pid!).rss);
        view = (await (await fetch(`${url}/exports/${created.id}`, { headers })).json()) as typeof view;
        if (view.state === 'completed' || view.state === 'failed') break;
        await sleep(POLL_MS);
      }
      if (view.state !== 'completed') throw new Error(`export failed: ${view.error}`);
      if (view.rowsWritten !== rows) throw new Error(`export wrote ${view.rowsWritten} rows, not ${rows}`);
      ours.push(performance.now() - started);
      fileBytes = view.fileSize ?? 0;
    }
    const figures: ExportFigures = {
      rows,
      runs,
      exportMs: Math.min(...ours),
      psqlMs: Math.min(...psql),
      fileMb: Math.round(fileBytes / 1024 / 1024),
      psqlFileMb: Math.round(psqlBytes / 1024 / 1024),
      idleRssMb: Math.round(idleRss / 1024),
      peakRssMb: Math.round(Math.max(peakRss, memoryOf(worker.process.pid!).hwm) / 1024),
      pollMs: POLL_MS,
    };
    const section = exportSection(figures, describeMachine(), new Date().toISOString().slice(0, 10));
    log(`\n${section}\n`);
    if (write) {
      writeSection(path.join(ROOT, 'BENCHMARKS.md'), HEADING, section);
      log('BENCHMARKS.md updated');
    }
  } finally {
    await tearDownBench({ worker, api, databaseUrl, queuePrefix, dir: exportsDir });
  }
}

runBench(main);
