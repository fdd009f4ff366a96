import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '@dialer/core';
import { runMigrations, withDatabaseName } from '@dialer/db';
import { RollupFoldingService } from '@dialer/reporting';
import { productionCredentials } from '@dialer/testing';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { BASE_DB, listenOnLoopback, log, option, REDIS_URL, ROOT, newBenchRun, runBench, signInBenchUser, tearDownBench } from '../shared/bench-run';
import { describeMachine, writeSection } from '../shared/benchmarks-file';
import { Latency, latencyOf, reportsSection } from './reports-report';

/**
 * npm run bench:reports [-- --attempts=3000000 --leads=1000000 --requests=300 --no-write --keep-db --reuse=<database>]
 *
 * `--keep-db` leaves the seeded database (its name logged) for EXPLAIN and
 * later runs; `--reuse=<database>` times a kept one again (after any new
 * migration) instead of seeding.
 *
 * The wallboard's `GET /campaigns/:id/stats` (polled every 2 s by every
 * manager) on a campaign with 3M attempts over its 30-day abandon window and
 * 1M leads, beside the same request on a campaign with no history, and the
 * count over call_attempts it used to run; and the 30-day KPI report by day
 * (`GET /reports/campaigns/:id/kpis`, from its hourly rollups) on both
 * campaigns, and by agent and by list on the busy one (agent time included:
 * the seed writes the agents' state log of every connected call); writes the percentiles and the verdicts (p99 < 50 ms) under its
 * heading in BENCHMARKS.md. The seed's shards are folded once before timing,
 * as the worker's fold (every 10 minutes) would have done in production: the
 * finished hours read one row per bucket, the last two hours their shards;
 * then the rollups are compacted (production never holds a month of dead
 * shard rows: each hour's space is reused by the next hours' shards).
 */
const HEADING = '## Wallboard stats at any history (`npm run bench:reports`)';

/**
 * One campaign and list; `leads` leads, `attempts` settled attempts spread
 * over the last 29 days (set-based SQL): a third unanswered, a third machines,
 * a third put through to one of ten agents, talked and dispositioned under
 * the campaign's codes (and a few other attempts with one).
 */
