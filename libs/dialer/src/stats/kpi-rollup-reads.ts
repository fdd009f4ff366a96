import { KPI_ROLLUP_MEASURES } from '@dialer/db';
import { BucketRun } from '@dialer/reporting';
import { KpiGrouping } from './kpi-groupings';

/** The rollups' key for no agent or no list. */
const NONE = `'00000000-0000-0000-0000-000000000000'::uuid`;
/** The UTC hour of an instant, as the rollups bucket it. */
const HOUR_OF = (column: string) => `date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/** The KPI rollups' summed columns, in their order. */
export const KPI_COLUMNS = KPI_ROLLUP_MEASURES.map(([column]) => column);

/** A select over one rollup and its parameters. */
export interface RollupRead {
  sql: string;
  params: unknown[];
}

/**
 * Where a grouping's figures are kept at one bucket level: the table, the
 * row's native key (a UTC hour by day or hour, an agent's or list's id,
 * NONE for none) and the filter for the grouping's rows. Keys are turned
 * into the report's text once summed (keyText), not row by row.
 */
interface RollupSource {
  table: string;
  key: string;
  rows?: string;
}

/**
 * The attempt figures' rollups: by day or hour, per campaign, hour and code
 * (any zone whose hours are whole); by agent or list, per agent, list and
 * code an hour, or per agent or list and code a day.
 */
function attemptSource(groupBy: KpiGrouping, run: BucketRun): RollupSource {
  if (groupBy === 'day' || groupBy === 'hour') return { table: 'attempt_kpi_rollups', key: 'r.hour' };
  if (run.bucket === 'day') return { table: 'attempt_kpi_day_rollups', key: 'r.key_id', rows: `r.grouping = '${groupBy}'` };
  return { table: 'attempt_agent_kpi_rollups', key: groupBy === 'agent' ? 'r.agent_id' : 'r.list_id' };
}

/** The agent-time rollups: by day or hour, per campaign and hour; by agent or list, per agent and list an hour, or per agent or list a day. */
function agentTimeSource(groupBy: KpiGrouping, run: BucketRun): RollupSource {
  if (groupBy === 'day' || groupBy === 'hour') return { table: 'campaign_time_rollups', key: 'r.hour' };
  if (run.bucket === 'day') return { table: 'agent_time_day_rollups', key: 'r.key_id', rows: `r.grouping = '${groupBy}'` };
  return { table: 'agent_time_rollups', key: groupBy === 'agent' ? 'r.agent_id' : 'r.list_id' };
}

/** The rows of one run's buckets: native key `k`, `carried` columns as they are, `summed` ones negated when the run is subtracted. */
function runRead(source: RollupSource, campaignId: string, run: BucketRun, carried: string[], summed: string[]): RollupRead {
  const sign = run.sign < 0 ? '-' : '';
  const columns = [`${source.key} as k`, ...carried.map((c) => `r.${c}`), ...summed.map((c) => `${sign}r.${c} as ${c}`)];
  return {
    sql: `select ${columns.join(', ')} from ${source.table} r
           where r.campaign_id = ?${source.rows ? ` and ${source.rows}` : ''} and r.${run.bucket} >= ? and r.${run.bucket} < ?`,
    params: [campaignId, run.start, run.end],
  };
}

/** One run's attempt figures: k, disposition_code (kept apart: the report joins the code's current flags), then KPI_COLUMNS. */
export function attemptRunRead(groupBy: KpiGrouping, campaignId: string, run: BucketRun): RollupRead {
  return runRead(attemptSource(groupBy, run), campaignId, run, ['disposition_code'], KPI_COLUMNS);
}

/** One run's agent time: k, logged_in_us, wrap_us. */
export function agentTimeRunRead(groupBy: KpiGrouping, campaignId: string, run: BucketRun): RollupRead {
  return runRead(agentTimeSource(groupBy, run), campaignId, run, [], ['logged_in_us', 'wrap_us']);
}

/** The native key of a raw attempt `a`, as its rollup rows have it: its UTC hour, its agent, its lead's list (looked up per attempt: a join could read every lead). */
export function attemptPartKey(groupBy: KpiGrouping): string {
  if (groupBy === 'agent') return `coalesce(a.agent_id, ${NONE})`;
  if (groupBy === 'list') return `coalesce((select l.list_id from leads l where l.id = a.lead_id), ${NONE})`;
  return HOUR_OF('a.created_at');
}

/** The native key of a piece of state period `s` starting at `p.start` within one UTC hour: that hour, the agent, the list of the call a wrap-up follows. */
export function periodPartKey(groupBy: KpiGrouping): string {
  if (groupBy === 'agent') return `s.agent_id`;
  if (groupBy === 'list') return `coalesce(case when s.state = 'wrap_up' then (select l.list_id from call_attempts c join leads l on l.id = c.lead_id where c.id = s.attempt_id) end, ${NONE})`;
  return HOUR_OF('p.start');
}

/** The report's key from a native key: the local day or hour of a UTC hour (one local hour each: checked before), an agent's or list's id (none: null). */
export function keyText(groupBy: KpiGrouping, timeZone: string, k: string): string {
  if (groupBy === 'day' || groupBy === 'hour') return `date_trunc('${groupBy}', ${k} at time zone '${timeZone}')::text`;
  return `nullif(${k}, ${NONE})::text`;
}
