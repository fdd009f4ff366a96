import { Entity, Enum, Index, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';
import { Campaign } from '@dialer/campaigns';
import { Lead } from '@dialer/leads';
import { ANSWERED_BY_VALUES, AnsweredBy } from '@dialer/telephony';

/** Twilio's call states, in the only order an attempt may move through them. */
export const ATTEMPT_STATES = [
  'queued',
  'initiated',
  'ringing',
  'in_progress',
  'completed',
  'busy',
  'no_answer',
  'failed',
  'canceled',
] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

@Entity({ tableName: 'call_attempts' })
@Index({ properties: ['campaign', 'createdAt'] })
@Index({ properties: ['lead', 'createdAt'] })
// US state rules (calls to one person in 24 h) and subject-access requests look attempts up by number.
@Index({ properties: ['phone', 'createdAt'] })
// UK 72 h rule: when was this number last abandoned?
@Index({
  name: 'call_attempts_abandoned_phone_idx',
  expression: `create index "call_attempts_abandoned_phone_idx" on "call_attempts" ("phone", "ended_at") where "abandoned"`,
})
@Index({
  name: 'call_attempts_unsettled_idx',
  expression: `create index "call_attempts_unsettled_idx" on "call_attempts" ("campaign_id", "ended_at") where "settled_at" is null`,
})
// The agent desk's "today": one agent's attempts since their midnight.
@Index({
  name: 'call_attempts_agent_id_created_at_index',
  expression: `create index "call_attempts_agent_id_created_at_index" on "call_attempts" ("agent_id", "created_at") where "agent_id" is not null`,
})
// The wallboard's calls in flight, without walking the campaign's history.
@Index({
  name: 'call_attempts_live_campaign_idx',
  expression: `create index "call_attempts_live_campaign_idx" on "call_attempts" ("campaign_id") where "state" in ('queued', 'initiated', 'ringing', 'in_progress')`,
})
// The database itself guarantees a lead is never on two live calls at once.
@Unique({
  name: 'call_attempts_one_live_per_lead',
  expression: `create unique index "call_attempts_one_live_per_lead" on "call_attempts" ("lead_id") where "state" in ('queued', 'initiated', 'ringing', 'in_progress')`,
})
// Nor a number on two live calls of one campaign (two lists holding it); phone first, for look-ups by number.
@Unique({
  name: 'call_attempts_one_live_per_number',
  expression: `create unique index "call_attempts_one_live_per_number" on "call_attempts" ("phone", "campaign_id") where "state" in ('queued', 'initiated', 'ringing', 'in_progress')`,
})
export class CallAttempt extends UuidEntity {
  @ManyToOne(() => Campaign)
  campaign!: Campaign;

  @ManyToOne(() => Lead)
  lead!: Lead;

  /** The number dialed (primary or alternate), E.164. */
  @Property({ type: 'text' })
  phone!: string;

  @Property({ type: 'text', nullable: true })
  callerId?: string;

  /** Twilio CallSid, known once the call is created. */
  @Property({ type: 'text', nullable: true })
  @Unique()
  providerCallSid?: string;

  @Enum({ items: () => ATTEMPT_STATES, type: 'text', default: 'queued' })
  state: Opt<AttemptState> = 'queued';

  /** Highest Twilio SequenceNumber applied; older callbacks are ignored. */
  @Property({ type: 'integer', default: -1 })
  lastSequenceNumber: Opt<number> = -1;

  @Property({ type: 'timestamptz', nullable: true })
  initiatedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  ringingAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  answeredAt?: Date;

  /** When the callee was bridged to an agent. */
  @Property({ type: 'timestamptz', nullable: true })
  connectedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date;

  /** Twilio's AMD verdict (`ANSWERED_BY_VALUES`, declared once in @dialer/telephony). */
  @Enum({ items: () => ANSWERED_BY_VALUES, type: 'text', nullable: true })
  answeredBy?: AnsweredBy;

  /** A live person answered and no agent was connected within the grace period. */
  @Property({ type: 'boolean', default: false })
  abandoned: Opt<boolean> = false;

  @Property({ type: 'uuid', nullable: true })
  agentId?: string;

  @Property({ type: 'text', nullable: true })
  dispositionCode?: string;

  /** Kind-specific outcome data: sale details, survey answers, promise to pay. */
  @Property({ type: 'jsonb', nullable: true })
  dispositionData?: Record<string, unknown>;

  @Property({ type: 'timestamptz', nullable: true })
  dispositionAt?: Date;

  @Property({ type: 'integer', nullable: true })
  durationSec?: number;

  @Property({ type: 'integer', nullable: true })
  sipResponseCode?: number;

  /** The dialing mode the call was placed in (manual dials say `manual`). */
  @Property({ type: 'text', nullable: true })
  mode?: string;

  /**
   * How the attempt ended, for retry rules and reports: human, machine,
   * abandoned, busy, no_answer, failed, canceled.
   */
  @Property({ type: 'text', nullable: true })
  outcome?: string;

  /** When the lead was updated for this attempt's end (retry, callback, done); null until then. */
  @Property({ type: 'timestamptz', nullable: true })
  settledAt?: Date;

  /** The pacing leader's fencing token that placed it (null for agent-placed calls). */
  @Property({ type: 'bigint', nullable: true })
  fence?: string;

  /** What the gates saw at dial time: local time, DNC check, attempt counts. */
  @Property({ type: 'jsonb', default: '{}' })
  complianceEvidence: Opt<Record<string, unknown>> = {};
}
