import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, Clock } from '@dialer/core';
import { AgentsService } from '@dialer/agents';
import { pgArrayLiteral } from '@dialer/db';
import { endedStateSql } from '../attempts/attempt-classes';
import { RINGING_BOUND, ringingQuietMs } from './ringing-bound';
import { talkingQuietMs, TALKING_BOUND } from './talking-bound';
import { AgentCallsService } from '../agent-calls/agent-calls.service';
import { CampaignConfigCache } from '../flow/campaign-config.cache';
import { CallPlacer } from '../placement/call-placer';
import { PlacementClaims } from '../placement/placement-claims';
import { AttemptSettlementService } from '../settlement/attempt-settlement.service';
import { CallEndings } from '../settlement/call-endings.service';
import { TwilioVerdicts } from '../settlement/twilio-verdicts';

/**
 * How long a placed call still queued at Twilio may go without news before
 * Twilio is asked (a ringing call: by its campaign's ring timeout,
 * ringingQuietMs; a talking one: by its talk times, talkingQuietMs).
 */
const QUIET = { queuedMs: 2 * 60_000 };
/** The talk times a campaign's bound is read from: its answered calls that ended this recently. */
const TALK_LOOKBACK = '7 days';
/**
 * A call over and waiting for its agent's outcome, whose agent no longer holds
 * it (they left, their desk died, they took another call): nobody will record
 * one, so the lead is settled without it after this grace (at once on the
 * start-up sweep) instead of after DISPOSITION_GRACE_MS.
 */
const UNHELD_DISPOSITION_GRACE_MS = 2 * 60_000;
/** A queued attempt nobody claims to be placing is given back once this old (the take commits just before the claim). */
export const UNPLACED_GRACE_MS = 5_000;
/**
 * A preview (an attempt queued for an agent who reads the lead first) may be
 * held this long when the campaign has no countdown; with a countdown, the
 * countdown plus PREVIEW_GRACE_MS (its timer should have dialed it by then).
 */
export const PREVIEW_HOLD_MAX_MS = 10 * 60_000;
export const PREVIEW_GRACE_MS = 60_000;
/** The shortest hold any preview may get: the shortest countdown (3 s) plus the grace. */
const PREVIEW_MIN_LIMIT_MS = 3_000 + PREVIEW_GRACE_MS;
/** A preview the agent acted on this recently (dialing: gates checked again) is left to finish. */
const PREVIEW_ACTED_MS = 60_000;
/** An agent who never records an outcome: the lead is settled without one after this long. */
const DISPOSITION_GRACE_MS = 15 * 60_000;
const BATCH = 200;
/** The start-up sweep asks about every live call at once: more than any floor has in flight. */
const SWEEP_BATCH = 10_000;

export interface ReconcileReport {
  askedTwilio: number;
  settledFromTwilio: number;
  neverPlaced: number;
  previewsExpired: number;
  settled: number;
  settledWithoutDisposition: number;
  /** Agents found `reserved` for an attempt that had ended or never existed: released. */
  agentsReleased: number;
}

interface QuietRow {
  id: string;
  campaign_id: string;
  provider_call_sid: string | null;
  mode: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The safety net under the webhooks: attempts that have heard nothing for
 * longer than their state allows are looked up at Twilio through the SDK and
 * settled from what it says; attempts that never reached Twilio are given
 * back (their agent freed); previews held past their time are closed and
 * their agent released; ended attempts not yet settled are settled; agents
 * still reserved for an attempt that is over are released. A lost callback
 * never leaves a lead (or an agent) stuck.
 */
@Injectable()
export class Reconciler {
  constructor(
    private readonly em: EntityManager,
    private readonly verdicts: TwilioVerdicts,
    private readonly endings: CallEndings,
    private readonly settlement: AttemptSettlementService,
    private readonly placer: CallPlacer,
    private readonly claims: PlacementClaims,
    private readonly configs: CampaignConfigCache,
    private readonly agents: AgentsService,
    private readonly agentCalls: AgentCallsService,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.logger.setContext(Reconciler.name);
  }

