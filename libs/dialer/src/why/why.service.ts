import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, NotFoundError } from '@dialer/core';
import { AgentsService } from '@dialer/agents';
import { Campaign, CampaignsService } from '@dialer/campaigns';
import { dialableStatusSql, DncService, GateVerdict, isDialableLeadStatus } from '@dialer/compliance';
import { countsAsCallSql } from '../attempts/attempt-classes';
import { chooseNumber, numbersInTurn } from '../gates/lead-numbers';
import { LeadRow, loadLeadFacts } from '../hopper/lead-facts.repository';
import { PacingStatusStore } from '../stats/pacing-status.store';

export interface Reason {
  code: string;
  message: string;
}

export interface LeadWhy {
  leadId: string;
  status: string;
  /** One sentence: is it being dialed, and if not, why. */
  summary: string;
  dialableNow: boolean;
  nextAttemptAt: string | null;
  lastSkip: { code: string; reason: string; at: string } | null;
  /** The number the lead's last call dialed (its main one or an alternate), and how that call went. */
  lastCall: { phone: string; slot: string | null; outcome: string | null; at: string } | null;
  campaigns: {
    campaignId: string;
    name: string;
    status: string;
    /** What stops the next call (every number considered), or null. */
    blocking: GateVerdict | null;
    /** Every gate on the number the next call would dial (or the first that fails). */
    verdicts: GateVerdict[];
    /** The lead's numbers in the order the next call tries them, each with its own verdict. */
    numbers: NumberWhy[];
  }[];
}

export interface NumberWhy {
  slot: string;
  phone: string;
  /** `next`: the next call dials it; `skipped`: a gate stops it (reason); `later`: tried after the next one; `unused`: never dialed (reason). */
  state: 'next' | 'skipped' | 'later' | 'unused';
  code: string | null;
  reason: string | null;
}

export interface CampaignWhy {
  campaignId: string;
  dialing: boolean;
  reasons: Reason[];
}

interface WhyLeadRow extends LeadRow {
  list_id: string;
  blocked_reason: string | null;
  last_disposition: string | null;
  skip_code: string | null;
  skip_reason: string | null;
  skipped_at: string | null;
  alt_phones: string[];
}

const STATUS_SUMMARY: Record<string, (lead: WhyLeadRow) => string> = {
  dialing: () => 'A call to this lead is in progress',
  done: (lead) => `Closed by the final disposition ${lead.last_disposition ?? ''}`.trim(),
  exhausted: () => 'Every attempt the campaign allows has been made',
  blocked: (lead) =>
    lead.blocked_reason === 'dnc'
      ? 'On a do-not-call list: never dialed'
      : lead.blocked_reason === 'no_timezone'
        ? 'Its time zone is unknown, so its calling hours are too: never dialed until it is set'
        : 'The callee refused; they are not solicited again for this product',
};

