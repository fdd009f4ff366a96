import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DomainError, DomainErrorKind, NotFoundError } from '@dialer/core';
import { AgentPresence, AgentsService, DESK_LOST_REASON, DeskPresence } from '@dialer/agents';
import { Campaign, CampaignConfig } from '@dialer/campaigns';
import { normalisePhoneFor } from '@dialer/leads';
import { CampaignConfigCache } from '../flow/campaign-config.cache';
import { ScreenPopService } from '../flow/screen-pop.service';
import { Hopper } from '../hopper/hopper.service';
import { isEndedAttemptState } from '../attempts/attempt-classes';
import { CallPlacer } from '../placement/call-placer';
import { AttemptSettlementService } from '../settlement/attempt-settlement.service';
import { CallEndings } from '../settlement/call-endings.service';
import { DialerTimers } from '../timers/dialer-timers';
import { WhyService } from '../why/why.service';

export class NoPreviewError extends DomainError {
  constructor(
    message = 'You have no preview lead to dial or skip',
    code = 'NO_PREVIEW',
    kind: DomainErrorKind = 'conflict',
    details?: Record<string, unknown>,
  ) {
    super(code, message, kind, details);
  }
}

/** The preview is being dialed already (by a click, or the countdown): a second dial places no second call. */
export class PreviewAlreadyDialingError extends NoPreviewError {
  constructor() {
    super('Your preview lead is already being dialed', 'PREVIEW_ALREADY_DIALING');
  }
}

/**
 * The preview may not be dialed now: a gate checked again at the click (or the
 * countdown) blocks it. The agent is free again; the lead went where the gate
 * puts it.
 */
export class PreviewNotDialableError extends DomainError {
  constructor(reason: string, details: Record<string, unknown>) {
    super('LEAD_NOT_DIALABLE', `Not dialable now: ${reason}`, 'unprocessable', details);
  }
}

/** A call the agent asked for did not leave (no calls-per-second slot, or refused outright); they are free again. */
export class CallNotPlacedError extends DomainError {
  constructor(result: 'deferred' | 'refused') {
    super(
      'CALL_NOT_PLACED',
      result === 'deferred' ? 'The call could not get a line in time; try again' : 'The call was refused before it rang (see the lead’s history)',
      result === 'deferred' ? 'unavailable' : 'unprocessable',
      { result },
    );
  }
}

/**
 * Agents take and place calls only in an active campaign: a draft one has not
 * passed the start checks (caller ids, calling hours, consent...), a paused
 * or closed one is not dialing.
 */
export class CampaignNotActiveError extends DomainError {
  constructor(campaignId: string, status: string) {
    super('CAMPAIGN_NOT_ACTIVE', `The campaign is ${status}: agents join and dial only active campaigns`, 'conflict', { campaignId, status });
  }
}

/**
 * Calls an agent drives: preview (the lead shown first, dialed on a click or
 * after a countdown) and manual dials. Both pass the same gates as the
 * dialer's own calls; the agent is on the line before the callee answers.
 */
