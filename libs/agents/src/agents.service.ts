import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@dialer/core';
import { AgentPresence, AgentState } from './agent-state';
import { AgentNotifier } from './agent-notifier';
import { LOG_STATE_CHANGE_SQL, logStateChangeParams } from './state-log.queries';
import { AgentStateStore, MoveRequest, MoveResult } from './agent-state.store';
import { AgentBusyError, AgentNotOnFloorError, AgentTransitionError } from './agents.errors';
import { DESK_LOST_REASON } from './desk-presence';
import { SIGN_OUT_AFTER_CALL } from './agent-state.lua';

/** A pause meets a reservation made at the same moment at most this many times before it gives up. */
const PAUSE_TRIES = 3;

/** Applied moves come back with the agent's state after them. */
export interface AppliedMove {
  presence: AgentPresence;
  from: AgentState;
}

/**
 * The agent state machine: offline → paused ⇄ ready → reserved → on_call →
 * wrap_up → ready (or paused, when a pause was asked for during the call).
 * Every change is atomic in Redis, logged in PostgreSQL for occupancy, and
 * pushed to the agent's screen.
 */
@Injectable()
export class AgentsService {
  constructor(
    private readonly store: AgentStateStore,
    private readonly notifier: AgentNotifier,
    private readonly em: EntityManager,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get(agentId: string): Promise<AgentPresence | null> {
    return this.store.get(agentId);
  }

  list(campaignId: string): Promise<AgentPresence[]> {
    return this.store.listCampaign(campaignId);
  }

  async join(agentId: string, campaignId: string, name: string): Promise<AgentPresence> {
    const result = await this.store.join(agentId, campaignId, name);
    if (!result.ok) throw new AgentBusyError(result.state);
    return this.applied(agentId, result, 'not_ready');
  }

  async leave(agentId: string): Promise<AgentPresence> {
    return this.agentMove(agentId, { from: ['paused', 'ready'], to: 'offline', reason: 'logged_out' });
  }

  /** A supervisor signs the agent out: now when no call is in hand (else AgentBusyError: sign out after the call). */
  async signOut(agentId: string): Promise<AgentPresence> {
    return this.agentMove(agentId, { from: ['paused', 'ready'], to: 'offline', reason: SIGN_OUT_AFTER_CALL });
  }

  /**
   * A supervisor signs the agent out once the call in hand (and its wrap-up)
   * is over; at once when there is none. The pacer stops counting on the agent
   * straight away (its snapshot's announcedPause reads pauseAfterCall).
   */
  async signOutAfterCall(agentId: string): Promise<AgentPresence> {
    const presence = await this.store.get(agentId);
    if (!presence?.campaignId || presence.state === 'offline') throw new AgentNotOnFloorError(agentId);
    if (!(await this.store.pauseAfterCall(agentId, SIGN_OUT_AFTER_CALL))) return this.signOut(agentId);
    const updated = (await this.store.get(agentId))!;
    await this.notifier.notify(agentId, 'state', updated);
    return updated;
  }

  async ready(agentId: string): Promise<AgentPresence> {
    try {
      return await this.agentMove(agentId, { from: ['paused', 'ready', 'wrap_up'], to: 'ready' });
    } catch (error) {
      // Pressed the instant the dialer reserved them for a call: what they asked for has happened, so the desk
      // hears where they are rather than an error (the reservation stands; on a call it is refused as busy).
      if (!(error instanceof AgentBusyError && error.details?.state === 'reserved')) throw error;
      const now = await this.store.get(agentId);
      if (now?.state !== 'reserved') throw error;
      return now;
    }
  }

  /**
   * Back to ready from the pause numbered `epoch` (the one a lost desk put on),
   * if nothing has moved the agent since: a pause they or a supervisor chose
   * meanwhile, a sign-out, a join, stays. Null when it has.
   */
  async resumeFrom(agentId: string, epoch: number): Promise<AgentPresence | null> {
    return (await this.dialerMove(agentId, { from: ['paused'], to: 'ready', epoch }))?.presence ?? null;
  }

  /** Pauses now, or after the current call when there is one. */
  async pause(agentId: string, reason: string): Promise<AgentPresence> {
    // Each step is atomic, but the dialer may reserve a ready agent between the two (and even end that
    // call): a pause that finds them in a call at its move becomes a pause after it (tried again, bounded).
    for (let tries = 1; ; tries++) {
      if (await this.store.pauseAfterCall(agentId, reason)) {
        const updated = (await this.store.get(agentId))!;
        await this.notifier.notify(agentId, 'state', updated);
        return updated;
      }
      try {
        return await this.agentMove(agentId, { from: ['paused', 'ready'], to: 'paused', reason });
      } catch (error) {
        const inACall = error instanceof AgentBusyError || (error instanceof AgentTransitionError && error.details?.state === 'wrap_up');
        if (!inACall || tries >= PAUSE_TRIES) throw error;
      }
    }
  }

  /**
   * Withdraws a pause asked for after the call, when it was asked for this
   * reason only (a desk that disconnected mid-call and is back: a browser
   * refresh must not pause the agent after the call). Null when there was none such.
   */
  async cancelPauseAfterCall(agentId: string, reason: string): Promise<AgentPresence | null> {
    if (!(await this.store.cancelPauseAfterCall(agentId, reason))) return null;
    const updated = (await this.store.get(agentId))!;
    await this.notifier.notify(agentId, 'state', updated);
    return updated;
  }

  /** For the dialer: the longest-idle ready agent, reserved for this call. */
  async reserveNext(campaignId: string, attemptId: string, leadId: string): Promise<AgentPresence | null> {
    const { reserved, paused } = await this.store.reserveNext(campaignId, attemptId, leadId);
    // Passed over for a desk that died with its api: their pause is logged like any other.
    for (const { agentId, epoch } of paused) {
      await this.applied(agentId, { ok: true, from: 'ready', to: 'paused', epoch, campaignId }, DESK_LOST_REASON);
    }
    if (!reserved) return null;
    return this.applied(reserved.agentId, { ok: true, from: 'ready', to: 'reserved', epoch: reserved.epoch, campaignId }, null, attemptId);
  }

  /** For preview and manual dials: this agent, for this lead's call. */
  reserve(agentId: string, attemptId: string, leadId: string): Promise<AppliedMove | null> {
    return this.dialerMove(agentId, { from: ['ready'], to: 'reserved', attemptId, leadId });
  }

  /** The callee is bridged to the agent. */
  connect(agentId: string, attemptId: string): Promise<AppliedMove | null> {
    return this.dialerMove(agentId, { from: ['reserved'], to: 'on_call', attemptId, mustMatchAttempt: true });
  }

  /** The call ended (or never connected): after-call work, with the attempt kept for the disposition. */
  endCall(agentId: string, attemptId: string): Promise<AppliedMove | null> {
    return this.dialerMove(agentId, { from: ['reserved', 'on_call'], to: 'wrap_up', attemptId, mustMatchAttempt: true });
  }

  /** A reservation that came to nothing (the preview was skipped, the call failed before anyone answered). */
  release(agentId: string, attemptId: string): Promise<AppliedMove | null> {
    return this.dialerMove(agentId, { from: ['reserved'], to: 'ready', attemptId, mustMatchAttempt: true });
  }

  /**
   * A reservation that came to nothing, to a state other than ready: a preview
   * nobody acted on leaves the agent paused (with the reason) rather than
   * offered lead after lead at an empty desk.
   */
  releaseTo(agentId: string, attemptId: string, to: 'ready' | 'paused', reason?: string): Promise<AppliedMove | null> {
    return this.dialerMove(agentId, { from: ['reserved'], to, attemptId, mustMatchAttempt: true, reason });
  }

  /**
   * Wrap-up over: ready again (or paused, if asked during the call), or paused
   * for `pauseFor` (after-call work: the outcome is still owed). `epoch` guards against stale timers.
   */
  async finishWrapUp(agentId: string, epoch?: number, pauseFor?: string): Promise<AppliedMove | null> {
    if (epoch !== undefined && (await this.store.get(agentId))?.epoch !== epoch) return null;
    return this.dialerMove(agentId, { from: ['wrap_up'], to: pauseFor ? 'paused' : 'ready', reason: pauseFor });
  }

  /**
   * Moves the deadline of the wrap-up numbered `epoch` and tells the desk;
   * null when the agent has left that wrap-up meanwhile.
   */
  async setWrapUpDeadline(agentId: string, epoch: number, untilMs: number): Promise<AgentPresence | null> {
    if (!(await this.store.setWrapUpDeadline(agentId, epoch, untilMs))) return null;
    const updated = await this.store.get(agentId);
    if (updated) await this.notifier.notify(agentId, 'state', updated);
    return updated;
  }

  /** A move the agent asked for: refusals are errors they can read. */
  private async agentMove(agentId: string, request: MoveRequest): Promise<AgentPresence> {
    const result = await this.store.move(agentId, request);
    if (!result.ok) {
      if (!result.campaignId || result.state === 'offline') throw new AgentNotOnFloorError(agentId);
      if (result.state === 'reserved' || result.state === 'on_call') throw new AgentBusyError(result.state);
      throw new AgentTransitionError(result.state, request.to);
    }
    return this.applied(agentId, result, request.reason ?? null, request.attemptId);
  }

  /** A move the dialer makes: a refusal means the world moved on (a late callback), not an error. */
  private async dialerMove(agentId: string, request: MoveRequest): Promise<AppliedMove | null> {
    const result = await this.store.move(agentId, request);
    if (!result.ok) return null;
    return { presence: await this.applied(agentId, result, request.reason ?? null, request.attemptId), from: result.from };
  }

  private async applied(
    agentId: string,
    result: Extract<MoveResult, { ok: true }>,
    reason: string | null,
    attemptId?: string,
  ): Promise<AgentPresence> {
    const presence = (await this.store.get(agentId))!;
    await Promise.all([this.log(agentId, result, presence.pauseReason ?? reason, attemptId), this.notifier.notify(agentId, 'state', presence)]);
    return presence;
  }

  /**
   * Closes the previous period and opens the new one: the history occupancy is
   * computed from. One statement, one round trip: the bridge's moves (reserve,
   * connect) wait for it while the callee waits for their TwiML.
   */
  private async log(agentId: string, result: Extract<MoveResult, { ok: true }>, reason: string | null, attemptId?: string) {
    const entry = { agentId, campaignId: result.campaignId ?? null, state: result.to, reason, attemptId: attemptId || null, at: this.clock.now() };
    await this.em.getConnection().execute(LOG_STATE_CHANGE_SQL, logStateChangeParams(entry));
  }


}
