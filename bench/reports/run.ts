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
import { loadavg } from 'node:os';
import { BENCH_GROUPINGS, BenchGrouping, Latency, latencyOf, reportsSection, SeededCampaign, Side } from './reports-report';

/**
 * npm run bench:reports [-- --attempts=3000000 --leads=1000000 --floor-attempts=1200000 --floor-leads=300000 --requests=300 --no-write --keep-db --reuse=<database>]
 *
 * `--keep-db` leaves the seeded database (its name logged) for EXPLAIN and
 * later runs; `--reuse=<database>` times a kept one again (after any new
 * migration) instead of seeding.
 *
 * The wallboard's `GET /campaigns/:id/stats` (polled every 2 s by every
 * manager) and the 30-day KPI report (`GET /reports/campaigns/:id/kpis`) by
 * day, hour, agent and list, side by side on three campaigns: 10 agents and
 * one list with 3M attempts over the 30-day abandon window and 1M leads; a
 * 100-agent floor with 3 lists and 5 disposition codes (1.2M attempts, 300k
 * leads: the rollups' rows per hour grow with agents × lists × codes); one
 * with no history. Agent time included: the seed writes the agents' state log
 * of every connected call. Also the count over call_attempts the wallboard
 * used to run. Writes the percentiles, the load average and the verdicts
 * (p99 < 50 ms) under its heading in BENCHMARKS.md. The seed's shards are folded once before timing,
 * as the worker's fold (every 10 minutes) would have done in production: the
 * finished hours read one row per bucket, the last two hours their shards;
 * then the rollups are compacted (production never holds a month of dead
 * shard rows: each hour's space is reused by the next hours' shards).
 */
const HEADING = '## Wallboard stats at any history (`npm run bench:reports`)';

/** A campaign's floor: agents, lists and disposition codes. */
interface Floor {
  agents: number;
  lists: number;
  codes: number;
}

/** The codes a campaign's agents choose from (the first `codes`): contact and success flags of each. */
const CODES: [code: string, contact: boolean, success: boolean][] = [
  ['SALE', true, true],
  ['NOT_INTERESTED', true, false],
  ['CALLBACK', true, false],
  ['WRONG_PARTY', false, false],
  ['APPOINTMENT', true, true],
];

/**
 * One campaign with its floor's agents, lists and codes; `leads` leads
 * spread over the lists, `attempts` settled attempts spread over the last 29
 * days (set-based SQL): a third unanswered, a third machines, a third put
 * through to one of the agents, talked and dispositioned under the
 * campaign's codes (and a few other attempts with one).
 */
