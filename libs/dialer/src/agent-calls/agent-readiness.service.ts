import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DomainError } from '@dialer/core';
import { AgentPresence, AgentsService, DESK_LOST_REASON, DeskPresence } from '@dialer/agents';
import type { DeskBack } from '@dialer/desk-events';
import { AGENT_LEG_LABEL, AgentLegListener } from '@dialer/calls';
import { TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { agentRoom } from '../flow/agent-room';
import { CampaignConfigCache } from '../flow/campaign-config.cache';
import { MonitoringService } from '../monitoring/monitoring.service';
import { AgentCallsService } from './agent-calls.service';

/** The pause reason of an agent whose audio leg left their room. */
export const NO_AUDIO_REASON = 'no_audio';

/**
 * How far back a paused agent's last call is looked for when ready asks
 * whether its outcome is owed: a shift. A call older than that (a desk that
 * died last week) never holds an agent back for good.
 */
const OWED_OUTCOME_LOOKBACK_MS = 12 * 3600_000;

/** The pause reason of an agent whose wrap-up ran out with the call's outcome still owed. */
export const AFTER_CALL_WORK_REASON = 'after_call_work';

export class NoAudioError extends DomainError {
  constructor() {
    super('NO_AUDIO', 'Connect your audio before going ready: a callee put through to you now would hear silence', 'conflict');
  }
}

export class DispositionRequiredError extends DomainError {
  constructor(attemptId: string) {
    super('DISPOSITION_REQUIRED', 'Record the outcome of your last call before taking the next one', 'conflict', { attemptId });
  }
}

/** An agent pauses only with one of their campaign's reason codes; the system's own reasons are not theirs. */
export class PauseReasonNotOfferedError extends DomainError {
  constructor(reason: string, offered: string[]) {
    super('PAUSE_REASON_NOT_OFFERED', `reason "${reason}" is not one of this campaign's pause reasons: ${offered.join(', ')}`, 'unprocessable', {
      field: 'reason',
      offered,
    });
  }
}

/**
 * When an agent may ask to be ready: not while the call they are wrapping up
 * has no outcome, and only while their audio leg (the browser's Voice SDK, or
 * the emulator's leg) is in their conference room — asked of the provider
 * when they go ready, and told by the room's leave event when the leg goes,
 * which pauses them (after the call in hand, if any).
 */
@Injectable()
export class AgentReadinessService implements AgentLegListener {
  constructor(
    private readonly em: EntityManager,
    private readonly agents: AgentsService,
    private readonly agentCalls: AgentCallsService,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly configs: CampaignConfigCache,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly monitoring: MonitoringService,
    private readonly desks: DeskPresence,
  ) {}

  /** Whether the agent's audio leg is in their room now. */
  audioConnected(agentId: string): Promise<boolean> {
    return this.telephony.hasParticipant(agentRoom(agentId), AGENT_LEG_LABEL);
  }

  /** Ready, when the last call has its outcome and the agent's audio is there to take the next. */
  async ready(agentId: string): Promise<AgentPresence> {
    // Only a move to ready is checked; a refusal for another reason (not on the floor, on a call) is the state machine's.
    const presence = await this.agents.get(agentId);
    if (presence?.campaignId && (presence.state === 'paused' || presence.state === 'wrap_up')) await this.mayBeReady(agentId, presence);
    return this.agents.ready(agentId);
  }

  /** Throws why ready is refused now: the last call's outcome owed, or no audio. */
  private async mayBeReady(agentId: string, presence: AgentPresence): Promise<void> {
    const owed = await this.owedOutcome(agentId, presence);
    if (owed) throw new DispositionRequiredError(owed);
    if (!(await this.audioConnected(agentId))) throw new NoAudioError();
  }

  /**
   * The agent's desk is back. If it went away while they were ready (or
   * reserved) less than DESK_RETURN_GRACE_MS ago, and the pause it put on
   * (`disconnected`) is still the one in force — neither they nor a supervisor
   * has moved them since (the move carries its epoch) — they are ready again,
   * on the usual conditions (outcome recorded, audio connected); when one
   * fails, they stay paused and the answer says why. Null when there is no
   * such pause (none, an older one, or another desk of theirs took it back first).
   */
  async resumeAfterDeskBack(agentId: string): Promise<{ presence: AgentPresence | null; back: DeskBack } | null> {
    const epoch = await this.desks.takeLost(agentId);
    if (epoch === null) return null;
    const presence = await this.agents.get(agentId);
    if (!presence?.campaignId || presence.state !== 'paused' || presence.pauseReason !== DESK_LOST_REASON || presence.epoch !== epoch) return null;
    try {
      await this.mayBeReady(agentId, presence);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { presence, back: { resumed: false, refusal: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } } };
    }
    const resumed = await this.agents.resumeFrom(agentId, epoch);
    return resumed ? { presence: resumed, back: { resumed: true, refusal: null } } : null;
  }

  /** The agent's own pause (now, or after the call in hand): only with a reason their campaign offers. */
  async pause(agentId: string, reason: string): Promise<AgentPresence> {
    const presence = await this.agents.get(agentId);
    // Not on a floor: the state machine's refusal (AGENT_NOT_ON_FLOOR) says it best.
    if (presence?.campaignId && presence.state !== 'offline') {
      const { pauseReasons } = (await this.configs.get(presence.campaignId)).config;
      if (!pauseReasons.includes(reason)) throw new PauseReasonNotOfferedError(reason, pauseReasons);
    }
    return this.agents.pause(agentId, reason);
  }

  /**
   * The wrap-up timer fired: ready again, unless the agent is in another
   * state now or extended the wrap-up past this moment (the extension armed
   * its own timer). With the outcome still owed, paused for after-call work
   * instead: offered no call until it is recorded.
   */
  async expireWrapUp(agentId: string, epoch: number): Promise<AgentPresence | null> {
    const presence = await this.agents.get(agentId);
    if (presence?.state !== 'wrap_up' || presence.epoch !== epoch) return null;
    // A delayed job may fire a little early; an extension moves the deadline by far more.
    if (presence.wrapUpUntilMs !== null && presence.wrapUpUntilMs > this.clock.now().getTime() + 1_000) return null;
    const owed = presence.attemptId !== null && (await this.outcomeOwed(agentId, presence.attemptId));
    // A pause asked for during the call (the agent's own, a lost desk, a supervisor's sign-out) takes the place of
    // after-call work, in the move itself (agent-state.lua.ts): after-call work would drop it, and the outcome
    // recorded later would ready the agent. Ready stays refused from that pause until the outcome is in (owedOutcome).
    return (await this.agents.finishWrapUp(agentId, epoch, owed ? AFTER_CALL_WORK_REASON : undefined))?.presence ?? null;
  }

  /**
   * The call a paused agent still owes an outcome for, with what its screen
   * pop needs: a desk opened now (another tab, another browser) shows its
   * disposition form, else ready would be refused with no way to record it.
   */
  async owedCall(presence: AgentPresence): Promise<{ attemptId: string; leadId: string; campaignId: string } | null> {
    if (presence.state !== 'paused') return null;
    const attemptId = await this.owedOutcome(presence.agentId, presence);
    if (!attemptId) return null;
    const [row] = await this.em
      .fork()
      .getConnection()
      .execute<{ lead_id: string; campaign_id: string }[]>(`select lead_id, campaign_id from call_attempts where id = ?`, [attemptId]);
    return row ? { attemptId, leadId: row.lead_id, campaignId: row.campaign_id } : null;
  }

  async onMonitorLegLeft(agentId: string, legCallSid: string): Promise<void> {
    await this.monitoring.legLeft(agentId, legCallSid);
  }

  async onAgentLegLeft(agentId: string): Promise<void> {
    // A leave heard late, after the agent reconnected (a new leg is in the room), changes nothing.
    if (await this.audioConnected(agentId)) return;
    await this.agentCalls.deskLost(agentId, { reason: NO_AUDIO_REASON });
  }

  /**
   * The call whose outcome the agent owes before the next: the one they are
   * wrapping up, or — paused, which holds no call — the last one they were on.
   * Whatever the pause's reason: after-call work paused again for a break, a
   * campaign left and joined again, or a pause asked for during the call all
   * leave that outcome owed just the same.
   */
  private async owedOutcome(agentId: string, presence: AgentPresence): Promise<string | null> {
    let attemptId = presence.state === 'wrap_up' ? presence.attemptId : null;
    if (presence.state === 'paused') {
      const [last] = await this.em
        .fork()
        .getConnection()
        .execute<{ attempt_id: string }[]>(
          `select attempt_id from agent_state_log
            where agent_id = ? and state = 'on_call' and attempt_id is not null and started_at > ?
            order by started_at desc limit 1`,
          [agentId, new Date(this.clock.now().getTime() - OWED_OUTCOME_LOOKBACK_MS)],
        );
      attemptId = last?.attempt_id ?? null;
    }
    return attemptId && (await this.outcomeOwed(agentId, attemptId)) ? attemptId : null;
  }

  /**
   * The call the agent is wrapping up reached them (they were on it: the desk
   * got its screen pop and asks for an outcome) and has no disposition yet.
   */
  private async outcomeOwed(agentId: string, attemptId: string): Promise<boolean> {
    const [row] = await this.em
      .fork()
      .getConnection()
      .execute<{ owed: boolean }[]>(
        `select a.disposition_code is null
                and exists (select 1 from agent_state_log s
                             where s.agent_id = ? and s.attempt_id = a.id and s.state = 'on_call' and s.started_at >= a.created_at) as owed
           from call_attempts a where a.id = ?`,
        [agentId, attemptId],
      );
    return row?.owed === true;
  }
}
