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
 *
 * NUL characters (U+0000) are dropped from every name and value before
 * anything is read or stored (PostgreSQL refuses them in text and jsonb), after
 * the signature was checked on the form as sent. Twilio never sends one; a
 * refusal would not help: our callback URLs ask Twilio to retry on 4xx as on
 * 5xx (`rp=all`), and the call's progress would be lost. The identifiers
 * (CallSid, ConferenceSid, SequenceNumber) are the exception: they are checked
 * as sent, so one with a NUL is malformed (400), never read as another.
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

const NUL = '\u0000';

/** The params without NUL characters; the same object when there is none (Twilio's forms). */
export function withoutNulCharacters(params: FormParams): FormParams {
  let found = false;
  for (const name in params) {
    if (name.includes(NUL) || params[name]!.includes(NUL)) {
      found = true;
      break;
    }
  }
  if (!found) return params;
  // Keyed by whatever names were posted (`__proto__` too): no prototype to reach.
  const clean = Object.create(null) as FormParams;
  for (const [name, value] of Object.entries(params)) {
    const key = name.replaceAll(NUL, '');
    // A name that only differs by its NULs does not replace the name as sent.
    if (!(key in clean) || key === name) clean[key] = value.replaceAll(NUL, '');
  }
  return clean;
}

/** The form as sent (for the identifiers, checked as they are) and without NULs (for everything else). */
function readForm(form: WebhookParams): { sent: FormParams; params: FormParams } {
  const sent = firstValues(form);
  return { sent, params: withoutNulCharacters(sent) };
}

function callWebhook(sent: FormParams, params: FormParams, problems: string[]): CallWebhook {
  const fields: WebhookFields<VoiceWebhookParams> = params;
  const sentFields: WebhookFields<VoiceWebhookParams> = sent;
  return {
    callSid: requireSid(sentFields.CallSid, 'CallSid', problems),
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
  const { sent, params } = readForm(form);
  const problems: string[] = [];
  const fields: WebhookFields<StatusCallbackParams> = params;
  const sentFields: WebhookFields<StatusCallbackParams> = sent;
  const call = callWebhook(sent, params, problems);
  const sequenceNumber = requireSequence(sentFields.SequenceNumber, problems);
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
  const { sent, params } = readForm(form);
  const problems: string[] = [];
  const fields: WebhookFields<AsyncAmdCallbackParams> = params;
  const sentFields: WebhookFields<AsyncAmdCallbackParams> = sent;
  const callSid = requireSid(sentFields.CallSid, 'CallSid', problems);
  return done({ callSid, answeredBy: oneOf(ANSWERED_BY_VALUES, fields.AnsweredBy), params }, problems);
}

export function parseVoiceRequest(form: WebhookParams): CallWebhook {
  const { sent, params } = readForm(form);
  const problems: string[] = [];
  return done(callWebhook(sent, params, problems), problems);
}

export function parseGatherRequest(form: WebhookParams): GatherRequest {
  const { sent, params } = readForm(form);
  const problems: string[] = [];
  const fields: WebhookFields<GatherActionParams> = params;
  const call = callWebhook(sent, params, problems);
  return done({ ...call, digits: fields.Digits ?? '', finishedOnKey: fields.FinishedOnKey || null }, problems);
}

export function parseConferenceEvent(form: WebhookParams): ConferenceCallback {
  const { sent, params } = readForm(form);
  const problems: string[] = [];
  const fields: WebhookFields<ConferenceEventParams> = params;
  const sentFields: WebhookFields<ConferenceEventParams> = sent;
  const conferenceSid = requireSid(sentFields.ConferenceSid, 'ConferenceSid', problems);
  if (!fields.StatusCallbackEvent) problems.push('StatusCallbackEvent is missing');
  const sequenceNumber = requireSequence(sentFields.SequenceNumber, problems);
  const callSid = sentFields.CallSid && SID.test(sentFields.CallSid) ? sentFields.CallSid : null;
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
