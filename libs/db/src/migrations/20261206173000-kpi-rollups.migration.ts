import { Migration } from '@mikro-orm/migrations';
import { dropRollupTriggers, HOUR, RollupDefinition, rollupRecount, rollupTriggers } from './rollup-triggers';

/** The AMD verdict says machine or fax (attempt-classes.ts machineVerdictSql). */
const MACHINE = (a: string) => `coalesce(${a}.answered_by ~ '^(machine|fax)', false)`;
/** A person's answer that can no longer turn into a machine (attempt-classes.ts humanSettledSql). */
const HUMAN_SETTLED = (a: string) => `((${a}.answered_by is not null and not ${MACHINE(a)}) or (${a}.answered_by is null and ${a}.ended_at is not null))`;
/** A person connected to an agent (attempt-classes.ts connectSql). */
const CONNECT = (a: string) => `(${a}.connected_at is not null and ${HUMAN_SETTLED(a)})`;
/** A connect whose speed to connect the KPI report averages. */
const TIMED_CONNECT = (a: string) => `(${CONNECT(a)} and ${a}.connected_at >= ${a}.answered_at)`;
/** A connected call's talk, as the KPI report sums it. */
const TALKED = (a: string) => `(${a}.connected_at is not null and ${a}.ended_at >= ${a}.connected_at)`;
/** Whole milliseconds between two instants: integers, so adding and subtracting deltas never drifts. */
const MS = (from: string, to: string) => `floor(extract(epoch from ${to} - ${from}) * 1000)::bigint`;

/**
 * The KPI report's attempt figures per campaign, UTC hour and disposition
 * code ('' for none), with the counting conditions of the connect-counts
 * migration (attempt-classes.ts). The code is kept rather than its contact
 * and success flags so the report joins the campaign's current flags when it
 * reads, as its scan of call_attempts does: a manager editing a code's flags
 * changes past figures, in both. `attempts` (every row, dial or not) gives
 * contacts and successes, and says a bucket still holds attempts.
 */
export const KPI_ROLLUP: RollupDefinition = {
  table: 'attempt_kpi_rollups',
  source: 'call_attempts',
  keys: [
    ['campaign_id', (a) => `${a}.campaign_id`],
    ['hour', (a) => HOUR(`${a}.created_at`)],
    ['disposition_code', (a) => `coalesce(${a}.disposition_code, '')`],
  ],
  measures: [
    ['attempts', () => `1`],
    ['dials', (a) => `(${a}.provider_call_sid is not null or ${a}.state <> 'canceled')::int`],
    ['live_answers', (a) => `((${a}.answered_at is not null or ${a}.connected_at is not null) and ${HUMAN_SETTLED(a)})::int`],
    ['connects', (a) => `${CONNECT(a)}::int`],
    ['abandons', (a) => `(${a}.abandoned and not ${MACHINE(a)})::int`],
    ['speed_ms', (a) => `case when ${TIMED_CONNECT(a)} then ${MS(`${a}.answered_at`, `${a}.connected_at`)} else 0 end`],
    ['speed_n', (a) => `coalesce(${TIMED_CONNECT(a)}, false)::int`],
    ['talk_ms', (a) => `case when ${TALKED(a)} then ${MS(`${a}.connected_at`, `${a}.ended_at`)} else 0 end`],
    ['handled', (a) => `(${a}.connected_at is not null and ${a}.agent_id is not null)::int`],
  ],
};

/**
 * KPI reports that stay fast as history grows (issue 10 §6): the 30-day
 * report by day or hour reads these rollups instead of every attempt.
 * Triggers as 20261206083000-rollups (same sharding); existing rows counted once.
 */
export class Migration20261206173000KpiRollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "attempt_kpi_rollups" ("campaign_id" uuid not null, "hour" timestamptz not null, "disposition_code" text not null, "shard" smallint not null,
      "attempts" int not null default 0, "dials" int not null default 0, "live_answers" int not null default 0, "connects" int not null default 0, "abandons" int not null default 0,
      "speed_ms" bigint not null default 0, "speed_n" int not null default 0, "talk_ms" bigint not null default 0, "handled" int not null default 0,
      constraint "attempt_kpi_rollups_pkey" primary key ("campaign_id", "hour", "disposition_code", "shard"));`);
    for (const statement of rollupTriggers(KPI_ROLLUP)) this.addSql(statement);
    for (const statement of rollupRecount(KPI_ROLLUP)) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of dropRollupTriggers(KPI_ROLLUP)) this.addSql(statement);
    this.addSql(`drop table if exists "attempt_kpi_rollups";`);
  }
}