async function seed(client: Client, name: string, leads: number, attempts: number): Promise<string> {
  const { rows } = await client.query<{ campaign: string; list: string }>(
    `with c as (insert into campaigns (name, kind, dialing_mode, jurisdiction, status) values ($1, 'telemarketing', 'predictive', 'US', 'active') returning id),
          l as (insert into lead_lists (name, default_country) values ($1, 'US') returning id)
     select c.id as campaign, l.id as list from c, l`,
    [name],
  );
  const { campaign, list } = rows[0];
  await client.query(`insert into campaign_lists (campaign_id, list_id) values ($1, $2)`, [campaign, list]);
  await client.query(
    `insert into disposition_codes (campaign_id, code, label, is_contact, is_success, is_final, position)
     values ($1, 'SALE', 'Sale', true, true, true, 1), ($1, 'NOT_INTERESTED', 'Not interested', true, false, true, 2),
            ($1, 'CALLBACK', 'Call back', true, false, false, 3), ($1, 'WRONG_PARTY', 'Wrong party', false, false, true, 4)`,
    [campaign],
  );
  if (leads === 0) return campaign;
  const { rows: agents } = await client.query<{ id: string }>(
    `insert into users (email, display_name, role, password_hash) select $1 || '-agent-' || g || '@example.com', 'Agent ' || g, 'agent', 'x' from generate_series(1, 10) g returning id`,
    [`${name.replace(/\W/g, '')}-${campaign.slice(0, 8)}`],
  );
  await client.query(
    `insert into leads (list_id, phone, status, timezone, timezone_candidates)
     select $1, '+1212' || lpad(g::text, 7, '0'), (array['new','retry','done','exhausted','blocked'])[1 + g % 5], 'America/New_York', '{America/New_York}'
       from generate_series(1, $2::int) g`,
    [list, leads],
  );
  await client.query(`create temp table numbered_leads as select id, phone, row_number() over (order by id) as n from leads where list_id = $1`, [list]);
  // In 16 transactions (runs of 7 attempts each, so each has every outcome and code), as many writers would: the rollups' rows spread over their shards as in production.
  for (let part = 0; part < 16; part++) {
    await client.query(
      `insert into call_attempts (campaign_id, lead_id, phone, state, created_at, answered_at, connected_at, ended_at, answered_by, abandoned, agent_id,
                                  disposition_code, outcome, settled_at)
       select $1, l.id, l.phone, 'completed', t.at, case when g % 3 <> 0 then t.at + interval '8 s' end,
              case when g % 3 = 1 then t.at + interval '9 s' + (g % 5) * interval '250 ms' end, t.at + interval '9 s' + (g % 300) * interval '1 s',
              case when g % 3 <> 0 then (array['human','human','machine_start'])[1 + g % 3] end, g % 97 = 2,
              case when g % 3 = 1 then ($4::uuid[])[1 + g % 10] end,
              case when g % 3 = 1 then (array['SALE','NOT_INTERESTED','CALLBACK','WRONG_PARTY'])[1 + g % 4] when g % 11 = 0 then 'WRONG_PARTY' end,
              (array['no_answer','human','machine'])[1 + g % 3], t.at + interval '2 min'
         from generate_series(1, $2::int) g
         join lateral (select date_trunc('milliseconds', now() - interval '29 days' + (g::float / $2::int) * interval '29 days') as at) t on true
         join numbered_leads l on l.n = 1 + g % $3::int
        where (g / 7) % 16 = $5`,
      [campaign, attempts, leads, agents.map((agent) => agent.id), part],
    );
    // The agents' state log of those calls, in the same 16 transactions: on the call from connect to hang-up, then 5 to 29 s of wrap-up after it.
    await client.query(
      `insert into agent_state_log (agent_id, campaign_id, state, attempt_id, started_at, ended_at)
       select a.agent_id, a.campaign_id, s.state, a.id, s.started_at, s.ended_at
         from call_attempts a
        cross join lateral (values ('on_call', a.connected_at, a.ended_at),
                                   ('wrap_up', a.ended_at, a.ended_at + (5 + extract(epoch from a.created_at)::bigint % 25) * interval '1 s')) s(state, started_at, ended_at)
        where a.campaign_id = $1 and a.agent_id is not null and a.connected_at is not null and (hashtext(a.id::text) & 15) = $2`,
      [campaign, part],
    );
  }
  // Each agent's daily break (an hour, across an hour's end), and the period each is in now (open, begun 10 minutes ago).
  await client.query(
    `insert into agent_state_log (agent_id, campaign_id, state, reason, started_at, ended_at)
     select a.id, $1, 'paused', 'lunch', d + interval '12 hours 30 minutes', d + interval '13 hours 30 minutes'
       from unnest($2::uuid[]) a(id), generate_series(date_trunc('day', now() - interval '29 days'), now() - interval '1 day', interval '1 day') d`,
    [campaign, agents.map((agent) => agent.id)],
  );
  await client.query(`insert into agent_state_log (agent_id, campaign_id, state, started_at) select id, $1, 'ready', now() - interval '10 minutes' from unnest($2::uuid[]) a(id)`, [
    campaign,
    agents.map((agent) => agent.id),
  ]);
  await client.query(`drop table numbered_leads`);
  return campaign;
}

/** The wallboard's stats of a campaign. */
const statsPath = (campaignId: string) => `/campaigns/${campaignId}/stats`;

/** The KPI report of a campaign's last 30 days by day (UTC), agent or list, as a manager asks for it. */
function kpisPath(campaignId: string, groupBy: 'day' | 'agent' | 'list' = 'day'): string {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  return `/reports/campaigns/${campaignId}/kpis?from=${from.toISOString()}&to=${to.toISOString()}&groupBy=${groupBy}&timeZone=UTC`;
}

