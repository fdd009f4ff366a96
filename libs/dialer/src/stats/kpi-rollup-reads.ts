import { KPI_ROLLUP_MEASURES } from '@dialer/db';
import { BucketRun } from '@dialer/reporting';
import { KpiGrouping } from './kpi-groupings';

/** The rollups' key for no agent or no list. */
const NONE = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** The KPI rollups' summed columns, in their order. */
export const KPI_COLUMNS = KPI_ROLLUP_MEASURES.map(([column]) => column);

/** A select over one rollup and its parameters. */
export interface RollupRead {
  sql: string;
  params: unknown[];
}

/** Where a grouping's figures are kept at one bucket level: the table, the key of a row `r`, and the filter for the grouping's rows. */
interface RollupSource {
  table: string;
  key: string;
  rows?: string;
}

/** The key of a day or hour of the asked zone, from a UTC hour's row. */
const localKey = (groupBy: KpiGrouping, timeZone: string) => `date_trunc('${groupBy}', r.hour at time zone '${timeZone}')::text`;

/**
 * The attempt figures' rollups: by day or hour, per campaign, hour and code
 * (any zone whose hours are whole); by agent or list, per agent, list and
 * code an hour, or per agent or list and code a day.
 */
function attemptSource(groupBy: KpiGrouping, timeZone: string, run: BucketRun): RollupSource {
  if (groupBy === 'day' || groupBy === 'hour') return { table: 'attempt_kpi_rollups', key: localKey(groupBy, timeZone) };
  if (run.bucket === 'day') return { table: 'attempt_kpi_day_rollups', key: groupBy === 'agent' ? `nullif(r.key_id, ${NONE})::text` : `r.key_id::text`, rows: `r.grouping = '${groupBy}'` };
  return { table: 'attempt_agent_kpi_rollups', key: groupBy === 'agent' ? `nullif(r.agent_id, ${NONE})::text` : `r.list_id::text` };
}

/** The agent-time rollups: by day or hour, per campaign and hour; by agent or list, per agent and list an hour, or per agent or list a day. */
function agentTimeSource(groupBy: KpiGrouping, timeZone: string, run: BucketRun): RollupSource {
  if (groupBy === 'day' || groupBy === 'hour') return { table: 'campaign_time_rollups', key: localKey(groupBy, timeZone) };
  if (run.bucket === 'day') return { table: 'agent_time_day_rollups', key: groupBy === 'agent' ? `r.key_id::text` : `nullif(r.key_id, ${NONE})::text`, rows: `r.grouping = '${groupBy}'` };
  return { table: 'agent_time_rollups', key: groupBy === 'agent' ? `r.agent_id::text` : `nullif(r.list_id, ${NONE})::text` };
}

/** The rows of one run's buckets: the key, `carried` columns as they are, `summed` ones negated when the run is subtracted. */
function runRead(source: RollupSource, campaignId: string, run: BucketRun, carried: string[], summed: string[]): RollupRead {
  const sign = run.sign < 0 ? '-' : '';
  const columns = [`${source.key} as key`, ...carried.map((c) => `r.${c}`), ...summed.map((c) => `${sign}r.${c} as ${c}`)];
  return {
    sql: `select ${columns.join(', ')} from ${source.table} r
           where r.campaign_id = ?${source.rows ? ` and ${source.rows}` : ''} and r.${run.bucket} >= ? and r.${run.bucket} < ?`,
    params: [campaignId, run.start, run.end],
  };
}

/** One run's attempt figures: key, disposition_code (kept apart: the report joins the code's current flags), then KPI_COLUMNS. */
export function attemptRunRead(groupBy: KpiGrouping, timeZone: string, campaignId: string, run: BucketRun): RollupRead {
  return runRead(attemptSource(groupBy, timeZone, run), campaignId, run, ['disposition_code'], KPI_COLUMNS);
}

/** One run's agent time: key, logged_in_us, wrap_us. */
export function agentTimeRunRead(groupBy: KpiGrouping, timeZone: string, campaignId: string, run: BucketRun): RollupRead {
  return runRead(agentTimeSource(groupBy, timeZone, run), campaignId, run, [], ['logged_in_us', 'wrap_us']);
}
