import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { CampaignsService } from '@dialer/campaigns';
import { abandonedSql, connectSql, countsAsCallSql, liveAnswerSql } from '../attempts/attempt-classes';
import { CampaignWhy, WhyService } from '../why/why.service';
import { CampaignStats, CampaignStatsService } from './campaign-stats.service';
import { statePeriodSql } from './state-period-sql';

/** How far back the wallboard's per-minute charts reach. */
export const WALLBOARD_MINUTES = 30;

/** One minute of a campaign's floor: calls placed in it, and how its agents spent it. */
export interface WallboardMinute {
  /** The minute's start (ISO). */
  at: string;
  dials: number;
  liveAnswers: number;
  connects: number;
  abandons: number;
  /** Talk time ÷ logged-in time within the minute (null when nobody was logged in). */
  occupancy: number | null;
  /** Agents in each state, on average over the minute (agent-seconds ÷ the minute's seconds). */
  agents: Record<string, number>;
}

/** Everything a campaign's wallboard shows: the live figures, "why not dialing" and the per-minute history. */
export interface CampaignWallboard {
  name: string;
  stats: CampaignStats;
  why: CampaignWhy;
  minutes: WallboardMinute[];
  /** 平均応答速度: how long answered callees waited for an agent, on average, over the last hour (connects measured). */
  speedOfAnswer: { averageSec: number | null; connects: number };
}

/** The whole floor: every campaign that is running or paused. */
export interface FloorWallboard {
  campaigns: CampaignWallboard[];
  at: string;
}

/**
 * The wallboard's view of a campaign, or of the floor: the live figures of
 * CampaignStatsService with the last half hour by minute — read from the
 * attempts and the agent state log of that half hour only, so the cost stays
 * bounded whatever the history (both are indexed by campaign and time).
 */
@Injectable()
export class WallboardService {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    private readonly stats: CampaignStatsService,
    private readonly why: WhyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async campaign(campaignId: string): Promise<CampaignWallboard> {
    const campaign = await this.campaigns.get(campaignId);
    const [stats, why, minutes, speedOfAnswer] = await Promise.all([
      this.stats.stats(campaignId),
      this.why.campaign(campaignId),
      this.minutes(campaignId),
      this.speedOfAnswer(campaignId),
    ]);
    return { name: campaign.name, stats, why, minutes, speedOfAnswer };
  }

  async floor(): Promise<FloorWallboard> {
    const [active, paused] = await Promise.all([this.campaigns.list({ status: 'active' }), this.campaigns.list({ status: 'paused' })]);
    const ids = [...active, ...paused].sort((a, b) => a.name.localeCompare(b.name)).map((campaign) => campaign.id);
    const campaigns: CampaignWallboard[] = [];
    // One after the other: a floor of many campaigns must not take every pooled connection at once.
    for (const id of ids) campaigns.push(await this.campaign(id));
    return { campaigns, at: this.clock.now().toISOString() };
  }

  private async speedOfAnswer(campaignId: string): Promise<{ averageSec: number | null; connects: number }> {
    const since = new Date(this.clock.now().getTime() - 3600_000);
    const [row] = await this.em.getConnection().execute<{ average: string | null; connects: string }[]>(
      `select avg(extract(epoch from connected_at - answered_at)) as average, count(*) as connects from call_attempts
        where campaign_id = ? and created_at >= ? and answered_at is not null and connected_at >= answered_at`,
      [campaignId, since],
    );
    return { averageSec: row.average === null ? null : Number(row.average), connects: Number(row.connects) };
  }

  private async minutes(campaignId: string): Promise<WallboardMinute[]> {
    const now = this.clock.now();
    const first = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - (WALLBOARD_MINUTES - 1) * 60_000);
    const connection = this.em.getConnection();
    const [calls, states] = await Promise.all([
      connection.execute<{ minute: Date; dials: string; live: string; connects: string; abandons: string }[]>(
        `select date_trunc('minute', created_at) as minute,
                count(*) filter (where ${countsAsCallSql('call_attempts')}) as dials, count(*) filter (where ${liveAnswerSql()}) as live,
                count(*) filter (where ${connectSql()}) as connects, count(*) filter (where ${abandonedSql()}) as abandons
           from call_attempts where campaign_id = ? and created_at >= ? and created_at <= ? group by 1`,
        [campaignId, first, now],
      ),
      connection.execute<{ minute: Date; state: string; seconds: string }[]>(
        `with minutes as (select generate_series(?::timestamptz, ?::timestamptz, interval '1 minute') as minute),
              periods as (select state, started_at, coalesce(ended_at, ?::timestamptz) as ended_at from agent_state_log s
                           where campaign_id = ? and ${statePeriodSql('s')} && tstzrange(?::timestamptz, ?::timestamptz)
                             and coalesce(ended_at, ?::timestamptz) > ? and started_at < ?)
         select m.minute, p.state,
                sum(extract(epoch from least(p.ended_at, m.minute + interval '1 minute', ?::timestamptz) - greatest(p.started_at, m.minute))) as seconds
           from minutes m join periods p on p.started_at < m.minute + interval '1 minute' and p.ended_at > m.minute
          group by 1, 2`,
        [first, now, now, campaignId, first, now, now, first, now, now],
      ),
    ]);
    const minutes: WallboardMinute[] = [];
    for (let i = 0; i < WALLBOARD_MINUTES; i++) {
      const at = first.getTime() + i * 60_000;
      const call = calls.find((row) => new Date(row.minute).getTime() === at);
      const spent = states.filter((row) => new Date(row.minute).getTime() === at);
      // The current minute is not over: its averages are over the seconds gone so far.
      const seconds = Math.max(1, Math.min(60, (now.getTime() - at) / 1000));
      const agents: Record<string, number> = {};
      let loggedIn = 0;
      for (const row of spent) {
        agents[row.state] = Number(row.seconds) / seconds;
        loggedIn += Number(row.seconds);
      }
      const talk = Number(spent.find((row) => row.state === 'on_call')?.seconds ?? 0);
      minutes.push({
        at: new Date(at).toISOString(),
        dials: Number(call?.dials ?? 0),
        liveAnswers: Number(call?.live ?? 0),
        connects: Number(call?.connects ?? 0),
        abandons: Number(call?.abandons ?? 0),
        occupancy: loggedIn > 0 ? talk / loggedIn : null,
        agents,
      });
    }
    return minutes;
  }
}
