import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** The KPI report's groupings a day rollup keeps apart. */
export type DayRollupGrouping = 'agent' | 'list';

/**
 * The KPI report's attempt figures (AttemptKpiRollup's measures) per
 * campaign, UTC day (of `created_at`) and disposition code, by agent
 * (`grouping` 'agent', `keyId` the agent, the nil UUID for none) and by the
 * lead's list ('list'): each attempt counts once under each (the
 * kpi-day-rollups migration's triggers). What the report by agent or list
 * reads for whole days. Split over `shard` rows; readers sum them.
 */
@Entity({ tableName: 'attempt_kpi_day_rollups' })
export class AttemptKpiDayRollup {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @PrimaryKey({ type: 'text' })
  grouping!: DayRollupGrouping;

  @PrimaryKey({ type: 'timestamptz' })
  day!: Date;

  @PrimaryKey({ type: 'uuid' })
  keyId!: string;

  @PrimaryKey({ type: 'text' })
  dispositionCode!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;

  @Property({ type: 'integer', default: 0 })
  attempts: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  dials: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  liveAnswers: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  connects: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  abandons: Opt<number> = 0;

  @Property({ type: 'bigint', default: 0 })
  speedMs: Opt<string> = '0';

  @Property({ type: 'integer', default: 0 })
  speedN: Opt<number> = 0;

  @Property({ type: 'bigint', default: 0 })
  talkMs: Opt<string> = '0';

  @Property({ type: 'integer', default: 0 })
  handled: Opt<number> = 0;
}
