import { Migration } from '@mikro-orm/migrations';
import { COUNTED } from './20261206084713-connect-counts.migration';
import { KPI_ROLLUP } from './20261206173000-kpi-rollups.migration';
import { AGENT_KPI_ROLLUP } from './20261206230000-agent-kpi-rollups.migration';
import { KPI_DAY_ROLLUP } from './20261207020000-kpi-day-rollups.migration';
import { HOUR, RollupDefinition, rollupUpdateOfAllRows, rollupUpdateOfChangedRows } from './rollup-triggers';

/** attempt_rollups as 20261206084713-connect-counts counts it, in the builder's terms. */
const ATTEMPT_ROLLUP: RollupDefinition = {
  table: 'attempt_rollups',
  source: 'call_attempts',
  keys: [
    ['campaign_id', (a) => `${a}.campaign_id`],
    ['hour', (a) => HOUR(`${a}.created_at`)],
  ],
  measures: COUNTED.map(([column, when]) => [column, (a: string) => `(${when(a)})::int`]),
};

/** Every rollup of call_attempts. */
const ATTEMPT_ROLLUPS = [ATTEMPT_ROLLUP, KPI_ROLLUP, AGENT_KPI_ROLLUP, KPI_DAY_ROLLUP];

/**
 * Most updates of an attempt change no figure its rollups keep (a webhook's
 * ringing, an answer whose verdict is still open, a recording's address);
 * yet each of the four update triggers summed every old and new row, and
 * two looked up each row's list, twice. They now pass over the rows whose
 * measures and key columns did not change: the same sums, far less work
 * (the webhook benchmark's database time). The triggers stay; only their
 * update functions are replaced.
 */
export class Migration20261207110000RollupUpdatesOfChangedRows extends Migration {
  override async up(): Promise<void> {
    for (const rollup of ATTEMPT_ROLLUPS) this.addSql(rollupUpdateOfChangedRows(rollup));
  }

  override async down(): Promise<void> {
    for (const rollup of ATTEMPT_ROLLUPS) this.addSql(rollupUpdateOfAllRows(rollup));
  }
}
