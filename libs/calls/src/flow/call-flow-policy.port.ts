import type { AnsweredBy, CallStatus } from '@dialer/telephony';

/**
 * What a callee hears is the dialer runtime's decision; the plumbing around
 * it (signature, lookup, recording, idempotency) is ours. Bind a policy with
 * `CallsModule.forRoot({ callFlowPolicy })`; without one the api still boots
 * and answers every call with `<Hangup/>` (HangUpCallFlowPolicy).
 *
 * Each document is asked for once per (call, webhook, step): whatever the
 * policy returns first is stored and replayed byte for byte to Twilio's
 * retries, and concurrent copies of a request wait for it. A policy that
 * throws makes the webhook answer 500, so Twilio retries (the URLs carry
 * `rp=all`) and the policy is asked again.
 */
export const CALL_FLOW_POLICY = Symbol('CALL_FLOW_POLICY');

/** One of our calls, as its voice or gather webhook presents it. */
export interface FlowCall {
  attemptId: string;
  campaignId: string;
  leadId: string;
  callSid: string;
  /** E.164 (our caller id). */
  from: string;
  /** E.164 (the callee). */
  to: string;
  /** As posted; null when Twilio sent one we do not know. */
  callStatus: CallStatus | null;
  /** Synchronous AMD's verdict, or what the attempt already knows; null when none yet. */
  answeredBy: AnsweredBy | null;
  /** The step this request answers (`answer` for the first voice request). */
  step: string;
  /** The callback URL's query parameters (attempt, step and whatever the runtime put there). */
  query: Readonly<Record<string, string>>;
  /** Every form parameter Twilio posted. */
  params: Readonly<Record<string, string>>;
}

export interface GatherInput {
  /** The keys pressed; `""` when none (the action fires on an empty result too). */
  digits: string;
  /** The step named in the action URL (one per question). */
  step: string;
  finishedOnKey: string | null;
}

export interface CallFlowPolicy {
  /** The call was answered (or the voice URL asked again for `call.step`): TwiML to run. */
  onAnswer(call: FlowCall): Promise<string>;
  /** A `<Gather>` finished: TwiML to run next (the next question, a thank-you, a hang-up). */
  onGather(call: FlowCall, input: GatherInput): Promise<string>;
}
