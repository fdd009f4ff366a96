import { Entity, Enum, PrimaryKey } from '@mikro-orm/core';
import { AgentTimeMeasures } from './rollup-measures';
import { DAY_ROLLUP_GROUPINGS, DayRollupGrouping } from './attempt-kpi-day-rollup.entity';

/**
 * Agents' time per campaign and UTC day (the kpi-day-rollups migration's
 * triggers on agent_state_log, closed periods split by day in whole
 * microseconds, each day the exact sum of its hours in AgentTimeRollup): by
 * agent (`grouping` 'agent': every state, and wrap-up), and by list ('list':
 * the wrap-up after the list's calls, `keyId` the nil UUID after no call; only
 * wrap-up is kept by list, so its `loggedInUs` is that wrap-up). What the
 * report by agent or list reads for whole days. Split over `shard` rows.
 */
@Entity({ tableName: 'agent_time_day_rollups' })
export class AgentTimeDayRollup extends AgentTimeMeasures {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @Enum({ items: () => DAY_ROLLUP_GROUPINGS, type: 'text', primary: true })
  grouping!: DayRollupGrouping;

  @PrimaryKey({ type: 'timestamptz' })
  day!: Date;

  @PrimaryKey({ type: 'uuid' })
  keyId!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;
}