  /** `sweepLive`: ask Twilio about every placed, live attempt, however recent its last news (after a worker starts). */
  async run(options: { sweepLive?: boolean } = {}): Promise<ReconcileReport> {
    const report: ReconcileReport = { askedTwilio: 0, settledFromTwilio: 0, neverPlaced: 0, previewsExpired: 0, settled: 0, settledWithoutDisposition: 0, agentsReleased: 0 };
    const now = this.clock.now().getTime();
    const em = this.em.fork();

    // Previews are held for an agent reading the lead: not lost, unless held past their time.
    const held = await em.execute<QuietRow[]>(
      `select id, campaign_id, provider_call_sid, mode, created_at, updated_at from call_attempts
        where state = 'queued' and mode = 'preview' and provider_call_sid is null and created_at < ?
        order by created_at limit ?`,
      [new Date(now - PREVIEW_MIN_LIMIT_MS), BATCH],
    );
    for (const attempt of held) {
      try {
        if (await this.expirePreview(attempt, now)) report.previewsExpired++;
      } catch (error) {
        this.logger.warn({ err: error, attemptId: attempt.id }, 'could not expire preview');
      }
    }

    report.neverPlaced = await this.giveBackUnplaced(em, now);

    const quiet = await em.execute<QuietRow[]>(
      `select id, campaign_id, provider_call_sid, mode, created_at, updated_at from call_attempts
        where (state = 'queued' and provider_call_sid is not null and updated_at < ?)
           or (? and provider_call_sid is not null and not ${endedStateSql()})
        order by updated_at limit ?`,
      [new Date(now - QUIET.queuedMs), options.sweepLive === true, options.sweepLive ? SWEEP_BATCH : BATCH],
    );
    if (!options.sweepLive) quiet.push(...(await this.quietRinging(em, now)), ...(await this.quietTalking(em, now)));
    for (const attempt of quiet) {
      if (!attempt.provider_call_sid) continue; // nothing to ask Twilio about (unplaced ones: giveBackUnplaced)
      try {
        report.askedTwilio++;
        // Over, or unknown to Twilio (a provider that lost its state, a call of another account): settled rather than
        // holding its lead and its agent for ever (TwilioVerdicts).
        if (await this.verdicts.ask(attempt.id, attempt.provider_call_sid)) report.settledFromTwilio++;
      } catch (error) {
        this.logger.warn({ err: error, attemptId: attempt.id }, 'could not reconcile attempt');
      }
    }

    // After a start-up nothing is waited for: whatever ended while no worker ran is settled now.
    const unsettled = await em.execute<{ id: string; ended_at: string | null; agent_id: string | null }[]>(
      `select id, ended_at, agent_id from call_attempts
        where settled_at is null and ${endedStateSql()} and ended_at < ?
        order by ended_at limit ?`,
      [new Date(options.sweepLive ? now : now - 30_000), options.sweepLive ? SWEEP_BATCH : BATCH],
    );
    for (const attempt of unsettled) {
      // One attempt that cannot be settled must not stop the sweep (and the agents' net below) for every other.
      try {
        const result = await this.endings.ended(attempt.id);
        if (result === 'settled') report.settled++;
        else if (result === 'awaiting_disposition' && (await this.nobodyWillRecord(attempt, now, options.sweepLive === true))) {
          if ((await this.settlement.settle(attempt.id, { force: true })) === 'settled') report.settledWithoutDisposition++;
        }
      } catch (error) {
        this.logger.warn({ err: error, attemptId: attempt.id }, 'could not settle ended attempt');
      }
    }
    report.agentsReleased = await this.releaseStrandedAgents(em, now);
    if (Object.values(report).some((n) => n > 0)) this.logger.info({ report }, 'reconciled');
    return report;
  }

