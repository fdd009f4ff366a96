import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The KPI report's attempt figures per campaign, hour (of `created_at`, UTC)
 * and disposition code ('' for none), kept by the database as attempts are
 * written (the kpi-rollups migration's triggers) so a 30-day report by day or
 * hour reads a bounded number of rows. Contacts and successes are not stored:
 * the report joins the campaign's current disposition flags to `attempts`.
 * Split over `shard` rows like AttemptRollup; readers sum them. Durations are
 * whole milliseconds (bigint, returned as strings).
 */
@Entity({ tableName: 'attempt_kpi_rollups' })
export class AttemptKpiRollup {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @PrimaryKey({ type: 'timestamptz' })
  hour!: Date;

  @PrimaryKey({ type: 'text' })
  dispositionCode!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;

  /** Every attempt, dial or not (what contacts and successes count). */
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

  /** Answer to agent, summed over the connects answered no later than connected (`speedN` of them). */
  @Property({ type: 'bigint', default: 0 })
  speedMs: Opt<string> = '0';

  @Property({ type: 'integer', default: 0 })
  speedN: Opt<number> = 0;

  /** Connected to ended, over the connected attempts that have ended. */
  @Property({ type: 'bigint', default: 0 })
  talkMs: Opt<string> = '0';

  /** Connected to an agent (the handle-time divisor). */
  @Property({ type: 'integer', default: 0 })
  handled: Opt<number> = 0;
}
