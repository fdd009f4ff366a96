import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { hangUpTwiml } from '@dialer/telephony';
import { CallEventRecorder } from '../events/call-event-recorder';
import { AttemptAfterEvent } from '../persistence/call-progress.repository';
import { ANSWER_STEP } from '../webhooks/twilio-webhook-routes';
import { attemptHintOf, stepOf, WebhookContext } from '../webhooks/webhook-context';
import { CallWebhook, GatherRequest } from '../webhooks/twilio-webhook.parser';
import { CALL_FLOW_POLICY, CallFlowPolicy, FlowCall } from './call-flow-policy.port';
import { TwimlClaimOutcome, TwimlResponseStore } from './twiml-response.store';

/** The step of a gather action whose URL names none. */
export const DEFAULT_GATHER_STEP = 'gather';

/**
 * The voice and gather webhooks: record the request, ask the call flow
 * policy what the callee hears (once per call, webhook and step), and return
 * the stored document to every copy of the request.
 */
@Injectable()
export class CallFlowService {
  constructor(
    private readonly recorder: CallEventRecorder,
    private readonly responses: TwimlResponseStore,
    @Inject(CALL_FLOW_POLICY) private readonly policy: CallFlowPolicy,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CallFlowService.name);
  }

  async answer(request: CallWebhook, context: WebhookContext): Promise<string> {
    const step = stepOf(context, ANSWER_STEP);
    const { attempt, claim } = await this.record('voice', step, request, context);
    if (!attempt) return this.unknownCall(request);
    const call = this.flowCall(request, attempt, step, context);
    return this.responses.respondOnce({ callSid: request.callSid, webhook: 'voice', step }, () => this.policy.onAnswer(call), claim);
  }

  async gather(request: GatherRequest, context: WebhookContext): Promise<string> {
    const step = stepOf(context, DEFAULT_GATHER_STEP);
    const { attempt, claim } = await this.record('gather', step, request, context);
    if (!attempt) return this.unknownCall(request);
    const call = this.flowCall(request, attempt, step, context);
    return this.responses.respondOnce(
      { callSid: request.callSid, webhook: 'gather', step },
      () => this.policy.onGather(call, { digits: request.digits, step, finishedOnKey: request.finishedOnKey }),
      claim,
    );
  }

  /** Records the request and, in the same statement, claims its TwiML (see TwimlResponseStore). */
  private async record(
    kind: 'voice' | 'gather',
    step: string,
    request: CallWebhook,
    context: WebhookContext,
  ): Promise<{ attempt: AttemptAfterEvent | null; claim: TwimlClaimOutcome | undefined }> {
    const receivedAt = this.recorder.now();
    const { attempt, twimlClaim } = await this.recorder.record({
      kind,
      callSid: request.callSid,
      dedupeKey: step,
      sequenceNumber: null,
      status: request.params.CallStatus ?? null,
      params: request.params,
      idempotencyToken: context.idempotencyToken,
      receivedAt,
      attemptHint: attemptHintOf(context),
      hintMayBindSid: true,
      // The request proves the call is live (and carries synchronous AMD's verdict); its status callback stamps when.
      report: request.status ? { status: request.status, answeredBy: request.answeredBy ?? undefined } : null,
      twimlClaim: { webhook: kind, step, token: randomUUID() },
    });
    return { attempt, claim: twimlClaim };
  }

  private flowCall(request: CallWebhook, attempt: AttemptAfterEvent, step: string, context: WebhookContext): FlowCall {
    return {
      attemptId: attempt.id,
      campaignId: attempt.campaignId,
      leadId: attempt.leadId,
      callSid: request.callSid,
      from: request.from,
      to: request.to,
      callStatus: request.status,
      answeredBy: request.answeredBy ?? attempt.answeredBy,
      step,
      query: context.query,
      params: request.params,
    };
  }

  /** Not one of our calls: nothing to say to whoever it is. */
  private unknownCall(request: CallWebhook): string {
    this.logger.warn({ callSid: request.callSid }, 'Voice request for a call that is not one of our attempts: hanging up');
    return hangUpTwiml();
  }
}
