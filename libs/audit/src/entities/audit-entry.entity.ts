import { Entity, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One row of the append-only audit log. The database refuses UPDATE, DELETE
 * and TRUNCATE on this table (trigger in the initial migration).
 */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['entityType', 'entityId'] })
export class AuditEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  @Index()
  at: Opt<Date> = new Date();

  /** Null for the system itself (the dialer, a webhook, a scheduled job). */
  @Property({ type: 'uuid', nullable: true })
  actorId?: string;

  @Property({ type: 'text' })
  actorRole!: string;

  /** Dotted verb, e.g. `user.created`, `dnc.added`, `campaign.started`. */
  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text' })
  entityType!: string;

  @Property({ type: 'text', nullable: true })
  entityId?: string;

  @Property({ type: 'jsonb', default: '{}' })
  data: Opt<Record<string, unknown>> = {};

  @Property({ type: 'text', nullable: true })
  requestId?: string;
}
