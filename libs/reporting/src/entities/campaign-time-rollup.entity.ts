import { Entity, PrimaryKey } from '@mikro-orm/core';
import { AgentTimeMeasures } from './rollup-measures';

/**
 * Agents' time per campaign and UTC hour, every agent and list together (the
 * kpi-day-rollups migration's triggers on agent_state_log, closed periods
 * split by hour in whole microseconds, as AgentTimeRollup): what the KPI
 * report by day or hour reads, one row per hour whatever the floor's size.
 * Split over `shard` rows; readers sum them.
 */
@Entity({ tableName: 'campaign_time_rollups' })
export class CampaignTimeRollup extends AgentTimeMeasures {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @PrimaryKey({ type: 'timestamptz' })
  hour!: Date;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;
}