async function seed(client: Client, name: string, leads: number, attempts: number, floor: Floor): Promise<string> {
  const { rows } = await client.query<{ campaign: string }>(
    `insert into campaigns (name, kind, dialing_mode, jurisdiction, status) values ($1, 'telemarketing', 'predictive', 'US', 'active') returning id as campaign`,
    [name],
  );
  const { campaign } = rows[0];
  const { rows: lists } = await client.query<{ id: string }>(
    `insert into lead_lists (name, default_country) select $1 || case when g = 1 then '' else ' ' || g end, 'US' from generate_series(1, $2::int) g returning id`,
    [name, floor.lists],
  );
  await client.query(`insert into campaign_lists (campaign_id, list_id) select $1, unnest($2::uuid[])`, [campaign, lists.map((list) => list.id)]);
  const codes = CODES.slice(0, floor.codes);
  await client.query(
    `insert into disposition_codes (campaign_id, code, label, is_contact, is_success, is_final, position)
     select $1, c.code, initcap(replace(c.code, '_', ' ')), c.contact, c.success, c.code <> 'CALLBACK', c.position
       from unnest($2::text[], $3::boolean[], $4::boolean[]) with ordinality c(code, contact, success, position)`,
    [campaign, codes.map(([code]) => code), codes.map(([, contact]) => contact), codes.map(([, , success]) => success)],
  );
  if (leads === 0) return campaign;
  const { rows: agents } = await client.query<{ id: string }>(
    `insert into users (email, display_name, role, password_hash) select $1 || '-agent-' || g || '@example.com', 'Agent ' || g, 'agent', 'x' from generate_series(1, $2::int) g returning id`,
    [`${name.replace(/\W/g, '')}-${campaign.slice(0, 8)}`, floor.agents],
  );
  await client.query(
    `insert into leads (list_id, phone, status, timezone, timezone_candidates)
     select ($1::uuid[])[1 + g % array_length($1::uuid[], 1)], '+1212' || lpad(($3::int + g)::text, 7, '0'), (array['new','retry','done','exhausted','blocked'])[1 + g % 5],
            'America/New_York', '{America/New_York}'
       from generate_series(1, $2::int) g`,
    [lists.map((list) => list.id), leads, (await client.query<{ n: number }>(`select count(*)::int as n from leads`)).rows[0].n],
  );
  await client.query(`create temp table numbered_leads as select id, phone, row_number() over (order by id) as n from leads where list_id = any($1::uuid[])`, [lists.map((list) => list.id)]);
  // In 16 transactions (runs of 7 attempts each, so each has every outcome and code), as many writers would: the rollups' rows spread over their shards as in production.
  // Agents by the attempt's number, codes by its run of 301 (so on a floor of more agents than codes, each agent meets every code).
  for (let part = 0; part < 16; part++) {
    await client.query(
      `insert into call_attempts (campaign_id, lead_id, phone, state, created_at, answered_at, connected_at, ended_at, answered_by, abandoned, agent_id,
                                  disposition_code, outcome, settled_at)
       select $1, l.id, l.phone, 'completed', t.at, case when g % 3 <> 0 then t.at + interval '8 s' end,
              case when g % 3 = 1 then t.at + interval '9 s' + (g % 5) * interval '250 ms' end, t.at + interval '9 s' + (g % 300) * interval '1 s',
              case when g % 3 <> 0 then (array['human','human','machine_start'])[1 + g % 3] end, g % 97 = 2,
              case when g % 3 = 1 then ($4::uuid[])[1 + g % array_length($4::uuid[], 1)] end,
              case when g % 3 = 1 then ($6::text[])[1 + (case when array_length($4::uuid[], 1) > 10 then g / 301 else g end) % array_length($6::text[], 1)]
                   when g % 11 = 0 then 'WRONG_PARTY' end,
              (array['no_answer','human','machine'])[1 + g % 3], t.at + interval '2 min'
         from generate_series(1, $2::int) g
         join lateral (select date_trunc('milliseconds', now() - interval '29 days' + (g::float / $2::int) * interval '29 days') as at) t on true
         join numbered_leads l on l.n = 1 + g % $3::int
        where (g / 7) % 16 = $5`,
      [campaign, attempts, leads, agents.map((agent) => agent.id), part, codes.map(([code]) => code)],
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

/** The zone the reports by day and hour are asked in (whole hours, as most: the rollups answer). */
const ZONE = 'America/New_York';

/** The KPI report of a campaign's last 30 days, as a manager asks for it: by day or hour of the zone, by agent or list. */
function kpisPath(campaignId: string, groupBy: BenchGrouping): string {
  const to = new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  return `/reports/campaigns/${campaignId}/kpis?from=${from.toISOString()}&to=${to.toISOString()}&groupBy=${groupBy}&timeZone=${encodeURIComponent(ZONE)}`;
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

/** The campaigns timed side by side: their names and floors (the seed's sizes from the options). */
const HISTORY: Floor = { agents: 10, lists: 1, codes: 4 };
const FLOOR: Floor = { agents: 100, lists: 3, codes: 5 };
const NAMES = { history: 'history', floor: '100-agent floor', empty: 'no history' } as const;
type CampaignRole = keyof typeof NAMES;

/** What the seed left for a campaign: attempts, leads, state-log rows. */
async function seeded(client: Client, campaignId: string, floor: Floor): Promise<SeededCampaign> {
  const { rows } = await client.query<{ attempts: number; leads: number; state_rows: number }>(
    `select (select count(*)::int from call_attempts where campaign_id = $1) as attempts,
            (select count(*)::int from leads l join campaign_lists cl on cl.list_id = l.list_id where cl.campaign_id = $1) as leads,
            (select count(*)::int from agent_state_log where campaign_id = $1) as state_rows`,
    [campaignId],
  );
  return { ...floor, attempts: rows[0].attempts, leads: rows[0].leads, stateRows: rows[0].state_rows };
}

async function main(): Promise<void> {
  const attempts = option('attempts', 3_000_000);
  const leads = option('leads', 1_000_000);
  const floorAttempts = option('floor-attempts', 1_200_000);
  const floorLeads = option('floor-leads', 300_000);
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
    const campaigns = {} as Record<CampaignRole, string>;
    const existing = async (name: string) => (await client.query<{ id: string }>(`select id from campaigns where name = $1`, [name])).rows[0]?.id;
    for (const [role, name] of Object.entries(NAMES) as [CampaignRole, string][]) {
      const id = reuse ? await existing(name) : undefined;
      if (id) {
        campaigns[role] = id;
        continue;
      }
      const [n, a, floor] = role === 'history' ? [leads, attempts, HISTORY] : role === 'floor' ? [floorLeads, floorAttempts, FLOOR] : [0, 0, HISTORY];
      log(`seeding ${name}: ${a} attempts and ${n} leads...`);
      campaigns[role] = await seed(client, name, n, a, floor);
    }
    const folded = await api.get(RollupFoldingService).foldFinishedHours({ budgetMs: Infinity });
    log(`folded ${folded.tables.map(({ table, folded: rows }) => `${rows} shard rows of ${table}`).join(', ')}`);
    // The seed wrote 30 days of shard rows at once, folded at once: dead space 10 to 20 times the rollups' live rows, which
    // production never holds (each hour's shards are folded two hours later, their space reused by the next hours'). Compacted, as there.
    await client.query(`vacuum full ${folded.tables.map(({ table }) => table).join(', ')}`);
    await client.query('vacuum analyze');
    log(`seeded in ${Math.round((performance.now() - seedStarted) / 1000)} s`);
    const rollupRows: Record<string, number> = {};
    for (const { table } of folded.tables) rollupRows[table] = (await client.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n;

    const url = await listenOnLoopback(api);
    const token = await signInBenchUser(api, url, `bench-${run}@example.com`, 'manager');

    log(`timing ${requests} requests each...`);
    const side = async (path: (campaignId: string) => string): Promise<Side> => ({
      history: await timeRequests(url, token, () => path(campaigns.history), requests),
      floor: await timeRequests(url, token, () => path(campaigns.floor), requests),
      empty: await timeRequests(url, token, () => path(campaigns.empty), requests),
    });
    const stats = await side(statsPath);
    const kpis = {} as Record<BenchGrouping, Side>;
    for (const groupBy of BENCH_GROUPINGS) kpis[groupBy] = await side((campaignId) => kpisPath(campaignId, groupBy));
    const load = loadavg() as [number, number, number];
    // What the wallboard counted before the rollups: every attempt of the window, every lead of the lists.
    const recount = await timeQuery(
      client,
      `select count(*), count(*) filter (where answered_at is not null), count(*) filter (where connected_at is not null), count(*) filter (where abandoned)
         from call_attempts where campaign_id = $1 and created_at >= now() - interval '30 days'`,
      [campaigns.history],
      Math.min(requests, 20),
    );
    const section = reportsSection(
      {
        history: await seeded(client, campaigns.history, HISTORY),
        floor: await seeded(client, campaigns.floor, FLOOR),
        requests,
        stats,
        recount,
        kpis,
        rollupRows,
        load,
      },
      `${describeMachine()}; days and hours in ${ZONE}`,
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
