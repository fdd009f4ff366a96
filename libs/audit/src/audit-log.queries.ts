import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CSV_UTF8_BOM, formatCsvRow } from '@dialer/core';

export interface AuditFilters {
  actorId?: string;
  /** Exact action (`campaign.start`), or every action under a prefix when it ends with `.` (`campaign.`). */
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditEntryView {
  seq: string;
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
  /** Hex SHA-256 of the previous row (null for the first). */
  prevHash: string | null;
  hash: string | null;
}

export interface AuditPage {
  items: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/** Why a link of the chain is broken. */
export type AuditBreak = 'content_changed' | 'link_broken' | 'row_missing' | 'hash_missing';

export interface AuditVerification {
  ok: boolean;
  /** Rows walked. */
  checked: number;
  /** The last row's position and hash: publish them elsewhere to also detect rows cut from the end. */
  headSeq: string | null;
  headHash: string | null;
  firstBroken: { seq: string; id: string; reason: AuditBreak; storedHash: string | null; expectedHash: string | null } | null;
}

interface AuditRow {
  seq: string;
  id: string;
  at: Date;
  actor_id: string | null;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  data: Record<string, unknown>;
  request_id: string | null;
  prev_hash: string | null;
  hash: string | null;
}

const COLUMNS = `seq, id, at, actor_id, actor_role, action, entity_type, entity_id, data, request_id,
  encode(prev_hash, 'hex') as prev_hash, encode(hash, 'hex') as hash`;

const EXPORT_PAGE = 2_000;

function toView(row: AuditRow): AuditEntryView {
  return {
    seq: String(row.seq),
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    data: row.data,
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function whereOf(filters: AuditFilters): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filters.actorId) {
    clauses.push('actor_id = ?');
    params.push(filters.actorId);
  }
  if (filters.action) {
    if (filters.action.endsWith('.')) {
      clauses.push(`starts_with(action, ?)`);
    } else {
      clauses.push('action = ?');
    }
    params.push(filters.action);
  }
  if (filters.entityType) {
    clauses.push('entity_type = ?');
    params.push(filters.entityType);
  }
  if (filters.entityId) {
    clauses.push('entity_id = ?');
    params.push(filters.entityId);
  }
  if (filters.from) {
    clauses.push('at >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    clauses.push('at < ?');
    params.push(filters.to);
  }
  return { sql: clauses.length ? clauses.join(' and ') : 'true', params };
}

/**
 * The read side of the audit log: filtered pages (newest first), the CSV
 * export, and the walk of the hash chain the audit-chain migration's trigger
 * builds. The chain is recomputed with the same SQL function the trigger
 * used, so the two can never disagree about the canonical form.
 */
@Injectable()
export class AuditLogQueries {
  constructor(private readonly em: EntityManager) {}

  async page(filters: AuditFilters, options: { limit: number; before?: string }): Promise<AuditPage> {
    const where = whereOf(filters);
    const before = options.before ? ' and seq < ?' : '';
    const rows = await this.em.execute<AuditRow[]>(
      `select ${COLUMNS} from audit_log where ${where.sql}${before} order by seq desc limit ?`,
      [...where.params, ...(options.before ? [options.before] : []), options.limit + 1],
    );
    const items = rows.slice(0, options.limit).map(toView);
    return { items, nextBefore: rows.length > options.limit ? items[items.length - 1].seq : null };
  }

  /** The filtered log, oldest first, as formula-safe CSV (UTF-8 with BOM), a page at a time. */
  async *csv(filters: AuditFilters): AsyncGenerator<string> {
    yield CSV_UTF8_BOM +
      formatCsvRow(['seq', 'id', 'at_utc', 'actor_id', 'actor_role', 'action', 'entity_type', 'entity_id', 'data', 'request_id', 'prev_hash', 'hash']);
    const where = whereOf(filters);
    let after = '0';
    for (;;) {
      const rows = await this.em.execute<AuditRow[]>(
        `select ${COLUMNS} from audit_log where ${where.sql} and seq > ? order by seq limit ?`,
        [...where.params, after, EXPORT_PAGE],
      );
      if (rows.length === 0) return;
      yield rows
        .map(toView)
        .map((r) => formatCsvRow([r.seq, r.id, r.at, r.actorId, r.actorRole, r.action, r.entityType, r.entityId, JSON.stringify(r.data), r.requestId, r.prevHash, r.hash]))
        .join('');
      after = String(rows[rows.length - 1].seq);
    }
  }

  /**
   * Walks the whole chain in `seq` order and reports the first broken link: a
   * row whose content no longer hashes to its stored hash, whose `prev_hash` is
   * not the previous row's hash, or before which a row is missing (a gap in `seq`).
   */
  async verify(): Promise<AuditVerification> {
    const [summary] = await this.em.execute<{ checked: string; head_seq: string | null; head_hash: string | null }[]>(
      `select count(*) as checked, max(seq) as head_seq,
              (select encode(hash, 'hex') from audit_log order by seq desc limit 1) as head_hash
         from audit_log`,
    );
    const [broken] = await this.em.execute<
      { seq: string; id: string; stored_hash: string | null; expected_hash: string | null; content_ok: boolean; link_ok: boolean; in_order: boolean }[]
    >(
      `with chain as (
         select seq, id, hash, prev_hash,
                audit_log_row_hash(seq, id, at, actor_id, actor_role, action, entity_type, entity_id, data, request_id, prev_hash) as expected,
                lag(hash) over w as previous_hash, lag(seq) over w as previous_seq
           from audit_log window w as (order by seq)
       )
       select seq, id, encode(hash, 'hex') as stored_hash, encode(expected, 'hex') as expected_hash,
              hash is not distinct from expected as content_ok,
              prev_hash is not distinct from previous_hash as link_ok,
              seq = coalesce(previous_seq, 0) + 1 as in_order
         from chain
        where hash is distinct from expected or prev_hash is distinct from previous_hash or seq <> coalesce(previous_seq, 0) + 1
        order by seq limit 1`,
    );
    const firstBroken = broken
      ? {
          seq: String(broken.seq),
          id: String(broken.id),
          reason: (broken.stored_hash === null ? 'hash_missing' : !broken.in_order ? 'row_missing' : !broken.content_ok ? 'content_changed' : 'link_broken') as AuditBreak,
          storedHash: broken.stored_hash,
          expectedHash: broken.expected_hash,
        }
      : null;
    return {
      ok: firstBroken === null,
      checked: Number(summary.checked),
      headSeq: summary.head_seq === null ? null : String(summary.head_seq),
      headHash: summary.head_hash,
      firstBroken,
    };
  }
}