@Injectable()
export class AgentCallsService {
  constructor(
    private readonly em: EntityManager,
    private readonly hopper: Hopper,
    private readonly agents: AgentsService,
    private readonly placer: CallPlacer,
    private readonly screenPops: ScreenPopService,
    private readonly settlement: AttemptSettlementService,
    private readonly endings: CallEndings,
    private readonly timers: DialerTimers,
    private readonly configs: CampaignConfigCache,
    private readonly why: WhyService,
    private readonly desks: DeskPresence,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The agent joins a campaign's floor (paused until ready): an active campaign only. */
  async join(agentId: string, campaignId: string, name: string): Promise<AgentPresence> {
    await this.mustBeActive(campaignId);
    return this.agents.join(agentId, campaignId, name);
  }

  /** Holds the next lead for a ready agent and shows it; false when the hopper has none. */
  async offerPreview(campaign: Campaign, config: CampaignConfig, agentId: string, agentName: string): Promise<boolean> {
    const [ticket] = await this.hopper.take(campaign, config, 1, { agentId, mode: 'preview', now: this.clock.now() });
    if (!ticket) return false;
    const reserved = await this.agents.reserve(agentId, ticket.attemptId, ticket.leadId);
    if (!reserved) {
      // The agent moved on meanwhile (paused, their desk went away): no skip of theirs, the lead goes back as it was.
      await this.withdrawPreview(ticket.attemptId, 'the agent was no longer ready');
      return true;
    }
    const autoDialAfterSec = config.preview.autoDialAfterSec;
    await this.screenPops.deliver(agentId, agentName, ticket.attemptId, ticket.leadId, campaign.id, 'preview', { autoDialAfterSec });
    if (autoDialAfterSec) await this.timers.previewAutoDial(agentId, ticket.attemptId, reserved.presence.epoch, autoDialAfterSec);
    return true;
  }

  /**
   * The agent (or the countdown) dials the preview they hold. The lead was
   * checked when it was offered, maybe minutes ago: every dial-time gate runs
   * again now (a DNC entry added a second ago, calling hours that just closed,
   * limits), and a lead that fails one is not called and the refusal says why.
   */
  async dialPreview(agentId: string, expectedEpoch?: number): Promise<{ attemptId: string }> {
    const held = await this.heldPreview(agentId, expectedEpoch);
    const status = await this.statusOf(held.campaignId);
    if (status !== 'active') {
      // Paused or closed since it was offered: the lead goes back untouched, the agent is free.
      await this.placer.giveBack(held.attemptId, `the campaign is ${status}`);
      await this.endings.ended(held.attemptId);
      throw new CampaignNotActiveError(held.campaignId, status);
    }
    const { campaign, config } = await this.configs.get(held.campaignId);
    // Claims the attempt: of a click, a double click and the countdown, one gets past here.
    const check = await this.hopper.recheck(campaign, config, held.attemptId, { now: this.clock.now(), liveAgentGuaranteed: true });
    if (!check) throw new NoPreviewError(); // dialed, skipped or expired meanwhile
    if (check.status === 'claimed') throw new PreviewAlreadyDialingError();
    if (check.status === 'blocked') {
      await this.endings.ended(held.attemptId); // the agent is free, and hears the call is off
      throw new PreviewNotDialableError(check.blocking.message, { reasonCode: check.blocking.code, retryAt: check.blocking.retryAt ?? null, verdicts: check.verdicts });
    }
    await this.placeFor(held.attemptId, held.campaignId, held.phone, config);
    return { attemptId: held.attemptId };
  }

  /** The agent passes: the lead goes back to the hopper later, the agent gets the next one. */
  async skipPreview(agentId: string): Promise<{ attemptId: string }> {
    const held = await this.heldPreview(agentId);
    if (!(await this.markSkipped(held.attemptId))) {
      await this.heldPreview(agentId); // says why when it is gone meanwhile, or its call has left
      throw new PreviewAlreadyDialingError(); // claimed by a dial (the countdown, a click): its call is on its way
    }
    await this.agents.release(agentId, held.attemptId);
    return { attemptId: held.attemptId };
  }

  /**
   * The agent's desk went away while they were `reserved`. Their reservation is
   * released (paused, 'disconnected'): a callee who answers then is put through
   * to another agent or hears the abandon message, which is counted — never
   * bridged into an empty room, a silent call nobody counts. A preview not yet
   * dialed goes back to the hopper now rather than when its hold runs out, as
   * it was (no skip of the agent's, not pushed back: withdrawPreview); one a
   * dial has claimed goes on (its callee then gets the same treatment).
   * False when the reservation had moved on (the call was put through).
   */
  async releaseForLostDesk(agentId: string, attemptId: string, reason: string = DESK_LOST_REASON): Promise<boolean> {
    if (!(await this.agents.releaseTo(agentId, attemptId, 'paused', reason))) return false;
    await this.withdrawPreview(attemptId, reason === DESK_LOST_REASON ? 'the agent’s desk went away' : `the agent was paused (${reason})`);
    return true;
  }

  /**
   * The agent's desk went away: closed (its api saw the socket go), or gone
   * with its api process (its heartbeat expired, `expired`). They stop getting
   * calls: a ready agent is paused at once; a reserved one is released
   * (releaseForLostDesk); one on a call is paused once the call and its
   * wrap-up are over — unless the desk is back by then. A desk that died can
   * record no outcome: its wrap-up ends now (paused), and the reconciler
   * settles the lead without one.
   */
  async deskLost(agentId: string, options: { expired?: boolean; reason?: string } = {}): Promise<void> {
    const reason = options.reason ?? DESK_LOST_REASON;
    const presence = await this.agents.get(agentId);
    if (!presence || !['ready', 'reserved', 'on_call', 'wrap_up'].includes(presence.state)) return;
    if (presence.state === 'reserved' && presence.attemptId && (await this.releaseForLostDesk(agentId, presence.attemptId, reason))) {
      await this.rememberLostDesk(agentId, reason);
      return;
    }
    // Ready: paused now. On a call (or a reservation put through meanwhile): paused after it.
    await this.agents.pause(agentId, reason);
    // Reserved between the read and the pause (a lead offered, a callee answering): released like any other reservation.
    const after = await this.agents.get(agentId);
    if (presence.state === 'ready' && after?.state === 'reserved' && after.attemptId) await this.releaseForLostDesk(agentId, after.attemptId, reason);
    if (presence.state === 'ready' || presence.state === 'reserved') await this.rememberLostDesk(agentId, reason);
    if (options.expired && presence.state === 'wrap_up') await this.agents.finishWrapUp(agentId, undefined);
  }

  /**
   * A ready (or reserved) agent was just paused because their desk went away:
   * the pause is remembered, by its epoch, for DESK_RETURN_GRACE_MS, so a desk
   * back within it takes the agent back to ready (AgentReadinessService.
   * resumeAfterDeskBack). Only the desk's own pause (not a lost audio leg's,
   * which a socket coming back does not bring back).
   */
  private async rememberLostDesk(agentId: string, reason: string): Promise<void> {
    if (reason !== DESK_LOST_REASON) return;
    const now = await this.agents.get(agentId);
    if (now?.state === 'paused' && now.pauseReason === DESK_LOST_REASON) await this.desks.markLost(agentId, now.epoch);
  }

  /**
   * The campaign's agents whose desk died with its api process (heartbeat
   * expired) are treated as disconnected, once; returns them. Run by the
   * pacing leader every few seconds and by the reconciler.
   */
  async reapLostDesks(campaignId: string): Promise<string[]> {
    const onFloor = (await this.agents.list(campaignId)).map((agent) => agent.agentId);
    const gone = await this.desks.gone(onFloor);
    for (const agentId of gone) {
      await this.deskLost(agentId, { expired: true });
      // Still on a call: looked at again when it ends (its wrap-up must not wait for a desk that is gone).
      const after = await this.agents.get(agentId);
      if (!after || !['reserved', 'on_call'].includes(after.state)) await this.desks.forget(agentId);
    }
    return gone;
  }

  /**
   * Dials one lead for a ready agent, if every gate lets it through now: the
   * lead by its id, or the lead that holds a number the agent typed (national
   * in the campaign's country, or E.164). A number no lead of the campaign
   * holds is refused, not dialed: the gates need what a lead carries (its
   * time zone, consent, attempts, list), so it is added to a list first.
   */
  async manualDial(agentId: string, target: { leadId: string } | { phone: string }): Promise<{ attemptId: string }> {
    const presence = await this.agents.get(agentId);
    if (!presence?.campaignId || presence.state !== 'ready') {
      throw new DomainError('AGENT_NOT_READY', 'Be ready in a campaign to dial', 'conflict');
    }
    await this.mustBeActive(presence.campaignId);
    const { campaign, config } = await this.configs.get(presence.campaignId);
    const leadId = 'leadId' in target ? target.leadId : await this.leadHolding(campaign.id, target.phone, config);
    const taken = await this.hopper.takeLead(campaign, config, leadId, { agentId, mode: 'manual', now: this.clock.now() });
    const { ticket, verdicts } = taken;
    if (!ticket) {
      const blocking = verdicts.find((v) => !v.passed);
      // Not even a candidate (closed, blocked, in a call...): say why, as GET /leads/:id/why would.
      const why = blocking || taken.reason ? null : await this.why.lead(leadId).catch(() => null);
      const reason = blocking?.message ?? taken.reason ?? why?.summary ?? 'This lead is not in your campaign';
      // reasonCode: the gate's stable code (the desk says it in the agent's language); for a lead that is no
      // candidate, the gate that blocked it before (a number put on DNC), else why it is none.
      const blockedBefore = why?.campaigns.find((c) => c.campaignId === campaign.id)?.blocking?.code ?? (why?.status === 'blocked' ? why.lastSkip?.code : undefined);
      const reasonCode = blocking?.code ?? (taken.reason ? 'NUMBER_IN_CALL' : (blockedBefore ?? 'NOT_A_CANDIDATE'));
      throw new DomainError('LEAD_NOT_DIALABLE', `Not dialable now: ${reason}`, 'unprocessable', { reasonCode, retryAt: blocking?.retryAt ?? null, verdicts });
    }
    if (!(await this.agents.reserve(agentId, ticket.attemptId, ticket.leadId))) {
      await this.placer.giveBack(ticket.attemptId, 'the agent was no longer ready');
      throw new DomainError('AGENT_NOT_READY', 'You are no longer ready', 'conflict');
    }
    await this.placeFor(ticket.attemptId, campaign.id, ticket.phone, config);
    return { attemptId: ticket.attemptId };
  }

  /** The campaign's lead with this number (a dialable one first). */
  private async leadHolding(campaignId: string, typed: string, config: CampaignConfig): Promise<string> {
    const country = config.profile.code === 'UK' ? 'GB' : config.profile.code;
    const phone = normalisePhoneFor(typed, country);
    if (!phone.ok) throw new DomainError('INVALID_PHONE', `phone: ${phone.problem.message}`, 'unprocessable', { field: 'phone', reasonCode: 'INVALID_PHONE' });
    const [row] = await this.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>(
        `select l.id from leads l
          where l.phone = ? and l.list_id in (select list_id from campaign_lists where campaign_id = ? and active)
          order by (l.status in ('new', 'retry', 'callback')) desc, l.updated_at desc
          limit 1`,
        [phone.phone.e164, campaignId],
      );
    if (!row) {
      throw new DomainError(
        'LEAD_NOT_DIALABLE',
        `Not dialable now: ${phone.phone.e164} is no lead of this campaign's lists; add it to a list (its time zone, consent and attempts are checked there), then dial it`,
        'unprocessable',
        { field: 'phone', reasonCode: 'NO_LEAD_FOR_NUMBER', retryAt: null, phone: phone.phone.e164 },
      );
    }
    return row.id;
  }

  /** Places an agent's call; when it does not leave, the agent is freed and told why. */
  private async placeFor(attemptId: string, campaignId: string, phone: string, config: CampaignConfig): Promise<void> {
    const result = await this.placer.place(attemptId, campaignId, phone, config).catch(async (error: unknown) => {
      await this.endings.ended(attemptId); // given back unplaced by the placer: the agent is not left reserved
      throw error;
    });
    if (result === 'deferred' || result === 'refused') {
      await this.endings.ended(attemptId);
      throw new CallNotPlacedError(result);
    }
  }

  private async statusOf(campaignId: string): Promise<string> {
    // Fresh, not the config cache: a pause must stop agents' dials at once.
    const [row] = await this.em.execute<{ status: string }[]>(`select status from campaigns where id = ?`, [campaignId]);
    if (!row) throw new NotFoundError('Campaign', campaignId);
    return row.status;
  }

  private async mustBeActive(campaignId: string): Promise<void> {
    const status = await this.statusOf(campaignId);
    if (status !== 'active') throw new CampaignNotActiveError(campaignId, status);
  }

  async callSidOf(attemptId: string): Promise<string | null> {
    const [row] = await this.em.execute<{ provider_call_sid: string | null }[]>(`select provider_call_sid from call_attempts where id = ?`, [attemptId]);
    return row?.provider_call_sid ?? null;
  }

  /**
   * The preview the agent holds. A reservation whose attempt is gone (expired,
   * cancelled, ended, never there) holds nothing: it is released, so the agent
   * is not stuck `reserved`, and the refusal says so.
   */
  private async heldPreview(agentId: string, expectedEpoch?: number) {
    const presence = await this.agents.get(agentId);
    if (!presence?.attemptId || presence.state !== 'reserved' || !presence.campaignId) throw new NoPreviewError();
    if (expectedEpoch !== undefined && presence.epoch !== expectedEpoch) throw new NoPreviewError();
    const [attempt] = await this.em.execute<{ phone: string; state: string; provider_call_sid: string | null }[]>(
      `select phone, state, provider_call_sid from call_attempts where id = ?`,
      [presence.attemptId],
    );
    if (!attempt || isEndedAttemptState(attempt.state)) {
      await this.agents.release(agentId, presence.attemptId);
      throw new NoPreviewError('Your preview lead is no longer held (it expired or was withdrawn); you are ready for the next one');
    }
    if (attempt.state !== 'queued' || attempt.provider_call_sid) throw new PreviewAlreadyDialingError();
    return { attemptId: presence.attemptId, campaignId: presence.campaignId, phone: attempt.phone };
  }

  /**
   * Withdraws a preview never dialed because its agent went away (their desk,
   * their audio): not their skip — closed as a give-back (`canceled`, with
   * `notPlaced` saying why), so the lead goes back to the hopper as it was,
   * due at once, not pushed back as a skipped preview is. Nothing when a dial
   * has claimed it, or it is not a preview (a manual dial's attempt is the
   * placer's to give back).
   */
  private async withdrawPreview(attemptId: string, why: string): Promise<boolean> {
    const withdrawn = await this.em.execute<{ id: string }[]>(
      `update call_attempts set state = 'canceled', outcome = 'canceled', ended_at = now(), updated_at = now(),
              compliance_evidence = compliance_evidence || jsonb_build_object('notPlaced', ?::text)
        where id = ? and state = 'queued' and provider_call_sid is null and compliance_evidence->>'recheckedAt' is null
          and mode = 'preview'
        returning id`,
      [why, attemptId],
    );
    if (withdrawn.length === 0) return false;
    await this.settlement.settle(attemptId);
    return true;
  }

  /**
   * Closes a preview the agent passed on as skipped (its lead comes back
   * later); false when it is being dialed (claimed by a recheck) or gone.
   */
  private async markSkipped(attemptId: string): Promise<boolean> {
    const skipped = await this.em.execute<{ id: string }[]>(
      `update call_attempts set state = 'canceled', outcome = 'skipped', ended_at = now(), updated_at = now()
        where id = ? and state = 'queued' and provider_call_sid is null and compliance_evidence->>'recheckedAt' is null
        returning id`,
      [attemptId],
    );
    if (skipped.length === 0) return false;
    await this.settlement.settle(attemptId);
    return true;
  }
}
