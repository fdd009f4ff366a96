import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';

/** Global, one campaign's, or (JP re-solicitation ban) every campaign selling one product. */
export const DNC_SCOPES = ['global', 'campaign', 'product'] as const;
export type DncScope = (typeof DNC_SCOPES)[number];

export const DNC_SOURCES = ['manual', 'import', 'registry', 'disposition', 'ivr_opt_out', 'api'] as const;
export type DncSource = (typeof DNC_SOURCES)[number];

/** A number that must not be called: everywhere (global) or by one campaign. */
@Entity({ tableName: 'dnc_entries' })
@Index({ properties: ['phone'] })
@Index({ properties: ['createdAt'] })
@Unique({
  name: 'dnc_entries_global_phone_unique',
  expression: `create unique index "dnc_entries_global_phone_unique" on "dnc_entries" ("phone") where "scope" = 'global'`,
})
@Unique({
  name: 'dnc_entries_campaign_phone_unique',
  expression: `create unique index "dnc_entries_campaign_phone_unique" on "dnc_entries" ("campaign_id", "phone") where "scope" = 'campaign'`,
})
@Unique({
  name: 'dnc_entries_product_phone_unique',
  expression: `create unique index "dnc_entries_product_phone_unique" on "dnc_entries" ("product", "phone") where "scope" = 'product'`,
})
export class DncEntry extends UuidEntity {
  /** E.164. */
  @Property({ type: 'text' })
  phone!: string;

  @Enum({ items: () => DNC_SCOPES, type: 'text' })
  scope!: DncScope;

  /** Set when scope is `campaign`. */
  @Property({ type: 'uuid', nullable: true })
  campaignId?: string;

  /** Set when scope is `product`. */
  @Property({ type: 'text', nullable: true })
  product?: string;

  @Enum({ items: () => DNC_SOURCES, type: 'text' })
  source!: DncSource;

  @Property({ type: 'text', nullable: true })
  reason?: string;

  /** Who added it; null when the system did (an IVR opt-out, a registry load). */
  @Property({ type: 'uuid', nullable: true })
  createdBy?: string;

  /** The import that loaded it, when it came from a registry extract or a file. */
  @Property({ type: 'uuid', nullable: true })
  importId?: string;

  /** After this the entry no longer blocks (a registry extract's entries lapse with the extract). */
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt?: Date;
}
