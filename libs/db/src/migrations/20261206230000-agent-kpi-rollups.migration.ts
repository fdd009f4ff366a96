import { Migration } from '@mikro-orm/migrations';
import { KPI_ROLLUP } from './20261206173000-kpi-rollups.migration';
import { dropRollupTriggers, HOUR, RollupDefinition, rollupRecount, rollupTriggers } from './rollup-triggers';

/** The key of "no agent" / "no list" (key columns cannot be null). */
export const NONE = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * The KPI report's attempt figures (the same measures as attempt_kpi_rollups)
 * per campaign, UTC hour, agent (NONE for none), the lead's list and
 * disposition code: what the report by agent or by list reads for whole
 * hours. A lead never changes list, so its list is looked up once per row.
 */
export const AGENT_KPI_ROLLUP: RollupDefinition = {
  table: 'attempt_agent_kpi_rollups',
  source: 'call_attempts',
  keys: [
    ['campaign_id', (a) => `${a}.campaign_id`],
    ['hour', (a) => HOUR(`${a}.created_at`)],
    ['agent_id', (a) => `coalesce(${a}.agent_id, ${NONE})`],
    ['list_id', (a) => `coalesce((select l.list_id from leads l where l.id = ${a}.lead_id), ${NONE})`],
    ['disposition_code', (a) => `coalesce(${a}.disposition_code, '')`],
  ],
  measures: KPI_ROLLUP.measures,
};

/** The UTC hours a closed period of a campaign overlaps (none for an open, empty or backwards period, or one without a campaign). */
export const HOURS_OF_PERIOD = (a: string) =>
  `cross join lateral generate_series(${HOUR(`${a}.started_at`)},
     case when ${a}.campaign_id is not null and ${a}.ended_at > ${a}.started_at then ${a}.ended_at - interval '1 microsecond' end, interval '1 hour') as ${a}_h(hour)`;
/** The microseconds of the period within that hour (whole: timestamps are microseconds, so sums stay exact). */
const MICROSECONDS_IN_HOUR = (a: string) =>
  `(extract(epoch from least(${a}_h.hour + interval '1 hour', ${a}.ended_at) - greatest(${a}_h.hour, ${a}.started_at)) * 1000000)::bigint`;

/**
 * Agents' time per campaign, UTC hour, agent and (for wrap-up after a call)
 * the called lead's list: every closed period of agent_state_log split by
 * hour. `logged_in_us` sums every state (as the report's occupancy does),
 * `wrap_us` the wrap-up. Periods still open (ended_at null) count nothing
 * here: the report adds them from the few open rows when it reads.
 */
export const AGENT_TIME_ROLLUP: RollupDefinition = {
  table: 'agent_time_rollups',
  source: 'agent_state_log',
  keys: [
    ['campaign_id', (a) => `${a}.campaign_id`],
    ['hour', (a) => `${a}_h.hour`],
    ['agent_id', (a) => `${a}.agent_id`],
    [
      'list_id',
      (a) =>
        `case when ${a}.state = 'wrap_up' then coalesce((select l.list_id from call_attempts c join leads l on l.id = c.lead_id where c.id = ${a}.attempt_id), ${NONE}) else ${NONE} end`,
    ],
  ],
  measures: [
    ['logged_in_us', (a) => MICROSECONDS_IN_HOUR(a)],
    ['wrap_us', (a) => `case when ${a}.state = 'wrap_up' then ${MICROSECONDS_IN_HOUR(a)} else 0 end`],
  ],
  spread: HOURS_OF_PERIOD,
};

/**
 * The KPI report by agent or list, and its agent time for every grouping,
 * at any history (issue 10 §6): rollups by agent and list of the attempt
 * figures, and of agents' time split by hour; triggers as the kpi-rollups
 * migration (same sharding); existing rows counted once. Two indexes on
 * agent_state_log let the report read the periods it still needs raw: the
 * open ones, and those overlapping the part-hours at a range's ends (a
 * period's range, open-ended while open; a backwards period as empty).
 */
export class Migration20261206230000AgentKpiRollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "attempt_agent_kpi_rollups" ("campaign_id" uuid not null, "hour" timestamptz not null, "agent_id" uuid not null, "list_id" uuid not null,
      "disposition_code" text not null, "shard" smallint not null,
      "attempts" int not null default 0, "dials" int not null default 0, "live_answers" int not null default 0, "connects" int not null default 0, "abandons" int not null default 0,
      "speed_ms" bigint not null default 0, "speed_n" int not null default 0, "talk_ms" bigint not null default 0, "handled" int not null default 0,
      constraint "attempt_agent_kpi_rollups_pkey" primary key ("campaign_id", "hour", "agent_id", "list_id", "disposition_code", "shard"));`);
    this.addSql(`create table "agent_time_rollups" ("campaign_id" uuid not null, "hour" timestamptz not null, "agent_id" uuid not null, "list_id" uuid not null, "shard" smallint not null,
      "logged_in_us" bigint not null default 0, "wrap_us" bigint not null default 0,
      constraint "agent_time_rollups_pkey" primary key ("campaign_id", "hour", "agent_id", "list_id", "shard"));`);
    this.addSql(`create index "agent_state_log_open_idx" on "agent_state_log" ("campaign_id") where "ended_at" is null;`);
    this.addSql(
      `create index "agent_state_log_period_idx" on "agent_state_log" using gist (tstzrange("started_at", case when "ended_at" is null then null else greatest("started_at", "ended_at") end));`,
    );
    for (const rollup of [AGENT_KPI_ROLLUP, AGENT_TIME_ROLLUP]) {
      for (const statement of rollupTriggers(rollup)) this.addSql(statement);
      for (const statement of rollupRecount(rollup)) this.addSql(statement);
    }
  }

  override async down(): Promise<void> {
    for (const rollup of [AGENT_KPI_ROLLUP, AGENT_TIME_ROLLUP]) for (const statement of dropRollupTriggers(rollup)) this.addSql(statement);
    this.addSql(`drop index if exists "agent_state_log_period_idx";`);
    this.addSql(`drop index if exists "agent_state_log_open_idx";`);
    this.addSql(`drop table if exists "agent_time_rollups";`);
    this.addSql(`drop table if exists "attempt_agent_kpi_rollups";`);
  }
}
