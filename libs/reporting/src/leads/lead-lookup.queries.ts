import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@dialer/core';

/** A lead as a search lists it. */
export interface LeadSummary {
  id: string;
  listId: string;
  listName: string;
  phone: string;
  firstName: string | null;
  lastName: string | null;
  /** A `fullName` column of the file (kept in custom fields), when the file had one rather than first/last. */
  fullName: string | null;
  externalId: string | null;
  status: string;
  blockedReason: string | null;
  attemptCount: number;
  lastAttemptAt: string | null;
  lastDisposition: string | null;
}

export interface LeadSearch {
  /** A number (any format: its digits are matched), a name (any part) or an external id. */
  q?: string;
  listId?: string;
  limit: number;
  offset: number;
}

export interface LeadAttempt {
  id: string;
  campaignId: string;
  campaignName: string;
  phone: string;
  state: string;
  answeredBy: string | null;
  abandoned: boolean;
  dispositionCode: string | null;
  durationSec: number | null;
  initiatedAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

export interface LeadDetail extends LeadSummary {
  phoneType: string | null;
  phoneExtension: string | null;
  altPhones: string[];
  email: string | null;
  postalCode: string | null;
  region: string | null;
  country: string | null;
  timezone: string | null;
  timezoneCandidates: string[];
  timezoneSource: string | null;
  customFields: Record<string, string>;
  nextAttemptAt: string | null;
  createdAt: string;
  /** The latest attempts, newest first (at most ATTEMPTS_SHOWN). */
  attempts: LeadAttempt[];
}

export const ATTEMPTS_SHOWN = 100;

const SUMMARY_COLUMNS = `l.id, l.list_id, ll.name as list_name, l.phone, l.first_name, l.last_name, l.custom_fields->>'full_name' as full_name,
  l.external_id, l.status, l.blocked_reason, l.attempt_count, l.last_attempt_at, l.last_disposition`;

type Raw = Record<string, unknown>;
const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

function summaryOf(r: Raw): LeadSummary {
  return {
    id: r.id as string,
    listId: r.list_id as string,
    listName: r.list_name as string,
    phone: r.phone as string,
    firstName: text(r.first_name),
    lastName: text(r.last_name),
    fullName: text(r.full_name),
    externalId: text(r.external_id),
    status: r.status as string,
    blockedReason: text(r.blocked_reason),
    attemptCount: Number(r.attempt_count),
    lastAttemptAt: iso(r.last_attempt_at),
    lastDisposition: text(r.last_disposition),
  };
}

/** Escapes LIKE's wildcards so a searched `%` or `_` is a character, not a pattern. */
const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * What a search term matches: its digits anywhere in the E.164 number (a national
 * "090-1234-5678" loses its trunk 0 so it matches "+819012345678"), an external id
 * exactly, or any part of a name.
 */
export function leadSearchWhere(q: string | undefined, listId: string | undefined): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (listId) {
    clauses.push('l.list_id = ?');
    params.push(listId);
  }
  const term = q?.trim();
  if (term) {
    const alternatives = ['l.external_id = ?'];
    params.push(term);
    const digits = term.replace(/\D/g, '').replace(/^0+/, '');
    // A term that is a number in any notation (digits, spaces, + - ( ) .) is searched as one; names are searched always.
    if (digits.length >= 3 && /^[\d\s+\-().]+$/.test(term)) {
      alternatives.push(`l.phone like ?`);
      params.push(`%${digits}%`);
    }
    const like = `%${likeLiteral(term)}%`;
    alternatives.push(
      `l.first_name ilike ?`,
      `l.last_name ilike ?`,
      `concat_ws(' ', l.first_name, l.last_name) ilike ?`,
      `concat_ws(' ', l.last_name, l.first_name) ilike ?`,
      `l.custom_fields->>'full_name' ilike ?`,
      `l.custom_fields->>'name_kana' ilike ?`,
    );
    params.push(like, like, like, like, like, like);
    clauses.push(`(${alternatives.join(' or ')})`);
  }
  return { sql: clauses.length > 0 ? clauses.join(' and ') : 'true', params };
}

/** Leads as a manager looks them up: a search over every list (or one), and one lead with its attempts. */
@Injectable()
export class LeadLookupQueries {
  constructor(private readonly em: EntityManager) {}

  async search(search: LeadSearch): Promise<{ total: number; items: LeadSummary[] }> {
    const where = leadSearchWhere(search.q, search.listId);
    const [rows, [{ total }]] = await Promise.all([
      this.em.execute<Raw[]>(
        `select ${SUMMARY_COLUMNS} from leads l join lead_lists ll on ll.id = l.list_id
          where ${where.sql} order by l.created_at desc, l.id limit ? offset ?`,
        [...where.params, search.limit, search.offset],
      ),
      this.em.execute<{ total: string }[]>(`select count(*) as total from leads l where ${where.sql}`, where.params),
    ]);
    return { total: Number(total), items: rows.map(summaryOf) };
  }

  async lead(id: string): Promise<LeadDetail> {
    const [row] = await this.em.execute<Raw[]>(
      `select ${SUMMARY_COLUMNS}, l.phone_type, l.phone_extension, l.alt_phones, l.email, l.postal_code, l.region, l.country,
              l.timezone, l.timezone_candidates, l.timezone_source, l.custom_fields, l.next_attempt_at, l.created_at
         from leads l join lead_lists ll on ll.id = l.list_id where l.id = ?`,
      [id],
    );
    if (!row) throw new NotFoundError('Lead', id);
    const attempts = await this.em.execute<Raw[]>(
      `select a.id, a.campaign_id, c.name as campaign_name, a.phone, a.state, a.answered_by, a.abandoned, a.disposition_code,
              a.duration_sec, a.initiated_at, a.ended_at, a.created_at
         from call_attempts a join campaigns c on c.id = a.campaign_id
        where a.lead_id = ? order by a.created_at desc, a.id limit ?`,
      [id, ATTEMPTS_SHOWN],
    );
    return {
      ...summaryOf(row),
      phoneType: text(row.phone_type),
      phoneExtension: text(row.phone_extension),
      altPhones: (row.alt_phones as string[] | null) ?? [],
      email: text(row.email),
      postalCode: text(row.postal_code),
      region: text(row.region),
      country: text(row.country)?.trim() ?? null,
      timezone: text(row.timezone),
      timezoneCandidates: (row.timezone_candidates as string[] | null) ?? [],
      timezoneSource: text(row.timezone_source),
      customFields: (row.custom_fields as Record<string, string> | null) ?? {},
      nextAttemptAt: iso(row.next_attempt_at),
      createdAt: iso(row.created_at)!,
      attempts: attempts.map((a) => ({
        id: a.id as string,
        campaignId: a.campaign_id as string,
        campaignName: a.campaign_name as string,
        phone: a.phone as string,
        state: a.state as string,
        answeredBy: text(a.answered_by),
        abandoned: Boolean(a.abandoned),
        dispositionCode: text(a.disposition_code),
        durationSec: a.duration_sec === null ? null : Number(a.duration_sec),
        initiatedAt: iso(a.initiated_at),
        endedAt: iso(a.ended_at),
        createdAt: iso(a.created_at)!,
      })),
    };
  }
}
