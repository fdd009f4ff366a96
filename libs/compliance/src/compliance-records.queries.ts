import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CSV_UTF8_BOM, formatCsvRow } from '@dialer/core';
import { DncScope, DncSource } from './entities/dnc-entry.entity';
import { RevocationChannel, RevocationScope } from './entities/consent-revocation.entity';
import { readRevocationReason, RevocationReason } from './revocation-reason';
import { revocationLag } from './rules/revocation-lag';

export interface DncListFilter {
  /** One E.164 number. */
  phone?: string;
  scope?: DncScope;
  source?: DncSource;
  addedFrom?: Date;
  addedTo?: Date;
  /** E.164 prefix, e.g. `+1212`. */
  phonePrefix?: string;
}

export interface DncListRow {
  id: string;
  phone: string;
  scope: DncScope;
  campaignId: string | null;
  product: string | null;
  source: DncSource;
  reason: string | null;
  /** Set when a revocation wrote the reason: its parts. */
  revocation: RevocationReason | null;
  createdAt: string;
  expiresAt: string | null;
  importId: string | null;
  createdBy: string | null;
}

export interface RevocationReportRow {
  id: string;
  phone: string;
  channel: RevocationChannel;
  content: string;
  scope: RevocationScope;
  campaignId: string | null;
  product: string | null;
  receivedAt: string;
  honouredAt: string | null;
  /** US business days from receipt to honouring (so far, when not honoured). */
  lagBusinessDays: number;
  /** Over the FCC's 10 business days. */
  overDeadline: boolean;
}

interface DncRaw {
  id: string;
  phone: string;
  scope: DncScope;
  campaign_id: string | null;
  product: string | null;
  source: DncSource;
  reason: string | null;
  /** Timestamps come back as text from raw queries (full microseconds: exact for the keyset). */
  created_at: string;
  expires_at: string | null;
  import_id: string | null;
  created_by: string | null;
}

const EXPORT_PAGE = 5_000;
const DNC_COLUMNS = 'id, phone, scope, campaign_id, product, source, reason, created_at, expires_at, import_id, created_by';

const iso = (value: string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** `like` matches its pattern's own wildcards: a prefix typed by a person is matched literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Read side of the compliance tables: the DNC listing and export, the revocation lag report. */
@Injectable()
export class ComplianceRecordsQueries {
  constructor(private readonly em: EntityManager) {}

  private dncWhere(filter: DncListFilter): { sql: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      clauses.push(clause);
      params.push(value);
    };
    if (filter.phone) add('phone = ?', filter.phone);
    if (filter.scope) add('scope = ?', filter.scope);
    if (filter.source) add('source = ?', filter.source);
    if (filter.addedFrom) add('created_at >= ?', filter.addedFrom);
    if (filter.addedTo) add('created_at < ?', filter.addedTo);
    if (filter.phonePrefix) add(`phone like ?`, likePrefix(filter.phonePrefix));
    return { sql: clauses.length ? clauses.join(' and ') : 'true', params };
  }

  /** One page of DNC entries, newest first, with the total that match. */
  async listDnc(filter: DncListFilter, page: { limit: number; offset: number }): Promise<{ total: number; items: DncListRow[] }> {
    const where = this.dncWhere(filter);
    const [rows, [{ total }]] = await Promise.all([
      this.em.execute<DncRaw[]>(`select ${DNC_COLUMNS} from dnc_entries where ${where.sql} order by created_at desc, id limit ? offset ?`, [
        ...where.params,
        page.limit,
        page.offset,
      ]),
      this.em.execute<{ total: string }[]>(`select count(*) as total from dnc_entries where ${where.sql}`, where.params),
    ]);
    return { total: Number(total), items: rows.map(dncRow) };
  }

  /** Every matching entry as formula-safe CSV, a page at a time (keyset), so memory stays flat at any size. */
  async *dncCsv(filter: DncListFilter): AsyncGenerator<string> {
    yield CSV_UTF8_BOM + formatCsvRow(['phone', 'scope', 'campaign_id', 'product', 'source', 'reason', 'added_at', 'expires_at', 'import_id', 'added_by', 'id']);
    const where = this.dncWhere(filter);
    let after: [string, string] | null = null;
    for (;;) {
      const keyset: string = after ? `and (created_at, id) > (?::timestamptz, ?::uuid)` : '';
      const page: DncRaw[] = await this.em.execute<DncRaw[]>(
        `select ${DNC_COLUMNS} from dnc_entries where ${where.sql} ${keyset} order by created_at, id limit ?`,
        [...where.params, ...(after ?? []), EXPORT_PAGE],
      );
      if (page.length === 0) return;
      yield page
        .map((r) => formatCsvRow([r.phone, r.scope, r.campaign_id, r.product, r.source, r.reason, iso(r.created_at), iso(r.expires_at), r.import_id, r.created_by, r.id]))
        .join('');
      const last = page[page.length - 1];
      after = [last.created_at, last.id];
    }
  }

  /** Revocations received in a period, each with its lag in US business days. */
  async revocationReport(range: { from?: Date; to?: Date }, now: Date): Promise<RevocationReportRow[]> {
    const rows = await this.em.execute<
      { id: string; phone: string; channel: RevocationChannel; content: string; scope: RevocationScope; campaign_id: string | null; product: string | null; received_at: string; honoured_at: string | null }[]
    >(
      `select id, phone, channel, content, scope, campaign_id, product, received_at, honoured_at from consent_revocations
        where (?::timestamptz is null or received_at >= ?) and (?::timestamptz is null or received_at < ?)
        order by received_at, created_at, id`,
      [range.from ?? null, range.from ?? null, range.to ?? null, range.to ?? null],
    );
    return rows.map((r) => {
      const receivedAt = new Date(r.received_at);
      const honouredAt = r.honoured_at ? new Date(r.honoured_at) : null;
      const lag = revocationLag(receivedAt, honouredAt, now);
      return {
        id: r.id,
        phone: r.phone,
        channel: r.channel,
        content: r.content,
        scope: r.scope,
        campaignId: r.campaign_id,
        product: r.product,
        receivedAt: receivedAt.toISOString(),
        honouredAt: honouredAt?.toISOString() ?? null,
        lagBusinessDays: lag.businessDays,
        overDeadline: lag.overDeadline,
      };
    });
  }
}

function dncRow(r: DncRaw): DncListRow {
  return {
    id: r.id,
    phone: r.phone,
    scope: r.scope,
    campaignId: r.campaign_id,
    product: r.product,
    source: r.source,
    reason: r.reason,
    revocation: readRevocationReason(r.reason),
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    importId: r.import_id,
    createdBy: r.created_by,
  };
}