  /**
   * Whether a call over and waiting for its outcome will never get one: waited
   * for long enough (DISPOSITION_GRACE_MS), or its agent no longer holds it
   * (left, desk gone, on to another call) — at once after a start-up, after a
   * short grace otherwise (an outcome may be on its way as the agent moves on).
   */
  private async nobodyWillRecord(attempt: { id: string; ended_at: string | null; agent_id: string | null }, now: number, atStartUp: boolean): Promise<boolean> {
    const endedMs = attempt.ended_at ? new Date(attempt.ended_at).getTime() : 0;
    if (endedMs < now - DISPOSITION_GRACE_MS) return true;
    const holder = attempt.agent_id ? await this.agents.get(attempt.agent_id) : null;
    if (holder?.attemptId === attempt.id) return false;
    return atStartUp || endedMs < now - UNHELD_DISPOSITION_GRACE_MS;
  }

  /** Calls placed and not answered, quiet for longer than their campaign's ring timeout allows (ringingQuietMs). */
  private async quietRinging(em: EntityManager, now: number): Promise<QuietRow[]> {
    const ringing = await em.execute<QuietRow[]>(
      `select id, campaign_id, provider_call_sid, mode, created_at, updated_at from call_attempts
        where state in ('initiated', 'ringing') and updated_at < ? order by updated_at limit ?`,
      [new Date(now - RINGING_BOUND.graceMs), BATCH],
    );
    const bound = new Map<string, number>();
    for (const campaignId of new Set(ringing.map((row) => row.campaign_id))) {
      bound.set(campaignId, ringingQuietMs((await this.configs.get(campaignId)).config.ringTimeoutSec));
    }
    return ringing.filter((row) => now - new Date(row.updated_at).getTime() > bound.get(row.campaign_id)!);
  }

  /**
   * Answered calls quiet for longer than their campaign's talk times allow
   * (talkingQuietMs: three times the p99, at least a minute, at most two hours).
   */
  private async quietTalking(em: EntityManager, now: number): Promise<QuietRow[]> {
    const talking = await em.execute<(QuietRow & { quiet_ms: string })[]>(
      `select id, campaign_id, provider_call_sid, mode, created_at, updated_at, (extract(epoch from (?::timestamptz - updated_at)) * 1000)::bigint as quiet_ms
         from call_attempts where state = 'in_progress' and updated_at < ? order by updated_at limit ?`,
      [new Date(now), new Date(now - TALKING_BOUND.floorMs), BATCH],
    );
    if (talking.length === 0) return [];
    const campaignIds = [...new Set(talking.map((row) => row.campaign_id))];
    const talk = await em.execute<{ campaign_id: string; samples: string; p99: number | null }[]>(
      `select campaign_id, count(*) as samples,
              percentile_cont(0.99) within group (order by extract(epoch from ended_at - answered_at)) as p99
         from call_attempts
        where campaign_id = any(?::uuid[]) and created_at > ?::timestamptz - interval '${TALK_LOOKBACK}' -- (campaign_id, created_at) index
          and answered_at is not null and ended_at is not null
        group by campaign_id`,
      [pgArrayLiteral(campaignIds), new Date(now)],
    );
    const bound = new Map(campaignIds.map((id) => [id, talkingQuietMs({ samples: 0, p99Sec: null })]));
    for (const row of talk) bound.set(row.campaign_id, talkingQuietMs({ samples: Number(row.samples), p99Sec: row.p99 === null ? null : Number(row.p99) }));
    return talking.filter((row) => Number(row.quiet_ms) > bound.get(row.campaign_id)!);
  }

