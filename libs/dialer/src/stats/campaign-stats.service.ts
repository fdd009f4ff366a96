import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { abandonRate } from '@dialer/compliance';
import { AgentPresence, AgentsService } from '@dialer/agents';
import { CampaignsService } from '@dialer/campaigns';
import { PacingStatus, PacingStatusStore } from './pacing-status.store';

export interface CallCounts {
  dials: number;
  /** A live person answered (not a machine or a fax). */
  liveAnswers: number;
  machines: number;
  connects: number;
  abandons: number;
  abandonRate: number;
  /** Live answers ÷ dials. */
  contactRate: number;
}

export interface CampaignStats {
  campaignId: string;
  status: string;
  mode: string;
  /** The regulatory abandon window: the rate the law caps. */
  window: { hours: number; since: string } & CallCounts;
  lastHour: CallCounts;
  inFlight: number;
  /** Talk time ÷ logged-in time over the last hour (DOMAIN.md). */
  occupancy: number | null;
  agents: { byState: Record<string, number>; list: AgentPresence[] };
  leads: Record<string, number>;
  pacing: PacingStatus | null;
  at: string;
}

const LIVE_STATES = `('queued', 'initiated', 'ringing', 'in_progress')`;
const MACHINE = `answered_by in ('machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax')`;

/** The live floor dashboard's figures for one campaign. */
@Injectable()
export class CampaignStatsService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    private readonly agents: AgentsService,
    private readonly pacing: PacingStatusStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async stats(campaignId: string): Promise<CampaignStats> {
    const campaign = await this.campaigns.get(campaignId);
    const config = this.campaigns.config(campaign);
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - config.abandon.windowHours * 3600_000);
    const hourAgo = new Date(now.getTime() - 3600_000);
    const [window, lastHour, inFlight, occupancy, leads, agents, pacing] = await Promise.all([
      this.counts(campaignId, windowStart),
      this.counts(campaignId, hourAgo),
      this.inFlight(campaignId),
      this.occupancy(campaignId, hourAgo, now),
      this.leadStatuses(campaignId),
      this.agents.list(campaignId),
      this.pacing.load(campaignId),
    ]);
    const byState: Record<string, number> = {};
    for (const agent of agents) byState[agent.state] = (byState[agent.state] ?? 0) + 1;
    return {
      campaignId,
      status: campaign.status,
      mode: campaign.dialingMode,
      window: { hours: config.abandon.windowHours, since: windowStart.toISOString(), ...window },
      lastHour,
      inFlight,
      occupancy,
      agents: { byState, list: agents },
      leads,
      pacing,
      at: now.toISOString(),
    };
  }

  /** Abandoned ÷ live answers over the window, as the cap is measured. */
  async abandonRateSince(campaignId: string, since: Date): Promise<CallCounts> {
    return this.counts(campaignId, since);
  }

  private async counts(campaignId: string, since: Date): Promise<CallCounts> {
    const [row] = await this.em.getConnection().execute<Record<string, string>[]>(
      `select count(*) as dials,
              count(*) filter (where answered_at is not null and not (coalesce(${MACHINE}, false))) as live_answers,
              count(*) filter (where ${MACHINE}) as machines,
              count(*) filter (where connected_at is not null) as connects,
              count(*) filter (where abandoned) as abandons
         from call_attempts where campaign_id = ? and created_at >= ?`,
      [campaignId, since],
    );
    const dials = Number(row.dials);
    const liveAnswers = Number(row.live_answers);
    const abandons = Number(row.abandons);
    return {
      dials,
      liveAnswers,
      machines: Number(row.machines),
      connects: Number(row.connects),
      abandons,
      abandonRate: abandonRate(abandons, liveAnswers),
      contactRate: dials === 0 ? 0 : liveAnswers / dials,
    };
  }

  private async inFlight(campaignId: string): Promise<number> {
    const [row] = await this.em
      .getConnection()
      .execute<{ count: string }[]>(`select count(*) from call_attempts where campaign_id = ? and state in ${LIVE_STATES}`, [campaignId]);
    return Number(row.count);
  }

  private async occupancy(campaignId: string, since: Date, now: Date): Promise<number | null> {
    const [row] = await this.em.getConnection().execute<{ talk: string | null; logged_in: string | null }[]>(
      `select sum(extract(epoch from least(coalesce(ended_at, ?), ?) - greatest(started_at, ?))) filter (where state = 'on_call') as talk,
              sum(extract(epoch from least(coalesce(ended_at, ?), ?) - greatest(started_at, ?))) as logged_in
         from agent_state_log
        where campaign_id = ? and coalesce(ended_at, ?) > ?`,
      [now, now, since, now, now, since, campaignId, now, since],
    );
    const loggedIn = Number(row.logged_in ?? 0);
    return loggedIn > 0 ? Number(row.talk ?? 0) / loggedIn : null;
  }

  private async leadStatuses(campaignId: string): Promise<Record<string, number>> {
    const rows = await this.em.getConnection().execute<{ status: string; count: string }[]>(
      `select l.status, count(*) from leads l join campaign_lists cl on cl.list_id = l.list_id
        where cl.campaign_id = ? and cl.active group by l.status`,
      [campaignId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }
}
