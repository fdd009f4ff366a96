import { Entity, Enum, Opt, Property, Unique } from '@mikro-orm/core';
import { UuidEntity } from '@dialer/db';

export const ROLES = ['admin', 'manager', 'agent', 'compliance'] as const;
export type Role = (typeof ROLES)[number];

@Entity({ tableName: 'users' })
export class User extends UuidEntity {
  /** Stored lower-cased, so sign-in is case-insensitive. */
  @Property({ type: 'text' })
  @Unique()
  email!: string;

  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  @Enum({ items: () => ROLES, type: 'text' })
  role!: Role;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt?: Date;

  /** Moved on when the account is deactivated or its password reset: tokens issued before are refused. */
  @Property({ type: 'integer', default: 0, hidden: true })
  sessionVersion: Opt<number> = 0;
}
