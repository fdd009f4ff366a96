import { EntityManager } from '@mikro-orm/postgresql';
import { pgArrayLiteral } from '@dialer/db';
import { DncService } from '@dialer/compliance';
import { abandonedSql, countsAsCallSql } from '../attempts/attempt-classes';
import { LeadDialFacts } from '../gates/dial-gates';

export interface LeadRow {
  id: string;
  phone: string;
  phone_type: string | null;
  status: string;
  timezone_candidates: string[];
  external_id: string | null;
  next_attempt_at: string | null;
  callback_agent_id: string | null;
}

/** Raw rows: the driver hands timestamps back as text (the ORM maps them for entities, not here). */
interface FactRow {
  id: string;
  attempts_total: string;
  attempts_today: string;
  last_abandoned_at: string | null;
  debt_calls: string[] | null;
  last_conversation_at: string | null;
  consent_granted_at: string | null;
  consent_revoked_at: string | null;
}

const toDate = (value: string | null): Date | null => (value ? new Date(value) : null);

/**
 * Everything the gates ask about a batch of leads, in two round trips: the
 * DNC lookup and one query for counts and histories. Only calls that reached
 * (or may have reached) Twilio count: skipped previews, calls given back for
 * want of a calls-per-second slot and dial-time refusals never rang anyone.
 *
 * Collections: the 7-in-7 rule and the quiet period after a conversation are
 * per person and debt, whichever campaign called: the debt is the lead's
 * account id (`external_id`) across every collections campaign; a lead without
 * one is its own debt, together with every lead sharing its number (the
 * cautious reading when the debt cannot be told apart).
 *
 * `excludeAttemptId`: the attempt being checked again just before its call is
 * placed (a preview), which must not count against itself.
 */
export async function loadLeadFacts(
  em: EntityManager,
  dnc: DncService,
  campaignId: string,
  leads: readonly LeadRow[],
  now: Date,
  collections: boolean,
  excludeAttemptId?: string,
): Promise<Map<string, LeadDialFacts>> {
  if (leads.length === 0) return new Map();
  const counted = `${countsAsCallSql('a')} and a.id is distinct from ?::uuid`;
  const debtLeads = `select d.id from leads d
     where (l.external_id is not null and d.external_id = l.external_id) or (l.external_id is null and d.phone = l.phone)`;
  const [blocked, rows] = await Promise.all([
    dnc.blockedAmong(
      leads.map((lead) => lead.phone),
      [campaignId],
    ),
    em.execute<FactRow[]>(
      `with l as (select id, phone, external_id, coalesce(timezone_candidates[1], 'UTC') as zone from leads where id = any(?::uuid[]))
       select l.id,
         (select count(*) from call_attempts a
           where a.lead_id = l.id and a.campaign_id = ? and ${counted}) as attempts_total,
         (select count(*) from call_attempts a
           where a.lead_id = l.id and a.campaign_id = ? and ${counted}
             and a.created_at >= (date_trunc('day', ?::timestamptz at time zone l.zone) at time zone l.zone)) as attempts_today,
         (select max(a.ended_at) from call_attempts a where a.phone = l.phone and ${abandonedSql('a')}) as last_abandoned_at,
         case when ? then (
           select array_agg(a.created_at) from call_attempts a join campaigns k on k.id = a.campaign_id and k.kind = 'collections'
            where a.lead_id in (${debtLeads}) and ${counted}
              and a.created_at > ?::timestamptz - interval '8 days') end as debt_calls,
         case when ? then (
           select max(a.disposition_at) from call_attempts a
             join campaigns k on k.id = a.campaign_id and k.kind = 'collections'
             join disposition_codes dc on dc.campaign_id = a.campaign_id and dc.code = a.disposition_code and dc.is_contact
            where a.lead_id in (${debtLeads})) end as last_conversation_at,
         c.granted_at as consent_granted_at, c.revoked_at as consent_revoked_at
       from l
       left join lateral (
         select granted_at, revoked_at from consents
          where phone = l.phone and type = 'prerecorded_calls' and (campaign_id is null or campaign_id = ?)
          order by granted_at desc limit 1) c on true`,
      [
        pgArrayLiteral(leads.map((lead) => lead.id)),
        campaignId,
        excludeAttemptId ?? null,
        campaignId,
        excludeAttemptId ?? null,
        now,
        collections,
        excludeAttemptId ?? null,
        now,
        collections,
        campaignId,
      ],
    ),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return new Map(
    leads.map((lead) => {
      const row = byId.get(lead.id)!;
      const facts: LeadDialFacts = {
        leadId: lead.id,
        phone: lead.phone,
        phoneType: lead.phone_type,
        status: lead.status,
        timezoneCandidates: lead.timezone_candidates,
        onDnc: blocked.has(lead.phone),
        attemptsTotal: Number(row.attempts_total),
        attemptsToday: Number(row.attempts_today),
        debt: collections
          ? { callTimes: (row.debt_calls ?? []).map((at) => new Date(at)), lastConversationAt: toDate(row.last_conversation_at) }
          : null,
        lastAbandonedAt: toDate(row.last_abandoned_at),
        consent: row.consent_granted_at
          ? { grantedAt: new Date(row.consent_granted_at), revokedAt: toDate(row.consent_revoked_at) }
          : null,
      };
      return [lead.id, facts];
    }),
  );
}