  /**
   * Attempts taken for a call that no process is placing (no CallSid, no
   * placement claim: the worker died between the take and Twilio) are given
   * back at once, their lead as if untouched and their agent freed. A preview
   * the agent is reading is not one (see expirePreview). The grace covers the
   * instant between the take's commit and the placement's claim.
   */
  async giveBackUnplaced(em: EntityManager = this.em.fork(), now = this.clock.now().getTime()): Promise<number> {
    const candidates = await em.execute<{ id: string }[]>(
      `select id from call_attempts
        where state = 'queued' and provider_call_sid is null and coalesce(mode, '') <> 'preview' and created_at < ?
        order by created_at limit ?`,
      [new Date(now - UNPLACED_GRACE_MS), BATCH],
    );
    const claimed = await this.claims.claimed(candidates.map((c) => c.id));
    let given = 0;
    for (const { id } of candidates) {
      if (claimed.has(id)) continue;
      try {
        await this.placer.giveBack(id, 'never reached Twilio (its placement stopped)');
        await this.endings.ended(id); // frees the agent of a manual dial
        given++;
      } catch (error) {
        this.logger.warn({ err: error, attemptId: id }, 'could not give back an unplaced attempt');
      }
    }
    return given;
  }

  /**
   * The last net for agents. One `reserved` for a while for an attempt that
   * has ended (or is gone) holds nothing, and no call will ever free them:
   * released. One `on_call` for a while for an attempt that ended, or that was
   * put through to another agent (the bridge to them failed half-way: a
   * database restart, a retried voice request), talks to nobody: the ending
   * frees only the attempt's own agent, so they are freed here — their own
   * call as any ending would; another's with nothing to wrap up.
   */
  private async releaseStrandedAgents(em: EntityManager, now: number): Promise<number> {
    const campaigns = await em.execute<{ id: string }[]>(`select id from campaigns where status in ('active', 'paused')`);
    // Desks that died with their api, in campaigns no leader follows (paused) too.
    for (const { id } of campaigns) await this.agentCalls.reapLostDesks(id);
    const stuck = (await Promise.all(campaigns.map(({ id }) => this.agents.list(id))))
      .flat()
      .filter((agent) => (agent.state === 'reserved' || agent.state === 'on_call') && agent.attemptId && now - agent.sinceMs > QUIET.queuedMs);
    if (stuck.length === 0) return 0;
    const attempts = new Map(
      (
        await em.execute<{ id: string; agent_id: string | null; live: boolean }[]>(
          `select id, agent_id, not ${endedStateSql()} as live from call_attempts where id = any(?::uuid[])`,
          [pgArrayLiteral(stuck.map((agent) => agent.attemptId!))],
        )
      ).map((row) => [row.id, row]),
    );
    let released = 0;
    for (const agent of stuck) {
      const attemptId = agent.attemptId!;
      const attempt = attempts.get(attemptId);
      if (agent.state === 'reserved') {
        if (!attempt?.live && (await this.agents.release(agent.agentId, attemptId))) released++;
      } else if (attempt?.live && (attempt.agent_id === agent.agentId || !attempt.agent_id)) {
        continue; // their call, or one whose bridge is not stamped yet: they may be talking
      } else if (attempt?.agent_id === agent.agentId) {
        await this.endings.ended(attemptId); // wrap-up, as the ending would have
      } else {
        const wrap = await this.agents.endCall(agent.agentId, attemptId);
        if (wrap && (await this.agents.finishWrapUp(agent.agentId, wrap.presence.epoch))) released++;
        await this.endings.monitorLeft(agent.agentId, attemptId); // nobody monitors a call that is over
      }
    }
    return released;
  }

  /** How long a campaign's previews may be held: its countdown (plus grace), or the reading limit. */
  private async previewLimitMs(campaignId: string): Promise<number> {
    const { config } = await this.configs.get(campaignId);
    const countdown = config.preview.autoDialAfterSec;
    return countdown ? countdown * 1000 + PREVIEW_GRACE_MS : PREVIEW_HOLD_MAX_MS;
  }

  private async expirePreview(attempt: QuietRow, now: number): Promise<boolean> {
    const heldMs = now - new Date(attempt.created_at).getTime();
    if (heldMs < (await this.previewLimitMs(attempt.campaign_id))) return false;
    if (now - new Date(attempt.updated_at).getTime() < PREVIEW_ACTED_MS) return false;
    const limitSec = Math.round(heldMs / 1000);
    return this.endings.previewExpired(attempt.id, `preview held ${limitSec} s without being dialed or skipped`);
  }
}
