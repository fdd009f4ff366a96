import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, Clock } from '@dialer/core';
import { AgentsService } from '@dialer/agents';
import { pgArrayLiteral } from '@dialer/db';
import { CallProgressService } from '@dialer/calls';
import { DomainError } from '@dialer/core';
import { TELEPHONY_ERROR_CODES, TELEPHONY_PORT, TelephonyPort, TERMINAL_CALL_STATUSES } from '@dialer/telephony';
import { endedStateSql } from '../attempts/attempt-classes';
import { CampaignConfigCache } from '../flow/campaign-config.cache';
import { CallPlacer } from '../placement/call-placer';
import { AttemptSettlementService } from '../settlement/attempt-settlement.service';
import { CallEndings } from '../settlement/call-endings.service';

/** How long each state may go without news before Twilio is asked. */
const QUIET = { queuedMs: 2 * 60_000, ringingMs: 3 * 60_000, talkingMs: 2 * 3600_000 };
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
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly progress: CallProgressService,
    private readonly endings: CallEndings,
    private readonly settlement: AttemptSettlementService,
    private readonly placer: CallPlacer,
    private readonly configs: CampaignConfigCache,
    private readonly agents: AgentsService,
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

    const quiet = await em.execute<QuietRow[]>(
      `select id, campaign_id, provider_call_sid, mode, created_at, updated_at from call_attempts
        where (state = 'queued' and updated_at < ? and not (coalesce(mode, '') = 'preview' and provider_call_sid is null))
           or (state in ('initiated', 'ringing') and updated_at < ?)
           or (state = 'in_progress' and updated_at < ?)
           or (? and provider_call_sid is not null and not ${endedStateSql()})
        order by updated_at limit ?`,
      [new Date(now - QUIET.queuedMs), new Date(now - QUIET.ringingMs), new Date(now - QUIET.talkingMs), options.sweepLive === true, options.sweepLive ? SWEEP_BATCH : BATCH],
    );
    for (const attempt of quiet) {
      try {
        if (!attempt.provider_call_sid) {
          await this.placer.giveBack(attempt.id, 'never reached Twilio');
          await this.endings.ended(attempt.id); // frees the agent of a manual dial
          report.neverPlaced++;
          continue;
        }
        report.askedTwilio++;
        if (await this.settleFromTwilio(attempt.id, attempt.provider_call_sid)) report.settledFromTwilio++;
      } catch (error) {
        this.logger.warn({ err: error, attemptId: attempt.id }, 'could not reconcile attempt');
      }
    }

    const unsettled = await em.execute<{ id: string; ended_at: string | null }[]>(
      `select id, ended_at from call_attempts
        where settled_at is null and ${endedStateSql()} and ended_at < ?
        order by ended_at limit ?`,
      [new Date(now - 30_000), BATCH],
    );
    for (const attempt of unsettled) {
      const result = await this.endings.ended(attempt.id);
      if (result === 'settled') report.settled++;
      else if (result === 'awaiting_disposition' && attempt.ended_at && new Date(attempt.ended_at).getTime() < now - DISPOSITION_GRACE_MS) {
        if ((await this.settlement.settle(attempt.id, { force: true })) === 'settled') report.settledWithoutDisposition++;
      }
    }
    report.agentsReleased = await this.releaseOrphanedReservations(em, now);
    if (Object.values(report).some((n) => n > 0)) this.logger.info({ report }, 'reconciled');
    return report;
  }

  /**
   * The last net for agents: one `reserved` for a while for an attempt that has
   * ended (or is gone) holds nothing, and no call will ever free them — release them.
   */
  private async releaseOrphanedReservations(em: EntityManager, now: number): Promise<number> {
    const campaigns = await em.execute<{ id: string }[]>(`select id from campaigns where status in ('active', 'paused')`);
    const stuck = (await Promise.all(campaigns.map(({ id }) => this.agents.list(id))))
      .flat()
      .filter((agent) => agent.state === 'reserved' && agent.attemptId && now - agent.sinceMs > QUIET.queuedMs);
    if (stuck.length === 0) return 0;
    const live = new Set(
      (
        await em.execute<{ id: string }[]>(`select id from call_attempts where id = any(?::uuid[]) and not ${endedStateSql()}`, [
          pgArrayLiteral(stuck.map((agent) => agent.attemptId!)),
        ])
      ).map((row) => row.id),
    );
    let released = 0;
    for (const agent of stuck) {
      if (live.has(agent.attemptId!)) continue;
      if (await this.agents.release(agent.agentId, agent.attemptId!)) released++;
    }
    return released;
  }

  /**
   * Asks Twilio about a quiet call and settles it if it is over; true when
   * settled. A call Twilio does not know cannot be live (a provider that lost
   * its state, or a call of another account): it is settled as failed rather
   * than holding its lead and its agent for ever.
   */
  private async settleFromTwilio(attemptId: string, callSid: string): Promise<boolean> {
    try {
      const call = await this.telephony.fetchCall(callSid);
      if (!TERMINAL_CALL_STATUSES.includes(call.status)) return false;
      await this.progress.reconciled(attemptId, call);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== TELEPHONY_ERROR_CODES.callNotFound) throw error;
      this.logger.warn({ attemptId, callSid }, 'Twilio does not know this call: settled as failed');
      await this.progress.lostAtProvider(attemptId, callSid);
    }
    await this.endings.ended(attemptId);
    return true;
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
