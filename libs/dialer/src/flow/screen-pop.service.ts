import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CLOCK, Clock } from '@dialer/core';
import { AgentNotifier } from '@dialer/agents';
import { CampaignsService, renderScript } from '@dialer/campaigns';
import { CampaignConfigCache } from './campaign-config.cache';
import type { DeskScreenPop } from '@dialer/desk-events';

/** What lands on the agent's screen the moment a callee is put through: the desk protocol's `screen_pop`. */
export type ScreenPop = DeskScreenPop;

interface LeadRow {
  id: string;
  phone: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  external_id: string | null;
  region: string | null;
  postal_code: string | null;
  custom_fields: Record<string, string>;
  timezone_candidates: string[];
  alt_phones: string[];
  dialed_phone: string | null;
}

/** Which of the lead's numbers the call dials, so the agent knows which line answered. */
function dialedNumber(lead: LeadRow): Pick<ScreenPop, 'dialed'> {
  const phone = lead.dialed_phone;
  if (!phone) return {};
  const alt = lead.alt_phones.indexOf(phone);
  return { dialed: { phone, slot: phone === lead.phone || alt < 0 ? 'main' : alt === 0 ? 'alt1' : 'alt2' } };
}

/** Composes and delivers screen pops: lead, rendered script, earlier attempts, the callee's local time. */
@Injectable()
export class ScreenPopService {
  constructor(
    private readonly em: EntityManager,
    private readonly configs: CampaignConfigCache,
    private readonly campaigns: CampaignsService,
    private readonly notifier: AgentNotifier,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async compose(attemptId: string, leadId: string, campaignId: string, agentName: string): Promise<ScreenPop> {
    const em = this.em.fork();
    const [{ campaign, config }, [lead], history, dispositions] = await Promise.all([
      this.configs.get(campaignId),
      em.execute<LeadRow[]>(
        `select id, phone, first_name, last_name, email, external_id, region, postal_code, custom_fields, timezone_candidates, alt_phones,
                (select a.phone from call_attempts a where a.id = ?) as dialed_phone
           from leads where id = ?`,
        [attemptId, leadId],
      ),
      em.execute<{ at: string; outcome: string | null; disposition: string | null; agent_name: string | null }[]>(
        `select a.created_at as at, a.outcome, a.disposition_code as disposition, u.display_name as agent_name
           from call_attempts a left join users u on u.id = a.agent_id
          where a.lead_id = ? and a.id <> ? order by a.created_at desc limit 20`,
        [leadId, attemptId],
      ),
      this.campaigns.dispositions(campaignId),
    ]);
    const zone = lead.timezone_candidates[0];
    const local = zone ? DateTime.fromJSDate(this.clock.now()).setZone(zone) : null;
    const otherZones = lead.timezone_candidates.slice(1);
    const localTime = local
      ? { zone, time: local.toFormat('HH:mm'), date: local.toISODate() ?? '', ...(otherZones.length > 0 ? { otherZones } : {}) }
      : null;
    return {
      attemptId,
      mode: campaign.dialingMode,
      campaign: { id: campaign.id, name: campaign.name, kind: campaign.kind },
      lead: {
        id: lead.id,
        phone: lead.phone,
        firstName: lead.first_name,
        lastName: lead.last_name,
        email: lead.email,
        externalId: lead.external_id,
        region: lead.region,
        postalCode: lead.postal_code,
        custom: lead.custom_fields,
      },
      localTime,
      script: renderScript(config.script, {
        firstName: lead.first_name,
        lastName: lead.last_name,
        phone: lead.phone,
        email: lead.email,
        externalId: lead.external_id,
        region: lead.region,
        postalCode: lead.postal_code,
        custom: lead.custom_fields,
        agent: { name: agentName },
        localTime: localTime?.time,
      }),
      history: history.map((h) => ({ at: new Date(h.at).toISOString(), outcome: h.outcome, disposition: h.disposition, agentName: h.agent_name })),
      dispositions: dispositions.map((d) => ({ code: d.code, label: d.label, isFinal: d.isFinal, isCallback: d.isCallback, isDnc: d.isDnc })),
      survey: campaign.kind === 'survey' ? (config.survey?.questions ?? null) : null,
      ...dialedNumber(lead),
    };
  }

  /** Composes and pushes it to the agent's screens; `type` is `screen_pop` (a call) or `preview` (a lead to dial). */
  async deliver(agentId: string, agentName: string, attemptId: string, leadId: string, campaignId: string, type = 'screen_pop', extra: Partial<ScreenPop> = {}): Promise<ScreenPop> {
    const pop = { ...(await this.compose(attemptId, leadId, campaignId, agentName)), ...extra };
    await this.notifier.notify(agentId, type, pop);
    return pop;
  }
}
