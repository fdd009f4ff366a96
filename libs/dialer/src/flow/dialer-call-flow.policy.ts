import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLOCK, Clock } from '@dialer/core';
import { SYSTEM_ACTOR } from '@dialer/audit';
import { AgentsService } from '@dialer/agents';
import { abandonMessageText, CampaignConfig } from '@dialer/campaigns';
import { CALL_ENDED_LISTENER, CallAttemptsService, CallEndedListener, CallFlowPolicy, FlowCall, GatherInput } from '@dialer/calls';
import { ConsentLedgerService } from '@dialer/compliance';
import { conferenceJoinTwiml, hangUpTwiml, voicemailDropTwiml } from '@dialer/telephony';
import { isMachineVerdict } from '../attempts/attempt-classes';
import { ABANDON_OPT_OUT_STEP, abandonTwiml } from './abandon-message';
import { DialerEvents } from '../events/dialer-events';
import { agentRoom } from './agent-room';
import { MonitoringService } from '../monitoring/monitoring.service';
import { CampaignConfigCache } from './campaign-config.cache';
import { ScreenPopService } from './screen-pop.service';
import { closingTwiml, openingPrompts, parseQuestionStep, questionStep, questionTwiml } from './survey-ivr';

/** Time kept back from the 2-second grace for the TwiML to reach Twilio and start playing. */
const DELIVERY_MARGIN_MS = 300;
const POLL_MS = 50;

interface AttemptRow {
  state: string;
  agent_id: string | null;
  agent_name: string | null;
  callback_agent_id: string | null;
}


/**
 * What an answered callee hears. A machine gets the campaign's machine action;
 * an agentless campaign plays its survey; everyone else is put through to an
 * agent — the one already reserved (preview, manual dial), or the longest-idle
 * ready one — or, if none frees up within the 2-second grace, hears the
 * abandon message (who called, a number to call back, how to opt out).
 */
@Injectable()
export class DialerCallFlowPolicy implements CallFlowPolicy {
  constructor(
    private readonly em: EntityManager,
    private readonly configs: CampaignConfigCache,
    private readonly agents: AgentsService,
    private readonly attempts: CallAttemptsService,
    private readonly screenPops: ScreenPopService,
    private readonly events: DialerEvents,
    private readonly ledger: ConsentLedgerService,
    private readonly monitoring: MonitoringService,
    private readonly logger: PinoLogger,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(CALL_ENDED_LISTENER) private readonly endings: CallEndedListener | null = null,
  ) {
    this.logger.setContext(DialerCallFlowPolicy.name);
  }

  async onAnswer(call: FlowCall): Promise<string> {
    const answeredAtMs = this.clock.now().getTime();
    const { config } = await this.configs.get(call.campaignId);
    if (isMachineVerdict(call.answeredBy)) {
      await this.setOutcome(call.attemptId, 'machine');
      this.notify(call, { type: 'answered', attemptId: call.attemptId, by: 'machine' });
      return machineTwiml(config);
    }
    this.notify(call, { type: 'answered', attemptId: call.attemptId, by: 'human' });
    if (config.mode === 'agentless') return this.startSurvey(call, config);
    return this.bridge(call, config, answeredAtMs);
  }

  async onGather(call: FlowCall, input: GatherInput): Promise<string> {
    const { config } = await this.configs.get(call.campaignId);
    if (input.step === ABANDON_OPT_OUT_STEP) return this.abandonOptOut(call, input, config);
    const step = parseQuestionStep(input.step);
    const survey = config.survey;
    if (!survey || !step || step.index >= survey.questions.length) return hangUpTwiml();
    const urls = this.attempts.callbackUrls(call.attemptId);

    if (survey.optOutDigit && input.digits === survey.optOutDigit) {
      // A revocation by key-press, honoured at once: on the do-not-call list before the goodbye ends.
      await this.ledger.revoke(
        { phone: call.to, channel: 'ivr_opt_out', content: `pressed ${input.digits} (the opt-out key)`, scope: 'all', attemptId: call.attemptId },
        SYSTEM_ACTOR,
        { exceptLeadId: call.leadId, leadsReason: 'opted out on an IVR call' },
      );
      await this.setDisposition(call, 'DNC', {});
      return closingTwiml('You will not be called again. Goodbye.');
    }
    const question = survey.questions[step.index];
    if (!question.answers.includes(input.digits)) {
      if (!step.repeat) return questionTwiml(survey, { index: step.index, repeat: true }, urls.gatherActionUrl(questionStep({ index: step.index, repeat: true })));
    } else {
      await this.em.execute(
        `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, ?, ?, 'ivr')
         on conflict (attempt_id, question_id) do nothing`,
        [call.attemptId, call.campaignId, call.leadId, question.id, input.digits],
      );
    }
    const next = step.index + 1;
    if (next < survey.questions.length) {
      await this.setDisposition(call, 'PARTIAL', {});
      return questionTwiml(survey, { index: next, repeat: false }, urls.gatherActionUrl(questionStep({ index: next, repeat: false })));
    }
    await this.setDisposition(call, 'COMPLETED', {});
    return closingTwiml(survey.outro ?? 'Thank you for your answers. Goodbye.');
  }

