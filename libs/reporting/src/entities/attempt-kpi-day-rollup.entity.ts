import { Entity, Enum, PrimaryKey } from '@mikro-orm/core';
import { KpiRollupMeasures } from './rollup-measures';

/** The KPI report's groupings a day rollup keeps apart. */
export const DAY_ROLLUP_GROUPINGS = ['agent', 'list'] as const;
export type DayRollupGrouping = (typeof DAY_ROLLUP_GROUPINGS)[number];

/**
 * The KPI report's attempt figures (AttemptKpiRollup's measures) per
 * campaign, UTC day (of `created_at`) and disposition code, by agent
 * (`grouping` 'agent', `keyId` the agent, the nil UUID for none) and by the
 * lead's list ('list'): each attempt counts once under each (the
 * kpi-day-rollups migration's triggers). What the report by agent or list
 * reads for whole days. Split over `shard` rows; readers sum them.
 */
@Entity({ tableName: 'attempt_kpi_day_rollups' })
export class AttemptKpiDayRollup extends KpiRollupMeasures {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @Enum({ items: () => DAY_ROLLUP_GROUPINGS, type: 'text', primary: true })
  grouping!: DayRollupGrouping;

  @PrimaryKey({ type: 'timestamptz' })
  day!: Date;

  @PrimaryKey({ type: 'uuid' })
  keyId!: string;

  @PrimaryKey({ type: 'text' })
  dispositionCode!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;
}
