import { DomainError } from '@dialer/core';
import { CALL_STATUSES, CallStatus } from '@dialer/telephony';
import { ANSWERED_BY, AnsweredBy } from '../entities/call-attempt.entity';

/**
 * Turns Twilio's form posts into typed values. Strict only about what we
 * cannot work without (the CallSid, a SequenceNumber); a value Twilio may add
 * one day (a new status or AMD verdict) is kept in `params` and read as null.
 */

export const CALL_WEBHOOK_ERROR_CODES = { invalid: 'TWILIO_WEBHOOK_INVALID' } as const;

/** Form parameters as strings (the first of a repeated name). */
export type FormParams = Record<string, string>;

/** Keeps the string values of a parsed urlencoded body. */
export function formParams(body: unknown): FormParams {
  const params: FormParams = {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return params;
  for (const [name, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (typeof first === 'string') params[name] = first;
  }
  return params;
}

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
const INTEGER = /^\d{1,9}$/;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | null {
  return values.find((candidate) => candidate === value) ?? null;
}

function integerOrNull(value: string | undefined): number | null {
  return value !== undefined && INTEGER.test(value) ? Number(value) : null;
}

function dateOrNull(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function requireSid(params: FormParams, name: string, problems: string[]): string {
  const value = params[name];
  if (!value || !SID.test(value)) problems.push(`${name} is missing or malformed`);
  return value ?? '';
}

function requireSequence(params: FormParams, problems: string[]): number {
  const value = integerOrNull(params.SequenceNumber);
  if (value === null) problems.push('SequenceNumber is missing or not a non-negative integer');
  return value ?? -1;
}

function callWebhook(params: FormParams, problems: string[]): CallWebhook {
  return {
    callSid: requireSid(params, 'CallSid', problems),
    status: oneOf(CALL_STATUSES, params.CallStatus),
    from: params.From ?? '',
    to: params.To ?? '',
    answeredBy: oneOf(ANSWERED_BY, params.AnsweredBy),
    params,
  };
}

function done<T>(value: T, problems: string[]): T {
  if (problems.length > 0) throw invalid(problems);
  return value;
}

export function parseStatusCallback(body: unknown): StatusCallback {
  const params = formParams(body);
  const problems: string[] = [];
  const call = callWebhook(params, problems);
  const sequenceNumber = requireSequence(params, problems);
  return done(
    {
      ...call,
      sequenceNumber,
      timestamp: dateOrNull(params.Timestamp),
      durationSec: integerOrNull(params.CallDuration),
      sipResponseCode: integerOrNull(params.SipResponseCode),
    },
    problems,
  );
}

export function parseAmdCallback(body: unknown): AmdCallback {
  const params = formParams(body);
  const problems: string[] = [];
  const callSid = requireSid(params, 'CallSid', problems);
  return done({ callSid, answeredBy: oneOf(ANSWERED_BY, params.AnsweredBy), params }, problems);
}

export function parseVoiceRequest(body: unknown): CallWebhook {
  const params = formParams(body);
  const problems: string[] = [];
  return done(callWebhook(params, problems), problems);
}

export function parseGatherRequest(body: unknown): GatherRequest {
  const params = formParams(body);
  const problems: string[] = [];
  const call = callWebhook(params, problems);
  return done({ ...call, digits: params.Digits ?? '', finishedOnKey: params.FinishedOnKey || null }, problems);
}

export function parseConferenceEvent(body: unknown): ConferenceCallback {
  const params = formParams(body);
  const problems: string[] = [];
  const conferenceSid = requireSid(params, 'ConferenceSid', problems);
  if (!params.StatusCallbackEvent) problems.push('StatusCallbackEvent is missing');
  const sequenceNumber = requireSequence(params, problems);
  const callSid = params.CallSid && SID.test(params.CallSid) ? params.CallSid : null;
  return done(
    {
      conferenceSid,
      room: params.FriendlyName ?? '',
      event: params.StatusCallbackEvent ?? '',
      sequenceNumber,
      callSid,
      timestamp: dateOrNull(params.Timestamp),
      params,
    },
    problems,
  );
}
