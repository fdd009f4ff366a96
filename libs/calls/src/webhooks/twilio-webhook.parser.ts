import { DomainError } from '@dialer/core';
import {
  ANSWERED_BY_VALUES,
  AnsweredBy,
  AsyncAmdCallbackParams,
  CALL_STATUSES,
  CallStatus,
  ConferenceEventParams,
  firstValues,
  FormParams,
  GatherActionParams,
  integerOrNull,
  oneOf,
  StatusCallbackParams,
  VoiceWebhookParams,
  WebhookFields,
  WebhookParams,
} from '@dialer/telephony';

/**
 * Turns Twilio's form posts into typed values. A parser takes the form as
 * read once for the signature check (`webhookParams` of a body, or the
 * webhook server's own reading), not a raw body. Strict only about what we
 * cannot work without (the CallSid, a SequenceNumber); a value Twilio may add
 * one day (a new status or AMD verdict) is kept in `params` and read as null.
 * Field names come from `@dialer/telephony`'s webhook types (read through
 * `WebhookFields`), the form helpers from there too.
 */

export const CALL_WEBHOOK_ERROR_CODES = { invalid: 'TWILIO_WEBHOOK_INVALID' } as const;

export interface CallWebhook {
  callSid: string;
  /** Null for a status we do not know (kept in `params`). */
  status: CallStatus | null;
  from: string;
  to: string;
  answeredBy: AnsweredBy | null;
  params: FormParams;
}

export interface StatusCallback extends CallWebhook {
  sequenceNumber: number;
  /** Twilio's `Timestamp` (when it happened); null when absent or unreadable. */
  timestamp: Date | null;
  durationSec: number | null;
  sipResponseCode: number | null;
}

export interface AmdCallback {
  callSid: string;
  answeredBy: AnsweredBy | null;
  params: FormParams;
}

export interface GatherRequest extends CallWebhook {
  /** `""` when nothing was pressed (actionOnEmptyResult). */
  digits: string;
  finishedOnKey: string | null;
}

export interface ConferenceCallback {
  conferenceSid: string;
  /** The room's name (`agent-<id>`). */
  room: string;
  event: string;
  sequenceNumber: number;
  /** The participant's call, for participant events. */
  callSid: string | null;
  timestamp: Date | null;
  params: FormParams;
}

function invalid(problems: string[]): DomainError {
  return new DomainError(CALL_WEBHOOK_ERROR_CODES.invalid, `Not a Twilio webhook we understand: ${problems.join('; ')}`, 'invalid', {
    problems,
  });
}

const SID = /^[A-Z]{2}[0-9a-zA-Z]{1,64}$/;

function dateOrNull(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function requireSid(value: string | undefined, name: string, problems: string[]): string {
  if (!value || !SID.test(value)) problems.push(`${name} is missing or malformed`);
  return value ?? '';
}

function requireSequence(sequenceNumber: string | undefined, problems: string[]): number {
  const value = integerOrNull(sequenceNumber);
  if (value === null) problems.push('SequenceNumber is missing or not a non-negative integer');
  return value ?? -1;
}

function callWebhook(params: FormParams, problems: string[]): CallWebhook {
  const fields: WebhookFields<VoiceWebhookParams> = params;
  return {
    callSid: requireSid(fields.CallSid, 'CallSid', problems),
    status: oneOf(CALL_STATUSES, fields.CallStatus),
    from: fields.From ?? '',
    to: fields.To ?? '',
    answeredBy: oneOf(ANSWERED_BY_VALUES, fields.AnsweredBy),
    params,
  };
}

function done<T>(value: T, problems: string[]): T {
  if (problems.length > 0) throw invalid(problems);
  return value;
}

export function parseStatusCallback(form: WebhookParams): StatusCallback {
  const params = firstValues(form);
  const problems: string[] = [];
  const fields: WebhookFields<StatusCallbackParams> = params;
  const call = callWebhook(params, problems);
  const sequenceNumber = requireSequence(fields.SequenceNumber, problems);
  return done(
    {
      ...call,
      sequenceNumber,
      timestamp: dateOrNull(fields.Timestamp),
      durationSec: integerOrNull(fields.CallDuration),
      sipResponseCode: integerOrNull(fields.SipResponseCode),
    },
    problems,
  );
}

export function parseAmdCallback(form: WebhookParams): AmdCallback {
  const params = firstValues(form);
  const problems: string[] = [];
  const fields: WebhookFields<AsyncAmdCallbackParams> = params;
  const callSid = requireSid(fields.CallSid, 'CallSid', problems);
  return done({ callSid, answeredBy: oneOf(ANSWERED_BY_VALUES, fields.AnsweredBy), params }, problems);
}

export function parseVoiceRequest(form: WebhookParams): CallWebhook {
  const params = firstValues(form);
  const problems: string[] = [];
  return done(callWebhook(params, problems), problems);
}

export function parseGatherRequest(form: WebhookParams): GatherRequest {
  const params = firstValues(form);
  const problems: string[] = [];
  const fields: WebhookFields<GatherActionParams> = params;
  const call = callWebhook(params, problems);
  return done({ ...call, digits: fields.Digits ?? '', finishedOnKey: fields.FinishedOnKey || null }, problems);
}

export function parseConferenceEvent(form: WebhookParams): ConferenceCallback {
  const params = firstValues(form);
  const problems: string[] = [];
  const fields: WebhookFields<ConferenceEventParams> = params;
  const conferenceSid = requireSid(fields.ConferenceSid, 'ConferenceSid', problems);
  if (!fields.StatusCallbackEvent) problems.push('StatusCallbackEvent is missing');
  const sequenceNumber = requireSequence(fields.SequenceNumber, problems);
  const callSid = fields.CallSid && SID.test(fields.CallSid) ? fields.CallSid : null;
  return done(
    {
      conferenceSid,
      room: fields.FriendlyName ?? '',
      event: fields.StatusCallbackEvent ?? '',
      sequenceNumber,
      callSid,
      timestamp: dateOrNull(fields.Timestamp),
      params,
    },
    problems,
  );
}
