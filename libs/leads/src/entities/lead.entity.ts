import { Entity, Enum, Index, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';
import { LeadList } from './lead-list.entity';

/**
 * Where a lead is in its life. `new` → (`dialing` → `retry` | `callback`)* →
 * `done` | `exhausted`; `blocked` leads are kept and visible but never dialed.
 */
export const LEAD_STATUSES = ['new', 'dialing', 'retry', 'callback', 'done', 'exhausted', 'blocked'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const BLOCKED_REASONS = ['dnc', 'no_timezone', 'refused'] as const;
export type BlockedReason = (typeof BLOCKED_REASONS)[number];

export const TIMEZONE_SOURCES = ['explicit', 'postal_code', 'area_code', 'country'] as const;
export type TimezoneSource = (typeof TIMEZONE_SOURCES)[number];

@Entity({ tableName: 'leads' })
// The hopper's path: due callbacks, due retries, then fresh leads of a list.
@Index({ name: 'leads_hopper_idx', properties: ['list', 'status', 'nextAttemptAt'] })
@Index({ properties: ['phone'] })
@Index({ properties: ['externalId'] })
// An import retried after a crash finds its rows already there and skips them.
@Unique({ properties: ['importId', 'importRow'] })
export class Lead extends UuidEntity {
  // Checked once per statement by triggers, not by a foreign key checked row by row (migration 20261207090000).
  @ManyToOne(() => LeadList, { createForeignKeyConstraint: false })
  list!: LeadList;

  /** Primary number, E.164. */
  @Property({ type: 'text' })
  phone!: string;

  /** libphonenumber's type, lower-cased: mobile, fixed_line, fixed_line_or_mobile, voip... */
  @Property({ type: 'text', nullable: true })
  phoneType?: string;

  /** The extension written after the primary number ("ext 12"), which E.164 cannot hold; not dialed. */
  @Property({ type: 'text', nullable: true })
  phoneExtension?: string;

  /** Up to two alternate numbers, E.164. */
  @Property({ type: 'text[]', default: '{}' })
  altPhones: Opt<string[]> = [];

  /** The type of each alternate number, in the same order as altPhones. */
  @Property({ type: 'text[]', default: '{}' })
  altPhoneTypes: Opt<string[]> = [];

  /** Account, customer or debt id from the source system. */
  @Property({ type: 'text', nullable: true })
  externalId?: string;

  @Property({ type: 'text', nullable: true })
  firstName?: string;

  @Property({ type: 'text', nullable: true })
  lastName?: string;

  @Property({ type: 'text', nullable: true })
  email?: string;

  @Property({ type: 'text', nullable: true })
  postalCode?: string;

  /** State, prefecture or county. */
  @Property({ type: 'text', nullable: true })
  region?: string;

  @Property({ type: 'character', length: 2, nullable: true })
  country?: string;

  /**
   * IANA zone the calling window is computed in, when exactly one is known.
   * Null when unknown (the lead is blocked: no_timezone) or when several are
   * possible: timezoneCandidates then lists them, and the window is their intersection.
   */
  @Property({ type: 'text', nullable: true })
  timezone?: string;

  @Enum({ items: () => TIMEZONE_SOURCES, type: 'text', nullable: true })
  timezoneSource?: TimezoneSource;

  /** Every zone the lead may be in (one when known for sure); the calling window is their intersection. */
  @Property({ type: 'text[]', default: '{}' })
  timezoneCandidates: Opt<string[]> = [];

  /** Unmapped columns, kept as given. */
  @Property({ type: 'jsonb', default: '{}' })
  customFields: Opt<Record<string, string>> = {};

  @Enum({ items: () => LEAD_STATUSES, type: 'text', default: 'new' })
  status: Opt<LeadStatus> = 'new';

  @Enum({ items: () => BLOCKED_REASONS, type: 'text', nullable: true })
  blockedReason?: BlockedReason;

  @Property({ type: 'integer', default: 0 })
  attemptCount: Opt<number> = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lastAttemptAt?: Date;

  /** When a retry or callback becomes due. */
  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt?: Date;

  /** Last disposition code given by an agent or the system. */
  @Property({ type: 'text', nullable: true })
  lastDisposition?: string;

  /** Why the dialer last passed over this lead (a gate's code), in words, and when. */
  @Property({ type: 'text', nullable: true })
  skipCode?: string;

  @Property({ type: 'text', nullable: true })
  skipReason?: string;

  @Property({ type: 'timestamptz', nullable: true })
  skippedAt?: Date;

  /** A personal callback: only this agent gets the call. */
  @Property({ type: 'uuid', nullable: true })
  callbackAgentId?: string;

  @Property({ type: 'uuid', nullable: true })
  importId?: string;

  /** 1-based data row of the source file (the header is row 0). */
  @Property({ type: 'integer', nullable: true })
  importRow?: number;
}
