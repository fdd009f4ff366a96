import { Entity, PrimaryKey } from '@mikro-orm/core';
import { KpiRollupMeasures } from './rollup-measures';

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
export class AttemptKpiRollup extends KpiRollupMeasures {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @PrimaryKey({ type: 'timestamptz' })
  hour!: Date;

  @PrimaryKey({ type: 'text' })
  dispositionCode!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;
}
