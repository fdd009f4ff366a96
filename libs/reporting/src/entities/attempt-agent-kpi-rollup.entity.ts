import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The KPI report's attempt figures as AttemptKpiRollup keeps them, per
 * campaign, hour (of `created_at`, UTC), agent, the lead's list and
 * disposition code (the agent-kpi-rollups migration's triggers): what the
 * report by agent or by list reads for whole hours. `agentId` is the nil
 * UUID for attempts no agent took. Split over `shard` rows; readers sum them.
 */
@Entity({ tableName: 'attempt_agent_kpi_rollups' })
export class AttemptAgentKpiRollup {
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