/** Answers the commonest question about a dialer: why is this (not) being called? */
@Injectable()
export class WhyService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    private readonly dnc: DncService,
    private readonly agents: AgentsService,
    private readonly pacing: PacingStatusStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async lead(leadId: string): Promise<LeadWhy> {
    const now = this.clock.now();
    const em = this.em.fork();
    const [lead] = await em.execute<WhyLeadRow[]>(
      `select id, list_id, phone, phone_type, status, timezone_candidates, external_id, next_attempt_at, callback_agent_id,
              blocked_reason, last_disposition, skip_code, skip_reason, skipped_at, alt_phones
         from leads where id = ?`,
      [leadId],
    );
    if (!lead) throw new NotFoundError('Lead', leadId);
    const attached = await em.find(Campaign, { id: { $in: await this.campaignIdsOf(em, lead.list_id) } });

    const campaigns = [];
    for (const campaign of attached) {
      const config = this.campaigns.config(campaign, now);
      const facts = (await loadLeadFacts(em, this.dnc, { id: campaign.id, config }, [lead], now)).get(lead.id)!;
      const choice = chooseNumber(facts, config, now, { liveAgentGuaranteed: campaign.dialingMode === 'preview' });
      const shown = choice.chosen ?? choice.tried[0];
      const numbers: NumberWhy[] = [
        ...choice.tried.map((t) => ({
          slot: t.slot,
          phone: t.phone,
          state: t === choice.chosen ? ('next' as const) : ('skipped' as const),
          code: t.blocking?.code ?? null,
          reason: t.blocking?.message ?? null,
        })),
        ...numbersInTurn(facts, config.numbers)
          .queue.filter((n) => !choice.tried.some((t) => t.phone === n.phone))
          .map((n) => ({ slot: n.slot, phone: n.phone, state: 'later' as const, code: null, reason: null })),
        ...choice.unused.map((u) => ({ slot: u.slot, phone: u.phone, state: 'unused' as const, code: null, reason: u.reason })),
      ];
      campaigns.push({
        campaignId: campaign.id,
        name: campaign.name,
        status: campaign.status,
        blocking: choice.blocking,
        verdicts: shown?.verdicts ?? [choice.blocking!],
        numbers,
      });
    }
    const [last] = await em.execute<{ phone: string; outcome: string | null; created_at: string }[]>(
      `select a.phone, a.outcome, a.created_at from call_attempts a where a.lead_id = ? and ${countsAsCallSql('a')}
        order by a.created_at desc limit 1`,
      [leadId],
    );
    const slotOf = (phone: string) => (phone === lead.phone ? 'main' : lead.alt_phones.includes(phone) ? `alt${lead.alt_phones.indexOf(phone) + 1}` : null);

    const due = !lead.next_attempt_at || new Date(lead.next_attempt_at) <= now;
    const open = isDialableLeadStatus(lead.status);
    const live = campaigns.filter((c) => c.status === 'active');
    const dialableNow = open && due && live.some((c) => c.blocking === null);
    return {
      leadId,
      status: lead.status,
      summary: this.summarise(lead, due, live, campaigns, dialableNow),
      dialableNow,
      nextAttemptAt: lead.next_attempt_at ? new Date(lead.next_attempt_at).toISOString() : null,
      lastSkip:
        lead.skip_code && lead.skipped_at
          ? { code: lead.skip_code, reason: lead.skip_reason ?? '', at: new Date(lead.skipped_at).toISOString() }
          : null,
      lastCall: last ? { phone: last.phone, slot: slotOf(last.phone), outcome: last.outcome, at: new Date(last.created_at).toISOString() } : null,
      campaigns,
    };
  }

  private summarise(lead: WhyLeadRow, due: boolean, live: LeadWhy['campaigns'], all: LeadWhy['campaigns'], dialableNow: boolean): string {
    const byStatus = STATUS_SUMMARY[lead.status];
    if (byStatus) return byStatus(lead);
    if (all.length === 0) return 'Its list is not attached to any campaign';
    if (live.length === 0) return `No campaign using its list is active (${all.map((c) => `${c.name}: ${c.status}`).join(', ')})`;
    if (!due) {
      const kind = lead.status === 'callback' ? 'A callback is booked' : lead.status === 'retry' ? 'A retry is scheduled' : 'Held';
      return `${kind} for ${new Date(lead.next_attempt_at!).toISOString()}${lead.skip_reason ? ` (${lead.skip_reason})` : ''}`;
    }
    if (dialableNow) return 'Dialable now: it passes every gate and will be called as agents free up';
    return `Not dialable now: ${live.map((c) => c.blocking?.message).filter(Boolean).join('; ')}`;
  }

  async campaign(campaignId: string): Promise<CampaignWhy> {
    const campaign = await this.campaigns.get(campaignId);
    const now = this.clock.now();
    const reasons: Reason[] = [];
    if (campaign.status !== 'active') reasons.push({ code: 'NOT_ACTIVE', message: `The campaign is ${campaign.status}` });

    const status = await this.pacing.load(campaignId);
    if (campaign.status === 'active' && !status) {
      reasons.push({ code: 'NO_PACING_LEADER', message: 'No worker is running this campaign’s pacing loop (is the worker up?)' });
    }
    if (campaign.dialingMode !== 'agentless') {
      const agents = await this.agents.list(campaignId);
      if (agents.length === 0) reasons.push({ code: 'NO_AGENTS', message: 'No agent is logged in to the campaign' });
      else if (!agents.some((a) => a.state === 'ready')) {
        const busy = agents.filter((a) => a.state === 'on_call' || a.state === 'wrap_up' || a.state === 'reserved').length;
        reasons.push(
          busy > 0
            ? { code: 'AGENTS_BUSY', message: `All ${agents.length} agents are busy (${busy} on calls or wrapping up)` }
            : { code: 'NO_AGENT_READY', message: `${agents.length} agents logged in, none ready (paused)` },
        );
      }
    }
    reasons.push(...(await this.leadReasons(campaignId, now)));
    if (status?.reason && status.callsToPlace === 0 && /calls-per-second/i.test(status.reason)) {
      reasons.push({ code: 'CPS_BUDGET', message: `Pacing: ${status.reason} (the Twilio account's calls per second are shared by every campaign)` });
    } else if (status?.reason && status.callsToPlace === 0 && /fallback|cap/i.test(status.reason)) {
      reasons.push({ code: 'PACING_HOLDING_BACK', message: `Pacing: ${status.reason}` });
    }
    return { campaignId, dialing: reasons.length === 0, reasons };
  }

  private async campaignIdsOf(em: EntityManager, listId: string): Promise<string[]> {
    const rows = await em.execute<{ campaign_id: string }[]>(`select campaign_id from campaign_lists where list_id = ? and active`, [listId]);
    return rows.map((row) => row.campaign_id);
  }

  /** Whether any lead is due, and if none is, where they all are. */
  private async leadReasons(campaignId: string, now: Date): Promise<Reason[]> {
    const [counts] = await this.em.fork().execute<Record<string, string | null>[]>(
      `select count(*) filter (where ${dialableStatusSql('l')} and (l.next_attempt_at is null or l.next_attempt_at <= ?)) as due,
              count(*) filter (where ${dialableStatusSql('l')} and l.next_attempt_at > ?) as waiting,
              count(*) filter (where l.skip_code in ('OUTSIDE_CALLING_HOURS', 'HOLIDAY', 'NO_CALLS_THAT_DAY') and l.next_attempt_at > ?) as outside_hours,
              min(l.next_attempt_at) filter (where ${dialableStatusSql('l')} and l.next_attempt_at > ?) as next_due,
              count(*) filter (where l.status = 'dialing') as dialing,
              count(*) as total
         from leads l join campaign_lists cl on cl.list_id = l.list_id and cl.active
        where cl.campaign_id = ?`,
      [now, now, now, now, campaignId],
    );
    const n = (key: string) => Number(counts[key] ?? 0);
    if (n('total') === 0) return [{ code: 'NO_LEADS', message: 'The attached lists hold no leads' }];
    if (n('due') > 0) return [];
    if (n('waiting') === 0) {
      return n('dialing') > 0 ? [] : [{ code: 'LIST_EXHAUSTED', message: 'Every lead is closed, exhausted or blocked: the lists are used up' }];
    }
    const next = counts.next_due ? new Date(counts.next_due).toISOString() : 'later';
    if (n('outside_hours') === n('waiting')) {
      return [{ code: 'OUTSIDE_CALLING_HOURS', message: `Every remaining lead is outside its calling hours; the next opens at ${next}` }];
    }
    return [{ code: 'NOTHING_DUE', message: `${n('waiting')} leads are waiting for retries, callbacks or calling hours; the next is due at ${next}` }];
  }
}
