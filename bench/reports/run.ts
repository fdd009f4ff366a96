import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@dialer/core';
import { runMigrations } from '@dialer/db';
import { productionCredentials } from '@dialer/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { listenOnLoopback, log, option, REDIS_URL, ROOT, newBenchRun, runBench, signInBenchUser, tearDownBench } from '../shared/bench-run';
import { describeMachine, writeSection } from '../shared/benchmarks-file';
import { Latency, latencyOf, reportsSection } from './reports-report';

/**
 * npm run bench:reports [-- --attempts=3000000 --leads=1000000 --requests=300 --no-write]
 *
 * The wallboard's `GET /campaigns/:id/stats` (polled every 2 s by every
 * manager) on a campaign with 3M attempts over its 30-day abandon window and
 * 1M leads, beside the same request on a campaign with no history, and the
 * count over call_attempts it used to run; writes the percentiles and the
 * verdict (p99 < 50 ms) under its heading in BENCHMARKS.md.
 */
const HEADING = '## Wallboard stats at any history (`npm run bench:reports`)';

/** One campaign and list; `leads` leads, `attempts` settled attempts spread over the last 29 days (set-based SQL). */
async function seed(client: Client, name: string, leads: number, attempts: number): Promise<string> {
  const { rows } = await client.query<{ campaign: string; list: string }>(
    `with c as (insert into campaigns (name, kind, dialing_mode, jurisdiction, status) values ($1, 'telemarketing', 'predictive', 'US', 'active') returning id),
          l as (insert into lead_lists (name, default_country) values ($1, 'US') returning id)
     select c.id as campaign, l.id as list from c, l`,
    [name],
  );
  const { campaign, list } = rows[0];
  await client.query(`insert into campaign_lists (campaign_id, list_id) values ($1, $2)`, [campaign, list]);
  if (leads === 0) return campaign;
  await client.query(
    `insert into leads (list_id, phone, status, timezone, timezone_candidates)
     select $1, '+1212' || lpad(g::text, 7, '0'), (array['new','retry','done','exhausted','blocked'])[1 + g % 5], 'America/New_York', '{America/New_York}'
       from generate_series(1, $2::int) g`,
    [list, leads],
  );
  await client.query(
    `insert into call_attempts (campaign_id, lead_id, phone, state, created_at, answered_at, connected_at, answered_by, abandoned, outcome, settled_at)
     select $1, l.id, l.phone, 'completed', t.at, case when g % 3 <> 0 then t.at + interval '8 s' end, case when g % 3 = 1 then t.at + interval '9 s' end,
            case when g % 3 <> 0 then (array['human','human','machine_start'])[1 + g % 3] end, g % 97 = 2,
            (array['no_answer','human','machine'])[1 + g % 3], t.at + interval '2 min'
       from generate_series(1, $2::int) g
       join lateral (select now() - interval '29 days' + (g::float / $2::int) * interval '29 days' as at) t on true
       join (select id, phone, row_number() over (order by id) as n from leads where list_id = $3) l on l.n = 1 + g % $4::int`,
    [campaign, attempts, list, leads],
  );
  return campaign;
}

async function timeRequests(url: string, token: string, campaignId: string, requests: number): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < requests + 20; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/campaigns/${campaignId}/stats`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`stats answered ${response.status}`);
    if (i >= 20) samples.push(performance.now() - started); // the first 20 warm the caches and the JIT
  }
  return latencyOf(samples);
}

async function timeQuery(client: Client, sql: string, params: unknown[], requests: number): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < requests + 5; i++) {
    const started = performance.now();
    await client.query(sql, params);
    if (i >= 5) samples.push(performance.now() - started);
  }
  return latencyOf(samples);
}

async function main(): Promise<void> {
  const attempts = option('attempts', 3_000_000);
  const leads = option('leads', 1_000_000);
  const requests = option('requests', 300);
  const write = !process.argv.includes('--no-write');
  const { run, databaseUrl, queuePrefix } = newBenchRun('dialer_bench_reports_');
  const config = loadConfig({
    NODE_ENV: 'production',
    ...productionCredentials(), // production refuses the published emulator credentials
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    API_PORT: '0',
  });
  await runMigrations(config);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const api = await createApiApp(config);
  try {
    log(`seeding ${attempts} attempts and ${leads} leads...`);
    const seedStarted = performance.now();
    const busy = await seed(client, 'history', leads, attempts);
    const empty = await seed(client, 'no history', 0, 0);
    await client.query('vacuum analyze');
    log(`seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s`);

    const url = await listenOnLoopback(api);
    const token = await signInBenchUser(api, url, `bench-${run}@example.com`, 'manager');

    log(`timing ${requests} requests each...`);
    const withHistory = await timeRequests(url, token, busy, requests);
    const withoutHistory = await timeRequests(url, token, empty, requests);
    // What the wallboard counted before the rollups: every attempt of the window, every lead of the lists.
    const recount = await timeQuery(
      client,
      `select count(*), count(*) filter (where answered_at is not null), count(*) filter (where connected_at is not null), count(*) filter (where abandoned)
         from call_attempts where campaign_id = $1 and created_at >= now() - interval '30 days'`,
      [busy],
      Math.min(requests, 20),
    );
    const section = reportsSection({ attempts, leads, requests, withHistory, withoutHistory, recount }, describeMachine(), new Date().toISOString().slice(0, 10));
    log(`\n${section}\n`);
    if (write) {
      writeSection(path.join(ROOT, 'BENCHMARKS.md'), HEADING, section);
      log('BENCHMARKS.md updated');
    }
  } finally {
    await client.end();
    await tearDownBench({ api, databaseUrl, queuePrefix });
  }
}

runBench(main);
