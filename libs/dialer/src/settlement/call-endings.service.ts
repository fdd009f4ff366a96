import { RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { MonitoringService } from '../monitoring/monitoring.service';
import { AgentNotifier, AgentsService } from '@dialer/agents';
import { CallEndedListener } from '@dialer/calls';
import { pgArrayLiteral } from '@dialer/db';
import { TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { CampaignConfigCache } from '../flow/campaign-config.cache';
import { machineTwiml } from '../flow/dialer-call-flow.policy';
import { WrapUpClock } from '../timers/wrap-up.service';
import { AttemptSettlementService, SettleOutcome, SettleResult } from './attempt-settlement.service';

interface EndedRow {
  id: string;
  campaign_id: string;
  agent_id: string | null;
  state: string;
  provider_call_sid: string | null;
  disposition_code: string | null;
  outcome: string | null;
}

/**
 * What follows the end of a call, wherever the news comes from (the webhook
 * that recorded it, in the api; the pacing leader's event stream; or
 * reconciliation) — so a call ends for its agent whatever its campaign's
 * state, with or without a pacing leader: the agent goes to wrap-up (with
 * the campaign's timer) or straight back to ready when there is nothing to
 * record, their screen hears of it, and the lead is settled. Idempotent.
 */
@Injectable()
export class CallEndings implements CallEndedListener {
  constructor(
    private readonly em: EntityManager,
    private readonly agents: AgentsService,
    private readonly notifier: AgentNotifier,
    private readonly settlement: AttemptSettlementService,
    private readonly configs: CampaignConfigCache,
    private readonly wrapUps: WrapUpClock,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly logger: PinoLogger,
    private readonly monitoring: MonitoringService,
  ) {
    this.logger.setContext(CallEndings.name);
  }

  private attempts(attemptIds: readonly string[]): Promise<EndedRow[]> {
    return this.em.execute<EndedRow[]>(
      `select id, campaign_id, agent_id, state, provider_call_sid, disposition_code, outcome from call_attempts where id = any(?::uuid[])`,
      [pgArrayLiteral([...new Set(attemptIds)])],
    );
  }

  /** The calls lib recorded the end of these calls (webhooks, outside any request's unit of work). */
  async onCallsEnded(attemptIds: readonly string[]): Promise<void> {
    const outcomes = await RequestContext.create(this.em, () => this.endedMany(attemptIds));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') this.logger.warn({ err: outcome.reason, attemptId: attemptIds[i] }, 'call ending not applied');
    });
  }

  async ended(attemptId: string): Promise<SettleResult> {
    const [outcome] = await this.endedMany([attemptId]);
    if (outcome!.status === 'rejected') throw outcome!.reason;
    return outcome!.value;
  }

  /**
   * Several endings at once, one outcome per id in the order given: each
   * agent freed in turn (Redis), then every lead settled in one batch. An
   * attempt whose agent could not be freed is not settled (it is asked again).
   */
  async endedMany(attemptIds: readonly string[]): Promise<SettleOutcome[]> {
    const rows = await this.attempts(attemptIds);
    const outcomes = new Map<string, SettleOutcome>();
    const toSettle: string[] = [];
    for (const row of rows) {
      try {
        if (row.agent_id) await this.freeAgent(row.agent_id, row.id, row);
        toSettle.push(row.id);
      } catch (error) {
        outcomes.set(row.id, { status: 'rejected', reason: error });
      }
    }
    (await this.settlement.settleMany(toSettle)).forEach((outcome, i) => outcomes.set(toSettle[i]!, outcome));
    return attemptIds.map((id) => outcomes.get(id) ?? { status: 'fulfilled', value: 'not_ended' });
  }

  /** Async AMD found a machine on a call already put through: the machine gets its action, the agent is freed. */
  async machineAfterBridge(attemptId: string): Promise<void> {
    const [row] = await this.attempts([attemptId]);
    if (!row || row.state !== 'in_progress' || !row.provider_call_sid) return;
    const { config } = await this.configs.get(row.campaign_id);
    await this.em.execute(`update call_attempts set outcome = 'machine', updated_at = now() where id = ?`, [attemptId]);
    await this.telephony
      .redirectCall(row.provider_call_sid, { twiml: machineTwiml(config) })
      .catch((error: Error) => this.logger.warn({ err: error, attemptId }, 'could not redirect the machine'));
    if (row.agent_id) await this.freeAgent(row.agent_id, attemptId, { ...row, outcome: 'machine' });
  }

  /**
   * Async AMD said machine after the call flow had given up on the callee (no
   * agent within 2 s: abandon message): a machine heard it, so it is no abandon —
   * not for the campaign's rate, not for the UK 72-hour rule. Also after the
   * attempt was settled (a late verdict): the rate and the rule read the flag.
   */
  async machineNotAbandoned(attemptId: string): Promise<void> {
    await this.em.execute(
      `update call_attempts set abandoned = false, outcome = case when outcome is null or outcome = 'abandoned' then 'machine' else outcome end,
              updated_at = now()
        where id = ? and abandoned`,
      [attemptId],
    );
  }

  /**
   * A preview held past its time (the agent walked away, the countdown's timer
   * was lost): the attempt never left, so it is closed as skipped (it spends
   * none of the lead's attempts; the lead returns later), and the agent's
   * reservation is released — paused, not ready, since nobody is reading their
   * screen. Returns false when the agent dialed or skipped it meanwhile.
   */
  async previewExpired(attemptId: string, reason: string): Promise<boolean> {
    const [expired] = await this.em.execute<{ agent_id: string | null }[]>(
      `update call_attempts set state = 'canceled', outcome = 'skipped', ended_at = now(), updated_at = now(),
              compliance_evidence = compliance_evidence || jsonb_build_object('notPlaced', ?::text)
        where id = ? and state = 'queued' and provider_call_sid is null
        returning agent_id`,
      [reason, attemptId],
    );
    if (!expired) return false;
    if (expired.agent_id) {
      const presence = await this.agents.get(expired.agent_id);
      if (presence?.state === 'reserved' && presence.attemptId === attemptId) {
        await this.agents.releaseTo(expired.agent_id, attemptId, 'paused', 'preview_timeout');
      }
      await this.notifier.notify(expired.agent_id, 'call_ended', { attemptId, outcome: 'skipped', reason });
    }
    await this.settlement.settle(attemptId);
    return true;
  }

  private async freeAgent(agentId: string, attemptId: string, row: EndedRow): Promise<void> {
    try {
      await this.moveAgent(agentId, attemptId, row);
    } finally {
      await this.monitorLeft(agentId, attemptId);
    }
  }

  /**
   * A supervisor monitoring the call leaves with it (the agent's room outlives the call), on every ending of
   * it, a retried one too (the agent in wrap-up already): what the first could not hang up goes now.
   */
  async monitorLeft(agentId: string, attemptId: string): Promise<void> {
    try {
      const now = await this.agents.get(agentId);
      await this.monitoring.callEnded(agentId, attemptId, now?.state === 'on_call' ? now.attemptId : null);
    } catch (error) {
      this.logger.warn({ err: error, agentId, attemptId }, 'monitor leg not ended');
    }
  }

  private async moveAgent(agentId: string, attemptId: string, row: EndedRow): Promise<void> {
    const presence = await this.agents.get(agentId);
    if (presence?.attemptId !== attemptId) return; // already moved on (or this is a late duplicate)
    // Two endings of one call may race (a callback and the reconciler): the moves are atomic, and
    // only the one that moved the agent tells the desk, so the call ends once on screen.
    let moved = false;
    if (presence.state === 'reserved') {
      // Never put through (no answer, busy, a preview that failed): nothing to wrap up.
      moved = (await this.agents.release(agentId, attemptId)) !== null;
    } else if (presence.state === 'on_call') {
      const wrap = await this.agents.endCall(agentId, attemptId);
      moved = wrap !== null;
      if (wrap) {
        const { config } = await this.configs.get(row.campaign_id);
        if (row.disposition_code || row.outcome === 'machine') await this.agents.finishWrapUp(agentId, wrap.presence.epoch);
        else await this.wrapUps.started(wrap.presence, config);
      }
    }
    if (moved) await this.notifier.notify(agentId, 'call_ended', { attemptId, outcome: row.outcome ?? row.state });
  }
}
