import { Entity, Enum, Opt, Property } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';
import { JURISDICTIONS, Jurisdiction } from '@dialer/compliance';
import { CampaignSettings } from '../config/campaign-settings';

export const CAMPAIGN_KINDS = ['telemarketing', 'survey', 'collections'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const DIALING_MODES = ['preview', 'progressive', 'power', 'predictive', 'agentless'] as const;
export type DialingMode = (typeof DIALING_MODES)[number];

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

@Entity({ tableName: 'campaigns' })
export class Campaign extends UuidEntity {
  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => CAMPAIGN_KINDS, type: 'text' })
  kind!: CampaignKind;

  @Enum({ items: () => DIALING_MODES, type: 'text' })
  dialingMode!: DialingMode;

  @Enum({ items: () => CAMPAIGN_STATUSES, type: 'text', default: 'draft' })
  status: Opt<CampaignStatus> = 'draft';

  @Enum({ items: () => JURISDICTIONS, type: 'text' })
  jurisdiction!: Jurisdiction;

  @Property({ type: 'jsonb', default: '{}' })
  settings: Opt<CampaignSettings> = {};

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt?: Date;

  /**
   * Fencing token of the worker leading this campaign's pacing loop: a leader
   * whose token is older than this may no longer create attempts.
   */
  @Property({ type: 'bigint', default: 0 })
  leaderFence: Opt<string> = '0';

  /**
   * Moved on by every flush that changes the row (MikroORM's optimistic lock):
   * edits, starts, pauses. An editor sends back the one it opened. The leader's
   * fence, written in SQL by the dialer, leaves it alone: it is no edit.
   */
  @Property({ version: true, type: 'integer', default: 1 })
  version: Opt<number> = 1;
}
