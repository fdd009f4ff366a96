import { Migration } from '@mikro-orm/migrations';
import { COUNTED } from './20261206084713-connect-counts.migration';
import { KPI_ROLLUP } from './20261206173000-kpi-rollups.migration';
import { AGENT_KPI_ROLLUP } from './20261206230000-agent-kpi-rollups.migration';
import { KPI_DAY_ROLLUP } from './20261207020000-kpi-day-rollups.migration';
import { dropRollupUpdateTrigger, HOUR, RollupDefinition, rollupUpdateTrigger, sharedRollupUpdateTrigger } from './rollup-triggers';

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
const SHARED = 'call_attempts_rollups';

/**
 * Most updates of an attempt change no figure its rollups keep (a webhook's
 * ringing, an answer whose verdict is still open, a recording's address);
 * yet each ran four statement-level update triggers, one per rollup, whose
 * fixed cost was most of a one-row update's. One update trigger now checks
 * once whether any row's contribution may have changed and, only then, runs
 * the four rollups' deltas as before. Insert and delete triggers stay.
 */
export class Migration20261207110000AttemptRollupsOneUpdateTrigger extends Migration {
  override async up(): Promise<void> {
    for (const { table } of ATTEMPT_ROLLUPS) for (const statement of dropRollupUpdateTrigger(table, 'call_attempts')) this.addSql(statement);
    for (const statement of sharedRollupUpdateTrigger(SHARED, 'call_attempts', ATTEMPT_ROLLUPS)) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of dropRollupUpdateTrigger(SHARED, 'call_attempts')) this.addSql(statement);
    for (const rollup of ATTEMPT_ROLLUPS) for (const statement of rollupUpdateTrigger(rollup)) this.addSql(statement);
  }
}
