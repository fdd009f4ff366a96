import { EntityManager } from '@mikro-orm/postgresql';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { pgArrayLiteral } from '@dialer/db';
import { CampaignConfig, NUMBER_SLOTS } from '@dialer/campaigns';
import { DncService } from '@dialer/compliance';
import { resolveTimezone } from '@dialer/leads';
import { abandonedSql, countsAsCallSql } from '../attempts/attempt-classes';
import { LeadFacts, NumberFacts } from '../gates/lead-numbers';

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
  debt_calls: string[] | null;
  last_conversation_at: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  timezone_source: string | null;
  alt_phones: string[];
  alt_phone_types: string[];
  last_phone: string | null;
  last_outcome: string | null;
  wrong_phones: string[] | null;
}

/** One row per number of each lead: what the gates ask about that number alone. */
interface NumberRow {
  id: string;
  phone: string;
  last_abandoned_at: string | null;
  subject_calls: string[] | null;
  consent_granted_at: string | null;
  consent_revoked_at: string | null;
}

const toDate = (value: string | null): Date | null => (value ? new Date(value) : null);

/**
 * The zones an alternate number's calling hours are judged in: its own. A
 * geographic number (its area code says where it rings) in its area's zones,
 * and where the person is known to live (an explicit zone or a ZIP) there as
 * well, the window being their intersection; a number that may be anywhere in
 * its country (a mobile) where the person lives when that is known, else
 * every zone of its country.
 */
function alternateZones(phone: string, phoneType: string | undefined, country: string | null, lead: LeadRow, source: string | null): string[] {
  const home = source === 'explicit' || source === 'postal_code' ? lead.timezone_candidates : [];
  // The number's own country when it says (a +44 alternate of a US lead is British), else the lead's.
  const own = resolveTimezone({ e164: phone, country: parsePhoneNumberFromString(phone)?.country ?? country ?? undefined, phoneType });
  if (own.source === 'area_code') return [...new Set([...home, ...own.candidates])];
  return home.length > 0 ? [...home] : [...own.candidates];
}

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
 * US state rules (`us`): calls to the same number on the same subject — the
 * campaign's product, or the campaign itself when it names none — by any
 * campaign in the last 24 h.
 *
 * `excludeAttemptId`: the attempt being checked again just before its call is
 * placed (a preview), which must not count against itself.
 */
