import { Entity, Index, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * One row of the append-only audit log. The database refuses UPDATE, DELETE
 * and TRUNCATE on this table (trigger in the initial migration) and chains
 * every row it inserts to the one before (`seq`, `prevHash`, `hash`: the
 * audit-chain migration's trigger sets them; nothing here ever does).
 */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['entityType', 'entityId'] })
@Index({ properties: ['actorId', 'at'] })
@Index({ properties: ['action', 'at'] })
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

  /** Position in the chain: 1, 2, 3… in the one order rows were appended (set by the database). */
  @Property({ type: 'bigint', default: 0 }) // never 0 in a row: the trigger numbers each one
  @Unique({ name: 'audit_log_seq_unique' })
  seq!: Opt<string>;

  /** The previous row's `hash` (null for the first row). */
  @Property({ type: 'blob', columnType: 'bytea', nullable: true, lazy: true })
  prevHash?: Buffer;

  /** SHA-256 over this row's canonical content and `prevHash`. */
  @Property({ type: 'blob', columnType: 'bytea', nullable: true, lazy: true })
  hash?: Buffer;
}