  /**
   * The key pressed during the abandon message: the opt-out key is a
   * revocation (channel `abandon_message`), honoured before the goodbye
   * ends; anything else, or silence, ends the call.
   */
  private async abandonOptOut(call: FlowCall, input: GatherInput, config: CampaignConfig): Promise<string> {
    const digit = config.abandon.message?.optOutDigit;
    if (!digit || input.digits !== digit) return hangUpTwiml();
    await this.ledger.revoke(
      { phone: call.to, channel: 'abandon_message', content: `pressed ${input.digits} during the abandon message`, scope: 'all', attemptId: call.attemptId },
      SYSTEM_ACTOR,
      { leadsReason: 'opted out during an abandon message' },
    );
    return closingTwiml('You will not be called again. Goodbye.');
  }

  private startSurvey(call: FlowCall, config: CampaignConfig): string {
    if (!config.survey || config.survey.questions.length === 0) return hangUpTwiml();
    const first = { index: 0, repeat: false };
    return questionTwiml(config.survey, first, this.attempts.callbackUrls(call.attemptId).gatherActionUrl(questionStep(first)), openingPrompts(config));
  }

  private async bridge(call: FlowCall, config: CampaignConfig, answeredAtMs: number): Promise<string> {
    const [attempt] = await this.em.execute<AttemptRow[]>(
      `select a.state, a.agent_id, u.display_name as agent_name, l.callback_agent_id
         from call_attempts a join leads l on l.id = a.lead_id left join users u on u.id = a.agent_id where a.id = ?`,
      [call.attemptId],
    );
    // Answered late (an api under load): the callee hung up, and their call's end was handled, before we got here.
    // Nobody is reserved for them: the end's handling found no agent on the attempt, so nothing would free one now.
    // Settlement counts the callee (neverPutThrough: never put through). Only Twilio's own end of an answered call
    // (completed) says so: an attempt given back as never placed (canceled: a worker that died between Twilio and
    // the CallSid) may be this very live call.
    if (attempt?.state === 'completed') {
      this.logger.info({ attemptId: call.attemptId, state: attempt.state }, 'call already over when its voice request was answered: no agent');
      return hangUpTwiml();
    }
    let agentId = attempt?.agent_id ?? null;
    let agentName = attempt?.agent_name ?? '';
    let agentWaitMs = 0;
    if (!agentId) {
      const deadline = answeredAtMs + config.pacing.connectGraceSec * 1000 - DELIVERY_MARGIN_MS;
      const reserved = await this.waitForAgent(call, attempt?.callback_agent_id ?? null, deadline);
      agentId = reserved?.agentId ?? null;
      agentName = reserved?.name ?? '';
      agentWaitMs = reserved?.waitedMs ?? 0;
    }
    if (!agentId || !(await this.connect(agentId, call.attemptId))) {
      const message = config.abandon.message ? abandonMessageText(config.abandon.message) : null;
      // The safe-harbour evidence: the message (or none) and when it was handed to Twilio to play.
      const played = message ? { playedAt: this.clock.now().toISOString(), text: message } : { playedAt: null, text: null };
      await this.em.execute(
        `update call_attempts set abandoned = true, outcome = 'abandoned', updated_at = now(),
                compliance_evidence = compliance_evidence || jsonb_build_object('abandonMessage', ?::jsonb)
          where id = ?`,
        [JSON.stringify(played), call.attemptId],
      );
      this.notify(call, { type: 'abandoned', attemptId: call.attemptId });
      this.logger.info({ attemptId: call.attemptId }, 'no agent within the grace period: abandon message');
      return config.abandon.message ? abandonTwiml(config.abandon.message, this.attempts.callbackUrls(call.attemptId).gatherActionUrl(ABANDON_OPT_OUT_STEP)) : hangUpTwiml();
    }

    // putThroughAt: settlement tells a callee put through from one nobody answered for (neverPutThrough).
    // agentWaitMs: how long the callee waited for an agent to come free (within the 2-second grace), apart from the api's own work.
    const [stamped] = await this.em.execute<{ state: string }[]>(
      `update call_attempts set agent_id = ?, updated_at = now(),
              compliance_evidence = compliance_evidence || jsonb_build_object('putThroughAt', now(), 'agentWaitMs', ?::int)
        where id = ?
        returning state`,
      [agentId, agentWaitMs, call.attemptId],
    );
    // The screen pop goes out once the put-through is recorded (a failed write is retried by Twilio, and the callee
    // may then go to another agent), but the callee does not wait for it: it reaches the desk in milliseconds, long
    // before Twilio has joined the callee to the agent's room.
    void this.screenPops
      .deliver(agentId, agentName, call.attemptId, call.leadId, call.campaignId)
      .catch((error: Error) => this.logger.error({ err: error, attemptId: call.attemptId }, 'screen pop failed'));
    if (stamped?.state === 'completed') {
      // The callee hung up while we found them an agent, and the end was handled before the agent was on the
      // attempt: handled again now that they are (idempotent), or the agent stays on a call that is over for good.
      await this.endings
        ?.onCallsEnded([call.attemptId])
        .catch((error: Error) => this.logger.error({ err: error, attemptId: call.attemptId }, 'could not free the agent of a call already over'));
      return hangUpTwiml();
    }
    // The callee is put through whatever becomes of this notice (Redis away): failing here would leave a callee
    // marked put through (putThroughAt) who never reaches the agent.
    this.notify(call, { type: 'connected', attemptId: call.attemptId, agentId });
    // No monitor leg is in the agent's room when a callee is bridged into it, but one monitoring this very call
    // (MonitoringService.clearRoom: free unless someone monitored this agent). A failure is logged, not fatal:
    // the callee is on the line now, and the call's end sweeps the room again.
    await this.monitoring
      .clearRoom(agentId, call.attemptId)
      .catch((error: Error) => this.logger.error({ err: error, agentId, attemptId: call.attemptId }, 'could not sweep monitor legs from the room'));
    const before = config.recording.enabled && config.recording.disclosure ? [{ say: config.recording.disclosure }] : [];
    return conferenceJoinTwiml({
      room: agentRoom(agentId),
      role: 'callee',
      before,
      statusCallbackUrl: this.attempts.callbackUrls(call.attemptId).conferenceStatusCallbackUrl,
    });
  }

