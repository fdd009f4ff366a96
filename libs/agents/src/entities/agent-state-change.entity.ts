import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One period an agent spent in one state: the durable record behind
 * occupancy and talk-time figures (live state itself is in Redis).
 */
@Entity({ tableName: 'agent_state_log' })
@Index({ properties: ['agentId', 'startedAt'] })
@Index({ properties: ['campaignId', 'startedAt'] })
// The KPI report's agent time: the periods still open, and those overlapping an instant or a part-hour (the agent-kpi-rollups migration).
@Index({ name: 'agent_state_log_open_idx', expression: `create index "agent_state_log_open_idx" on "agent_state_log" ("campaign_id") where "ended_at" is null` })
@Index({
  name: 'agent_state_log_period_idx',
  expression: `create index "agent_state_log_period_idx" on "agent_state_log" using gist (tstzrange("started_at", case when "ended_at" is null then null else greatest("started_at", "ended_at") end))`,
})
export class AgentStateChange {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  agentId!: string;

  @Property({ type: 'uuid', nullable: true })
  campaignId?: string;

  @Property({ type: 'text' })
  state!: string;

  /** Pause reason code, when paused. */
  @Property({ type: 'text', nullable: true })
  reason?: string;

  @Property({ type: 'uuid', nullable: true })
  attemptId?: string;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  /** Null while the agent is still in this state. */
  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date;
}