async function timeRequests(url: string, token: string, path: () => string, requests: number): Promise<Latency> {
  const samples: number[] = [];
  for (let i = 0; i < requests + 20; i++) {
    const started = performance.now();
    const response = await fetch(`${url}${path()}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path()} answered ${response.status}`);
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
  const keep = process.argv.includes('--keep-db');
  const reuse = process.argv.find((a) => a.startsWith('--reuse='))?.split('=')[1];
  const fresh = newBenchRun('dialer_bench_reports_');
  const { run, queuePrefix } = fresh;
  const databaseUrl = reuse ? withDatabaseName(BASE_DB, reuse) : fresh.databaseUrl;
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
    const seedStarted = performance.now();
    let busy: string, empty: string;
    if (reuse) {
      const campaign = async (name: string) => (await client.query<{ id: string }>(`select id from campaigns where name = $1`, [name])).rows[0].id;
      [busy, empty] = [await campaign('history'), await campaign('no history')];
    } else {
      log(`seeding ${attempts} attempts and ${leads} leads...`);
      busy = await seed(client, 'history', leads, attempts);
      empty = await seed(client, 'no history', 0, 0);
    }
    const folded = await api.get(RollupFoldingService).foldFinishedHours({ budgetMs: Infinity });
    log(`folded ${folded.tables.map(({ table, folded: rows }) => `${rows} shard rows of ${table}`).join(' and ')}`);
    // The seed wrote 30 days of shard rows at once, folded at once: dead space 10 to 20 times the rollups' live rows, which
    // production never holds (each hour's shards are folded two hours later, their space reused by the next hours'). Compacted, as there.
    await client.query(`vacuum full ${folded.tables.map(({ table }) => table).join(', ')}`);
    await client.query('vacuum analyze');
    log(`seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s`);

    const url = await listenOnLoopback(api);
    const token = await signInBenchUser(api, url, `bench-${run}@example.com`, 'manager');

    log(`timing ${requests} requests each...`);
    const withHistory = await timeRequests(url, token, () => statsPath(busy), requests);
    const withoutHistory = await timeRequests(url, token, () => statsPath(empty), requests);
    const kpisWithHistory = await timeRequests(url, token, () => kpisPath(busy), requests);
    const kpisWithoutHistory = await timeRequests(url, token, () => kpisPath(empty), requests);
    const kpisByAgent = await timeRequests(url, token, () => kpisPath(busy, 'agent'), requests);
    const kpisByList = await timeRequests(url, token, () => kpisPath(busy, 'list'), requests);
    // What the wallboard counted before the rollups: every attempt of the window, every lead of the lists.
    const recount = await timeQuery(
      client,
      `select count(*), count(*) filter (where answered_at is not null), count(*) filter (where connected_at is not null), count(*) filter (where abandoned)
         from call_attempts where campaign_id = $1 and created_at >= now() - interval '30 days'`,
      [busy],
      Math.min(requests, 20),
    );
    const [{ count: stateRows }] = (await client.query<{ count: string }>(`select count(*) from agent_state_log`)).rows;
    const section = reportsSection(
      { attempts, leads, stateRows: Number(stateRows), requests, withHistory, withoutHistory, recount, kpisWithHistory, kpisWithoutHistory, kpisByAgent, kpisByList },
      describeMachine(),
      new Date().toISOString().slice(0, 10),
    );
    log(`\n${section}\n`);
    if (write) {
      writeSection(path.join(ROOT, 'BENCHMARKS.md'), HEADING, section);
      log('BENCHMARKS.md updated');
    }
  } finally {
    await client.end();
    if (keep || reuse) {
      await api.close();
      log(`kept the database ${new URL(databaseUrl).pathname.slice(1)}`);
    } else {
      await tearDownBench({ api, databaseUrl, queuePrefix });
    }
  }
}

runBench(main);
