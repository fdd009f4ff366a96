import { Migration } from '@mikro-orm/migrations';
import { AGENT_KPI_ROLLUP, AGENT_TIME_ROLLUP, HOURS_OF_PERIOD, NONE } from './20261206230000-agent-kpi-rollups.migration';
import { KPI_ROLLUP } from './20261206173000-kpi-rollups.migration';
import { DAY, dropRollupTriggers, RollupDefinition, rollupTriggers } from './rollup-triggers';

/** The report's groupings a day rollup keeps, each its own rows: an attempt or a period counts once under each. */
const GROUPINGS = `'agent', 'list'`;
/** The list of the lead an attempt called (NONE for none), as attempt_agent_kpi_rollups keys it. */
const LIST_OF_ATTEMPT = AGENT_KPI_ROLLUP.keys.find(([column]) => column === 'list_id')![1];
/** The list of the call a wrap-up period follows, NONE for none (any other state), as agent_time_rollups keys it. */
const LIST_OF_PERIOD = AGENT_TIME_ROLLUP.keys.find(([column]) => column === 'list_id')![1];

/**
 * Agents' time per campaign and UTC hour, every agent and list together:
 * agent_time_rollups without its agent and list, so the report by day or
 * hour reads one row per hour however many agents the floor has.
 */
const CAMPAIGN_TIME_ROLLUP: RollupDefinition = {
  table: 'campaign_time_rollups',
  source: 'agent_state_log',
  keys: [
    ['campaign_id', (a) => `${a}.campaign_id`],
    ['hour', (a) => `${a}_h.hour`],
  ],
  measures: AGENT_TIME_ROLLUP.measures,
  spread: HOURS_OF_PERIOD,
};

/**
 * The KPI report's attempt figures (attempt_kpi_rollups' measures) per
 * campaign, UTC day and disposition code, by agent (`grouping` 'agent',
 * `key_id` the agent, NONE for none) and by list ('list', the lead's list):
 * what the report by agent or list reads for whole days, one row per key and
 * code a day rather than one per agent, list and code an hour.
 */
export const KPI_DAY_ROLLUP: RollupDefinition = {
  table: 'attempt_kpi_day_rollups',
  source: 'call_attempts',
  keys: [
    ['campaign_id', (a) => `${a}.campaign_id`],
    ['grouping', (a) => `${a}_k.grouping`],
    ['day', (a) => DAY(`${a}.created_at`)],
    ['key_id', (a) => `${a}_k.key_id`],
    ['disposition_code', (a) => `coalesce(${a}.disposition_code, '')`],
  ],
  measures: KPI_ROLLUP.measures,
  spread: (a) => `cross join lateral (values ('agent', coalesce(${a}.agent_id, ${NONE})), ('list', ${LIST_OF_ATTEMPT(a)})) as ${a}_k(grouping, key_id)`,
};

/** The microseconds of a closed period within a UTC day (whole, as agent_time_rollups' per hour, so a day is exactly the sum of its hours). */
const MICROSECONDS_IN_DAY = (a: string) =>
  `(extract(epoch from least(${a}_d.day + interval '1 day', ${a}.ended_at) - greatest(${a}_d.day, ${a}.started_at)) * 1000000)::bigint`;

/**
 * Agents' time per campaign and UTC day: by agent (every state, and
 * wrap-up), and by list the wrap-up after the list's calls (NONE: after no
 * call; its `logged_in_us` is that wrap-up too, as only wrap-up is kept by
 * list). Closed periods only, split by day, as agent_time_rollups by hour.
 */
const AGENT_TIME_DAY_ROLLUP: RollupDefinition = {
  table: 'agent_time_day_rollups',
  source: 'agent_state_log',
  keys: [
    ['campaign_id', (a) => `${a}.campaign_id`],
    ['grouping', (a) => `${a}_k.grouping`],
    ['day', (a) => `${a}_d.day`],
    ['key_id', (a) => `${a}_k.key_id`],
  ],
  measures: [
    ['logged_in_us', (a) => MICROSECONDS_IN_DAY(a)],
    ['wrap_us', (a) => `case when ${a}.state = 'wrap_up' then ${MICROSECONDS_IN_DAY(a)} else 0 end`],
  ],
  spread: (a) =>
    `cross join lateral generate_series(${DAY(`${a}.started_at`)},
       case when ${a}.campaign_id is not null and ${a}.ended_at > ${a}.started_at then ${a}.ended_at - interval '1 microsecond' end, interval '1 day') as ${a}_d(day)
     cross join lateral (select 'agent'::text, ${a}.agent_id union all select 'list', ${LIST_OF_PERIOD(a)} where ${a}.state = 'wrap_up') as ${a}_k(grouping, key_id)`,
};

