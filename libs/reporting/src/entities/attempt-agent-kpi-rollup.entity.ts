import { Entity, PrimaryKey } from '@mikro-orm/core';
import { KpiRollupMeasures } from './rollup-measures';

/**
 * The KPI report's attempt figures as AttemptKpiRollup keeps them, per
 * campaign, hour (of `created_at`, UTC), agent, the lead's list and
 * disposition code (the agent-kpi-rollups migration's triggers): what the
 * report by agent or by list reads for whole hours. `agentId` is the nil
 * UUID for attempts no agent took. Split over `shard` rows; readers sum them.
 */
@Entity({ tableName: 'attempt_agent_kpi_rollups' })
export class AttemptAgentKpiRollup extends KpiRollupMeasures {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @PrimaryKey({ type: 'timestamptz' })
  hour!: Date;

  @PrimaryKey({ type: 'uuid' })
  agentId!: string;

  @PrimaryKey({ type: 'uuid' })
  listId!: string;

  @PrimaryKey({ type: 'text' })
  dispositionCode!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;
}
