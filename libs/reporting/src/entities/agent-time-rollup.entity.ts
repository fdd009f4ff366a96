import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Agents' time per campaign, UTC hour, agent and list, from agent_state_log
 * (the agent-kpi-rollups migration's triggers): each closed period split by
 * hour, in whole microseconds. `listId` is the called lead's list for
 * wrap-up after a call, the nil UUID otherwise. Open periods are not here:
 * the KPI report adds them from the open rows. Split over `shard` rows.
 */
@Entity({ tableName: 'agent_time_rollups' })
export class AgentTimeRollup {
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

  /** Every state (logged in). */
  @Property({ type: 'bigint', default: 0 })
  loggedInUs: Opt<string> = '0';

  @Property({ type: 'bigint', default: 0 })
  wrapUs: Opt<string> = '0';
}
