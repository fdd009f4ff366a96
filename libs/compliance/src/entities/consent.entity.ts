import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';

export const CONSENT_TYPES = ['autodialed_calls', 'prerecorded_calls', 'marketing_calls', 'recording'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

/** Prior express consent of a callee, with its evidence and possible revocation. */
@Entity({ tableName: 'consents' })
@Index({ properties: ['phone', 'type'] })
@Index({ properties: ['grantedAt'] })
export class Consent extends UuidEntity {
  /** E.164. */
  @Property({ type: 'text' })
  phone!: string;

  @Enum({ items: () => CONSENT_TYPES, type: 'text' })
  type!: ConsentType;

  /** Null means the consent covers every campaign of the operator. */
  @Property({ type: 'uuid', nullable: true })
  campaignId?: string;

  @Property({ type: 'uuid', nullable: true })
  leadId?: string;

  @Property({ type: 'timestamptz' })
  grantedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date;

  /** Where the consent was captured: web form, recorded call, signed contract... */
  @Property({ type: 'text' })
  source!: string;

  /** A reference to the evidence (form submission id, recording URL). */
  @Property({ type: 'text', nullable: true })
  evidence?: string;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string;

  /** The consent list it was imported from (undoing the import removes it). */
  @Property({ type: 'uuid', nullable: true })
  importId?: string;
}
