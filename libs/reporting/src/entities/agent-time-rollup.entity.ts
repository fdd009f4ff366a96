import { Entity, PrimaryKey } from '@mikro-orm/core';
import { AgentTimeMeasures } from './rollup-measures';

/**
 * Agents' time per campaign, UTC hour, agent and list, from agent_state_log
 * (the agent-kpi-rollups migration's triggers): each closed period split by
 * hour, in whole microseconds. `listId` is the called lead's list for
 * wrap-up after a call, the nil UUID otherwise. Open periods are not here:
 * the KPI report adds them from the open rows. Split over `shard` rows.
 */
@Entity({ tableName: 'agent_time_rollups' })
export class AgentTimeRollup extends AgentTimeMeasures {
  @PrimaryKey({ type: 'uuid' })
  campaignId!: string;

  @PrimaryKey({ type: 'timestamptz' })
  hour!: Date;

  @PrimaryKey({ type: 'uuid' })
  agentId!: string;

  @PrimaryKey({ type: 'uuid' })
  listId!: string;

  @PrimaryKey({ type: 'smallint' })
  shard!: number;
}
