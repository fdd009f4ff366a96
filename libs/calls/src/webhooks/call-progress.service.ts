import { Inject, Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { MONITOR_LEG_LABEL, type CallSnapshot, type CallStatus } from '@dialer/telephony';
import { AGENT_LEG_LABEL, AGENT_LEG_LISTENER, AGENT_ROOM_QUERY, AgentLegListener } from '../events/agent-leg.port';
import { CallEventRecorder } from '../events/call-event-recorder';
import { RecordedCallEvent } from '../persistence/call-progress.repository';
import { ProgressReport } from '../state/attempt-state-machine';
import { attemptHintOf, WebhookContext } from './webhook-context';
import { AmdCallback, ConferenceCallback, StatusCallback } from './twilio-webhook.parser';

/** Who asked the provider about a call: the reconciler, or an agent's hang-up. */
export type ProviderAnswerSource = 'reconciliation' | 'hang-up';

/** Conference events that say a call entered or left a room. */
const PARTICIPANT_EVENTS = new Set(['participant-join', 'participant-leave']);

/**
 * Twilio's notifications (status callbacks, the async AMD verdict,
 * conference events): stored once, applied to the attempt, published.
 * Idempotent and order-tolerant; see the state machine for the rules.
 */
@Injectable()
export class CallProgressService {
  constructor(
    private readonly recorder: CallEventRecorder,
    private readonly logger: PinoLogger,
    @Optional() @Inject(AGENT_LEG_LISTENER) private readonly agentLegListener: AgentLegListener | null = null,
  ) {
    this.logger.setContext(CallProgressService.name);
  }

  status(callback: StatusCallback, context: WebhookContext): Promise<RecordedCallEvent> {
    const receivedAt = this.recorder.now();
    return this.recorder.record({
      kind: 'status',
      callSid: callback.callSid,
      dedupeKey: String(callback.sequenceNumber),
      sequenceNumber: callback.sequenceNumber,
      status: callback.params.CallStatus ?? null,
      params: callback.params,
      idempotencyToken: context.idempotencyToken,
      receivedAt,
      attemptHint: attemptHintOf(context),
      hintMayBindSid: true,
      // A status we do not know is kept but moves nothing.
      report: callback.status
        ? {
            status: callback.status,
            sequenceNumber: callback.sequenceNumber,
            at: callback.timestamp ?? receivedAt,
            durationSec: callback.durationSec ?? undefined,
            sipResponseCode: callback.sipResponseCode ?? undefined,
            answeredBy: callback.answeredBy ?? undefined,
          }
        : null,
    });
  }

  amd(callback: AmdCallback, context: WebhookContext): Promise<RecordedCallEvent> {
    const receivedAt = this.recorder.now();
    return this.recorder.record({
      kind: 'amd',
      callSid: callback.callSid,
      // One verdict per call.
      dedupeKey: 'verdict',
      sequenceNumber: null,
      status: callback.params.AnsweredBy ?? null,
      params: callback.params,
      idempotencyToken: context.idempotencyToken,
      receivedAt,
      attemptHint: attemptHintOf(context),
      hintMayBindSid: true,
      report: callback.answeredBy ? { at: receivedAt, answeredBy: callback.answeredBy } : null,
    });
  }

  async conference(event: ConferenceCallback, context: WebhookContext): Promise<RecordedCallEvent> {
    const receivedAt = this.recorder.now();
    const at = event.timestamp ?? receivedAt;
    const participant = PARTICIPANT_EVENTS.has(event.event);
    const recorded = await this.recorder.record(
      {
        kind: 'conference',
        // Room-level events (start, end) have no participant: they are filed under the conference.
        callSid: event.callSid ?? event.conferenceSid,
        dedupeKey: `${event.conferenceSid}:${event.sequenceNumber}`,
        sequenceNumber: event.sequenceNumber,
        status: event.event,
        params: event.params,
        idempotencyToken: context.idempotencyToken,
        receivedAt,
        // One room hears many calls (the agent's among them): match by the participant's CallSid only.
        attemptHint: event.callSid ? attemptHintOf(context) : null,
        hintMayBindSid: false,
        report: event.event === 'participant-join' ? { at, joinedConference: true } : null,
      },
      { room: event.room, always: participant },
    );
    const agentId = context.query[AGENT_ROOM_QUERY];
    if (!recorded.duplicate && agentId && event.event === 'participant-leave' && event.params.ParticipantLabel === AGENT_LEG_LABEL) {
      // Stored first: a failure here is logged, not retried by Twilio (the retry would be a duplicate).
      await this.agentLegListener?.onAgentLegLeft(agentId).catch((error: unknown) => this.logger.warn({ err: error, agentId }, 'agent leg leave not applied'));
    }
    if (!recorded.duplicate && agentId && event.callSid && event.event === 'participant-leave' && event.params.ParticipantLabel === MONITOR_LEG_LABEL) {
      await this.agentLegListener
        ?.onMonitorLegLeft?.(agentId, event.callSid)
        .catch((error: unknown) => this.logger.warn({ err: error, agentId }, 'monitor leg leave not applied'));
    }
    return recorded;
  }

  /**
   * What Twilio says of a call when asked (reconciliation after a lost
   * callback, or the answer to an agent's hang-up): recorded and applied like
   * a status callback, once per status, so the dialer reacts to it the same way.
   */
  reconciled(attemptId: string, call: CallSnapshot, source: ProviderAnswerSource = 'reconciliation'): Promise<RecordedCallEvent> {
    const receivedAt = this.recorder.now();
    return this.recordReconciliation(attemptId, call.sid, receivedAt, source, {
      status: call.status,
      at: call.endTime ?? receivedAt,
      durationSec: call.durationSec ?? undefined,
      answeredBy: call.answeredBy ?? undefined,
    });
  }

  /**
   * The provider was asked about the call and does not know it: the call is
   * over. Recorded and applied as the report `completed` when it had been
   * answered (the record keeps saying so), else `failed` — once, as
   * `reconciled` would record it — the reason kept in the event's params.
   */
  lostAtProvider(
    attemptId: string,
    callSid: string,
    options: { answered?: boolean; source?: ProviderAnswerSource } = {},
  ): Promise<RecordedCallEvent> {
    const receivedAt = this.recorder.now();
    const status: CallStatus = options.answered ? 'completed' : 'failed';
    return this.recordReconciliation(attemptId, callSid, receivedAt, options.source ?? 'reconciliation', { status, at: receivedAt }, { Reason: 'unknown to the provider' });
  }

  private recordReconciliation(
    attemptId: string,
    callSid: string,
    receivedAt: Date,
    source: ProviderAnswerSource,
    report: ProgressReport & { status: CallStatus },
    params: Record<string, string> = {},
  ): Promise<RecordedCallEvent> {
    return this.recorder.record({
      kind: 'status',
      callSid,
      // One per status, whoever asked (the reconciler, a hang-up): the same answer is recorded once.
      dedupeKey: `reconciled:${report.status}`,
      sequenceNumber: null,
      status: report.status,
      params: { CallSid: callSid, CallStatus: report.status, Source: source, ...params },
      idempotencyToken: null,
      receivedAt,
      attemptHint: attemptId,
      hintMayBindSid: true,
      report,
    });
  }
}
