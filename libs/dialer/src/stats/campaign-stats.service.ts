import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { abandonRate } from '@dialer/compliance';
import { AgentPresence, AgentsService } from '@dialer/agents';
import { CampaignConfig, CampaignsService } from '@dialer/campaigns';
import { liveStateSql } from '../attempts/attempt-classes';
import { CampaignRollupsQueries } from './campaign-rollups.queries';
import { PacingStatus, PacingStatusStore } from './pacing-status.store';
import { statePeriodSql } from './state-period-sql';

export interface CallCounts {
  dials: number;
  /**
   * A live person answered (not a machine or a fax), counted once AMD said so
   * or the call ended without a machine verdict: it never goes down.
   */
  liveAnswers: number;
  machines: number;
  /** A person connected to an agent: never more than the live answers. */
  connects: number;
  /** A machine (or fax) that reached an agent before its AMD verdict: a wrap-up spent, a figure for AMD tuning. */
  machineConnects: number;
  /** Live people abandoned (a machine given the abandon message before its AMD verdict is not one). */
  abandons: number;
  /**
   * Where the law counts AMD false positives as abandoned (UK, AMD on): the
   * estimate, machines × the campaign's false-positive rate; 0 elsewhere.
   */
  amdFalsePositives: number;
  /** (abandons + AMD false positives) ÷ (live answers + AMD false positives): the rate the cap applies to. */
  abandonRate: number;
  /**
   * Right-party contacts: live answers whose outcome's code is flagged a contact or a success (a code on a
   * call AMD found to be a machine is no conversation), as the KPI report counts them (attempt-classes.ts contactSql).
   */
  contacts: number;
  /** コンタクト率: contacts ÷ dials (0 with no dials), the KPI report's contactRate. 接続率 is liveAnswers ÷ dials. */
  contactRate: number;
}

export interface CampaignStats {
  campaignId: string;
  status: string;
  mode: string;
  /** The regulatory abandon window: the rate the law caps, and the campaign's cap on it. */
  window: { hours: number; since: string; capRate: number } & CallCounts;
  lastHour: CallCounts;
  inFlight: number;
  /** Talk time ÷ logged-in time over the last hour. */
  occupancy: number | null;
  /** (Talk + wrap-up) time ÷ logged-in time over the last hour (DOMAIN.md's agent occupancy, with ACW). */
  occupancyWithWrap: number | null;
  agents: { byState: Record<string, number>; list: AgentPresence[] };
  leads: Record<string, number>;
  pacing: PacingStatus | null;
  at: string;
}

/**
 * The estimated AMD false positives among `machines` verdicts: humans AMD took
 * for machines, whom the UK counts as abandoned (a reasoned estimate, from the
 * campaign's measured false-positive rate). Zero where the law does not count them.
 */
export function estimatedAmdFalsePositives(config: CampaignConfig, machines: number): number {
  if (!config.profile.abandon.countAmdFalsePositives || config.amd.mode === 'off') return 0;
  return machines * config.amd.falsePositiveRate;
}

/** The live floor dashboard's figures for one campaign. */
@Injectable()
export class CampaignStatsService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    private readonly agents: AgentsService,
    private readonly pacing: PacingStatusStore,
    private readonly rollups: CampaignRollupsQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async stats(campaignId: string): Promise<CampaignStats> {
    const campaign = await this.campaigns.get(campaignId);
    const config = this.campaigns.config(campaign);
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - config.abandon.windowHours * 3600_000);
    const hourAgo = new Date(now.getTime() - 3600_000);
    const [window, lastHour, inFlight, occupancy, leads, agents, pacing] = await Promise.all([
      this.counts(campaignId, windowStart, config),
      this.counts(campaignId, hourAgo, config),
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
      window: { hours: config.abandon.windowHours, since: windowStart.toISOString(), capRate: config.abandon.capRate, ...window },
      lastHour,
      inFlight,
      occupancy: occupancy.talk,
      occupancyWithWrap: occupancy.talkAndWrap,
      agents: { byState, list: agents },
      leads,
      pacing,
      at: now.toISOString(),
    };
  }

  /**
   * Counts since `since`: whole hours from the rollups (the reporting lib's
   * attempt_rollups, kept by the database as attempts are written), the
   * part-hour before the first whole one from the attempts themselves — exact,
   * and a bounded read whatever the history.
   */
  private async counts(campaignId: string, since: Date, config: CampaignConfig): Promise<CallCounts> {
    const row = await this.rollups.attemptCounts(campaignId, since);
    const { dials, liveAnswers, machines, connects, machineConnects, abandons, contacts } = row;
    const amdFalsePositives = estimatedAmdFalsePositives(config, machines);
    return {
      dials,
      liveAnswers,
      machines,
      connects,
      machineConnects,
      abandons,
      amdFalsePositives,
      abandonRate: abandonRate(abandons + amdFalsePositives, liveAnswers + amdFalsePositives),
      contacts,
      contactRate: dials === 0 ? 0 : contacts / dials,
    };
  }

  private async inFlight(campaignId: string): Promise<number> {
    const [row] = await this.em
      .getConnection()
      .execute<{ count: string }[]>(`select count(*) from call_attempts where campaign_id = ? and ${liveStateSql()}`, [campaignId]);
    return Number(row.count);
  }

  /** Talk, and talk + wrap-up, as shares of logged-in time (every state but offline) since `since`. */
  private async occupancy(campaignId: string, since: Date, now: Date): Promise<{ talk: number | null; talkAndWrap: number | null }> {
    const [row] = await this.em.getConnection().execute<{ talk: string | null; wrap: string | null; logged_in: string | null }[]>(
      `with periods as (
         select state, extract(epoch from least(coalesce(ended_at, ?), ?) - greatest(started_at, ?)) as seconds
           from agent_state_log s where campaign_id = ? and ${statePeriodSql('s')} && tstzrange(?::timestamptz, ?::timestamptz) and coalesce(ended_at, ?) > ? and started_at < ?)
       select sum(seconds) filter (where state = 'on_call') as talk,
              sum(seconds) filter (where state = 'wrap_up') as wrap,
              sum(seconds) as logged_in
         from periods`,
      [now, now, since, campaignId, since, now, now, since, now],
    );
    const loggedIn = Number(row.logged_in ?? 0);
    if (!(loggedIn > 0)) return { talk: null, talkAndWrap: null };
    const talk = Number(row.talk ?? 0);
    return { talk: talk / loggedIn, talkAndWrap: (talk + Number(row.wrap ?? 0)) / loggedIn };
  }

  private async leadStatuses(campaignId: string): Promise<Record<string, number>> {
    return this.rollups.leadStatuses(campaignId);
  }
}
