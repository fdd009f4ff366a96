import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { Actor } from './actor';
import { AuditAction, AuditEntityType } from './audit-actions';
import { AuditEntry } from './entities/audit-entry.entity';

export interface AuditRecord {
  /** One of AUDIT_ACTIONS: each has a label in the web app's languages. */
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string;
  data?: Record<string, unknown>;
}

/**
 * Appends to the audit log in the caller's unit of work, so the record
 * commits (or rolls back) together with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly em: EntityManager,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  record(actor: Actor, record: AuditRecord, em: EntityManager = this.em): AuditEntry {
    const entry = em.create(AuditEntry, {
      actorId: actor.id ?? undefined,
      actorRole: actor.role,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      data: record.data ?? {},
      requestId: actor.requestId,
      at: this.clock.now(),
    });
    em.persist(entry);
    return entry;
  }

  /** Records and commits at once, in a unit of work of its own: for acts that change nothing else (a read, a download). */
  async recordNow(actor: Actor, record: AuditRecord): Promise<void> {
    const em = this.em.fork();
    this.record(actor, record, em);
    await em.flush();
  }
}