export async function loadLeadFacts(
  em: EntityManager,
  dnc: DncService,
  campaign: { id: string; config: CampaignConfig },
  leads: readonly LeadRow[],
  now: Date,
  excludeAttemptId?: string,
): Promise<Map<string, LeadFacts>> {
  if (leads.length === 0) return new Map();
  const campaignId = campaign.id;
  const collections = campaign.config.kind === 'collections';
  const us = campaign.config.profile.code === 'US';
  const ids = pgArrayLiteral(leads.map((lead) => lead.id));
  const counted = `${countsAsCallSql('a')} and a.id is distinct from ?::uuid`;
  const debtLeads = `select d.id from leads d
     where (l.external_id is not null and d.external_id = l.external_id) or (l.external_id is null and d.phone = l.phone)`;
  const [rows, numberRows] = await Promise.all([
    em.execute<FactRow[]>(
      `with l as (select l.id, l.phone, l.external_id, l.region, l.postal_code, l.alt_phones, l.alt_phone_types, l.timezone_source,
                         coalesce(l.country, ll.default_country) as country, coalesce(l.timezone_candidates[1], 'UTC') as zone
                    from leads l join lead_lists ll on ll.id = l.list_id where l.id = any(?::uuid[]))
       select l.id, l.region, l.postal_code, l.country, l.timezone_source, l.alt_phones, l.alt_phone_types,
         (select count(*) from call_attempts a
           where a.lead_id = l.id and a.campaign_id = ? and ${counted}) as attempts_total,
         (select count(*) from call_attempts a
           where a.lead_id = l.id and a.campaign_id = ? and ${counted}
             and a.created_at >= (date_trunc('day', ?::timestamptz at time zone l.zone) at time zone l.zone)) as attempts_today,
         case when ? then (
           select array_agg(a.created_at) from call_attempts a join campaigns k on k.id = a.campaign_id and k.kind = 'collections'
            where a.lead_id in (${debtLeads}) and ${counted}
              and a.created_at > ?::timestamptz - interval '8 days') end as debt_calls,
         case when ? then (
           select max(a.disposition_at) from call_attempts a
             join campaigns k on k.id = a.campaign_id and k.kind = 'collections'
             join disposition_codes dc on dc.campaign_id = a.campaign_id and dc.code = a.disposition_code and dc.is_contact
            where a.lead_id in (${debtLeads})) end as last_conversation_at,
         h.phone as last_phone, h.outcome as last_outcome,
         (select array_agg(distinct a.phone) from call_attempts a
           where a.lead_id = l.id and a.disposition_code = any(?::text[])) as wrong_phones
       from l
       left join lateral (
         select a.phone, a.outcome from call_attempts a
          where a.lead_id = l.id and a.campaign_id = ? and ${counted}
          order by a.created_at desc limit 1) h on true`,
      [
        ids,
        campaignId,
        excludeAttemptId ?? null,
        campaignId,
        excludeAttemptId ?? null,
        now,
        collections,
        excludeAttemptId ?? null,
        now,
        collections,
        pgArrayLiteral(campaign.config.numbers.wrongNumberCodes),
        campaignId,
        excludeAttemptId ?? null,
      ],
    ),
    em.execute<NumberRow[]>(
      `with n as (select distinct l.id, p.phone from leads l cross join lateral unnest(array[l.phone] || l.alt_phones) as p(phone)
                   where l.id = any(?::uuid[])),
       k as (select coalesce(settings->>'product', id::text) as subject from campaigns where id = ?)
       select n.id, n.phone,
         (select max(a.ended_at) from call_attempts a where a.phone = n.phone and ${abandonedSql('a')}) as last_abandoned_at,
         case when ? then (
           select array_agg(a.created_at) from call_attempts a join campaigns o on o.id = a.campaign_id, k
            where a.phone = n.phone and ${counted} and a.created_at > ?::timestamptz - interval '24 hours'
              and coalesce(o.settings->>'product', o.id::text) = k.subject) end as subject_calls,
         c.granted_at as consent_granted_at, c.revoked_at as consent_revoked_at
       from n
       left join lateral (
         select granted_at, revoked_at from consents
          where phone = n.phone and type = 'prerecorded_calls' and (campaign_id is null or campaign_id = ?)
          order by granted_at desc limit 1) c on true`,
      [ids, campaignId, us, excludeAttemptId ?? null, now, campaignId],
    ),
  ]);
  const blocked = await dnc.blockedAmong([...new Set(numberRows.map((row) => row.phone))], [campaignId]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const numberOf = new Map(numberRows.map((row) => [`${row.id}|${row.phone}`, row]));
  return new Map(
    leads.map((lead) => {
      const row = byId.get(lead.id)!;
      const number = (slot: NumberFacts['slot'], phone: string, phoneType: string | null, zones: string[]): NumberFacts => {
        const own = numberOf.get(`${lead.id}|${phone}`);
        return {
          slot,
          phone,
          phoneType,
          timezoneCandidates: zones,
          onDnc: blocked.has(phone),
          lastAbandonedAt: toDate(own?.last_abandoned_at ?? null),
          subjectCallTimes: (own?.subject_calls ?? []).map((at) => new Date(at)),
          consent: own?.consent_granted_at ? { grantedAt: new Date(own.consent_granted_at), revokedAt: toDate(own.consent_revoked_at) } : null,
        };
      };
      const numbers = [number('main', lead.phone, lead.phone_type, lead.timezone_candidates)];
      row.alt_phones.slice(0, NUMBER_SLOTS.length - 1).forEach((phone, i) => {
        const type = row.alt_phone_types[i] || null;
        numbers.push(number(NUMBER_SLOTS[i + 1], phone, type, alternateZones(phone, type ?? undefined, row.country, lead, row.timezone_source)));
      });
      const facts: LeadFacts = {
        lead: {
          leadId: lead.id,
          status: lead.status,
          attemptsTotal: Number(row.attempts_total),
          attemptsToday: Number(row.attempts_today),
          debt: collections
            ? { callTimes: (row.debt_calls ?? []).map((at) => new Date(at)), lastConversationAt: toDate(row.last_conversation_at) }
            : null,
          region: row.region,
          postalCode: row.postal_code,
        },
        numbers,
        history: {
          last: row.last_phone ? { phone: row.last_phone, outcome: row.last_outcome } : null,
          wrong: row.wrong_phones ?? [],
        },
      };
      return [lead.id, facts];
    }),
  );
}
