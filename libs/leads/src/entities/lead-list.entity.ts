import { Entity, Enum, Opt, Property } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';

export const DEDUPE_SCOPES = ['none', 'list', 'campaign', 'global'] as const;
export type DedupeScope = (typeof DEDUPE_SCOPES)[number];

@Entity({ tableName: 'lead_lists' })
export class LeadList extends UuidEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string;

  /** ISO 3166-1 alpha-2 country used for numbers written in national format. */
  @Property({ type: 'character', length: 2 })
  defaultCountry!: string;

  @Enum({ items: () => DEDUPE_SCOPES, type: 'text', default: 'list' })
  dedupeScope: Opt<DedupeScope> = 'list';

  @Property({ type: 'boolean', default: false })
  archived: Opt<boolean> = false;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string;
}
