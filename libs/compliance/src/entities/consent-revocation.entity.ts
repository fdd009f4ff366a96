import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';

/** Every way a person may say "stop calling me" (FCC 24-18: any reasonable means). */
export const REVOCATION_CHANNELS = ['agent_disposition', 'ivr_opt_out', 'abandon_message', 'api', 'compliance_user'] as const;
export type RevocationChannel = (typeof REVOCATION_CHANNELS)[number];

/** What the revocation covers: one campaign, every campaign selling one product, or every call. */
export const REVOCATION_SCOPES = ['campaign', 'product', 'all'] as const;
export type RevocationScope = (typeof REVOCATION_SCOPES)[number];

/**
 * One revocation as received, and when it was honoured (the DNC entry that
 * blocks the calls committed). Kept as evidence; never edited.
 */
@Entity({ tableName: 'consent_revocations' })
@Index({ properties: ['phone'] })
@Index({ properties: ['receivedAt'] })
export class ConsentRevocation extends UuidEntity {
  /** E.164. */
  @Property({ type: 'text' })
  phone!: string;

  @Enum({ items: () => REVOCATION_CHANNELS, type: 'text' })
  channel!: RevocationChannel;

  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  /** What the person said or pressed, as recorded. */
  @Property({ type: 'text' })
  content!: string;

  @Enum({ items: () => REVOCATION_SCOPES, type: 'text' })
  scope!: RevocationScope;

  @Property({ type: 'uuid', nullable: true })
  campaignId?: string;

  @Property({ type: 'text', nullable: true })
  product?: string;

  /** The call during which it was received, if any. */
  @Property({ type: 'uuid', nullable: true })
  attemptId?: string;

  /** The consent record revoked, when one was named. */
  @Property({ type: 'uuid', nullable: true })
  consentId?: string;

  /** The DNC entry that honours it. */
  @Property({ type: 'uuid', nullable: true })
  dncEntryId?: string;

  @Property({ type: 'timestamptz', nullable: true })
  honouredAt?: Date;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string;
}