const KPI_COLUMNS = KPI_ROLLUP.measures.map(([column]) => column);

/**
 * The KPI report at a 100-agent floor's history (issue 10 §6): day rollups
 * by agent and by list, and agent time per campaign and hour, kept by
 * triggers as the earlier rollups (same sharding, folded by the worker's
 * rollup-fold once their bucket is over). Their existing figures are summed
 * from the hourly rollups, which agree exactly with call_attempts and
 * agent_state_log: the migration holds writers of those tables off (CREATE
 * TRIGGER's lock) only while it sums the rollups' rows, not while it would
 * read every attempt and period.
 */
export class Migration20261207020000KpiDayRollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "campaign_time_rollups" ("campaign_id" uuid not null, "hour" timestamptz not null, "shard" smallint not null,
      "logged_in_us" bigint not null default 0, "wrap_us" bigint not null default 0,
      constraint "campaign_time_rollups_pkey" primary key ("campaign_id", "hour", "shard"));`);
    this.addSql(`create table "attempt_kpi_day_rollups" ("campaign_id" uuid not null, "grouping" text not null check ("grouping" in (${GROUPINGS})), "day" timestamptz not null,
      "key_id" uuid not null, "disposition_code" text not null, "shard" smallint not null,
      "attempts" int not null default 0, "dials" int not null default 0, "live_answers" int not null default 0, "connects" int not null default 0, "abandons" int not null default 0,
      "speed_ms" bigint not null default 0, "speed_n" int not null default 0, "talk_ms" bigint not null default 0, "handled" int not null default 0,
      constraint "attempt_kpi_day_rollups_pkey" primary key ("campaign_id", "grouping", "day", "key_id", "disposition_code", "shard"));`);
    this.addSql(`create table "agent_time_day_rollups" ("campaign_id" uuid not null, "grouping" text not null check ("grouping" in (${GROUPINGS})), "day" timestamptz not null,
      "key_id" uuid not null, "shard" smallint not null, "logged_in_us" bigint not null default 0, "wrap_us" bigint not null default 0,
      constraint "agent_time_day_rollups_pkey" primary key ("campaign_id", "grouping", "day", "key_id", "shard"));`);
    // Triggers first: their CREATE TRIGGER waits for the tables' writers in flight and keeps new ones out until commit, so the hourly rollups summed below hold every committed row.
    for (const rollup of [CAMPAIGN_TIME_ROLLUP, KPI_DAY_ROLLUP, AGENT_TIME_DAY_ROLLUP]) for (const statement of rollupTriggers(rollup)) this.addSql(statement);
    this.addSql(`insert into campaign_time_rollups (campaign_id, hour, shard, logged_in_us, wrap_us)
      select campaign_id, hour, 0, sum(logged_in_us), sum(wrap_us) from agent_time_rollups group by 1, 2 having sum(logged_in_us) <> 0 or sum(wrap_us) <> 0;`);
    this.addSql(`insert into attempt_kpi_day_rollups (campaign_id, grouping, day, key_id, disposition_code, shard, ${KPI_COLUMNS.join(', ')})
      select r.campaign_id, k.grouping, ${DAY('r.hour')}, k.key_id, r.disposition_code, 0, ${KPI_COLUMNS.map((c) => `sum(r.${c})`).join(', ')}
        from attempt_agent_kpi_rollups r cross join lateral (values ('agent', r.agent_id), ('list', r.list_id)) k(grouping, key_id)
       group by 1, 2, 3, 4, 5 having ${KPI_COLUMNS.map((c) => `sum(r.${c}) <> 0`).join(' or ')};`);
    this.addSql(`insert into agent_time_day_rollups (campaign_id, grouping, day, key_id, shard, logged_in_us, wrap_us)
      select r.campaign_id, k.grouping, ${DAY('r.hour')}, k.key_id, 0, sum(k.logged_in_us), sum(r.wrap_us)
        from agent_time_rollups r cross join lateral (values ('agent', r.agent_id, r.logged_in_us), ('list', r.list_id, r.wrap_us)) k(grouping, key_id, logged_in_us)
       group by 1, 2, 3, 4 having sum(k.logged_in_us) <> 0 or sum(r.wrap_us) <> 0;`);
  }

  override async down(): Promise<void> {
    for (const rollup of [CAMPAIGN_TIME_ROLLUP, KPI_DAY_ROLLUP, AGENT_TIME_DAY_ROLLUP]) for (const statement of dropRollupTriggers(rollup)) this.addSql(statement);
    this.addSql(`drop table if exists "agent_time_day_rollups";`);
    this.addSql(`drop table if exists "attempt_kpi_day_rollups";`);
    this.addSql(`drop table if exists "campaign_time_rollups";`);
  }
}
