import { Entity, ManyToOne, Opt, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { LeadList } from '@dialer/leads';
import { Campaign } from './campaign.entity';

/** A list attached to a campaign; lower priority numbers are dialed first, weight mixes equals. */
@Entity({ tableName: 'campaign_lists' })
export class CampaignList {
  [PrimaryKeyProp]?: ['campaign', 'list'];

  @ManyToOne(() => Campaign, { primary: true, deleteRule: 'cascade' })
  campaign!: Campaign;

  @ManyToOne(() => LeadList, { primary: true, deleteRule: 'cascade' })
  list!: LeadList;

  @Property({ type: 'integer', default: 0 })
  priority: Opt<number> = 0;

  @Property({ type: 'integer', default: 1 })
  weight: Opt<number> = 1;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;
}