  /**
   * Connects the agent to the call, or finds them connected to it already: Twilio asking again after the
   * put-through was recorded (the response failed after it, e.g. its document could not be stored) finds
   * the agent on this call, waiting for the callee, who must be put through again, not abandoned.
   */
  private async connect(agentId: string, attemptId: string): Promise<boolean> {
    if (await this.agents.connect(agentId, attemptId)) return true;
    const presence = await this.agents.get(agentId);
    return presence?.state === 'on_call' && presence.attemptId === attemptId;
  }

  /**
   * A personal callback's agent first, then the longest-idle ready agent, until
   * the deadline; `waitedMs` is the time from the first ask that found nobody
   * free to the reservation (0 when an agent was free at once).
   */
  private async waitForAgent(
    call: FlowCall,
    preferred: string | null,
    deadlineMs: number,
  ): Promise<{ agentId: string; name: string; waitedMs: number } | null> {
    if (preferred) {
      const move = await this.agents.reserve(preferred, call.attemptId, call.leadId);
      if (move) return { agentId: preferred, name: move.presence.name, waitedMs: 0 };
    }
    let firstMissMs: number | undefined;
    for (;;) {
      const presence = await this.agents.reserveNext(call.campaignId, call.attemptId, call.leadId);
      const now = this.clock.now().getTime();
      if (presence) return { agentId: presence.agentId, name: presence.name, waitedMs: firstMissMs === undefined ? 0 : now - firstMissMs };
      firstMissMs ??= now;
      if (now + POLL_MS > deadlineMs) return null;
      await sleep(POLL_MS);
    }
  }

  /**
   * Publishes a notice for the floor without holding up the callee (their
   * TwiML never waits on Redis; the client keeps its commands in order). A
   * notice lost with Redis is logged: the floor also reads state.
   */
  private notify(call: FlowCall, event: Parameters<DialerEvents['publish']>[1]): void {
    this.events.publish(call.campaignId, event).catch((error: Error) => this.logger.warn({ err: error, attemptId: call.attemptId }, `${event.type} notice not sent`));
  }

  private async setOutcome(attemptId: string, outcome: string): Promise<void> {
    await this.em.execute(`update call_attempts set outcome = ?, updated_at = now() where id = ?`, [outcome, attemptId]);
  }

  /** IVR outcomes are recorded like an agent's, when the campaign has that code (and has not retired it). */
  private async setDisposition(call: FlowCall, code: string, data: Record<string, unknown>): Promise<void> {
    await this.em.execute(
      `update call_attempts a set disposition_code = ?, disposition_data = ?, disposition_at = now(), updated_at = now()
        where a.id = ? and exists (select 1 from disposition_codes d where d.campaign_id = a.campaign_id and d.code = ? and d.retired_at is null)`,
      [code, JSON.stringify(data), call.attemptId, code],
    );
  }
}

/** A machine hears the voicemail when the campaign leaves one; otherwise the call ends. */
export function machineTwiml(config: CampaignConfig): string {
  return config.amd.onMachine === 'voicemail' && config.amd.voicemailMessage
    ? voicemailDropTwiml({ say: config.amd.voicemailMessage })
    : hangUpTwiml();
}
