import { AnsweredBy, CallStatus } from '../telephony.port';

/**
 * The form fields Twilio posts to our webhooks, by kind. All values arrive as
 * strings; `@dialer/calls`' webhook parser reads them through `WebhookFields`
 * of these types, so a field name is declared here and nowhere else. Names
 * and formats follow Twilio's docs.
 */

/** Sent with every call webhook. */
export interface CallWebhookParams {
  AccountSid: string;
  ApiVersion: string;
  CallSid: string;
  CallStatus: CallStatus;
  /** `outbound-api` for calls we place, `inbound` for an agent's browser leg. */
  Direction: string;
  From: string;
  To: string;
  Caller?: string;
  Called?: string;
  ParentCallSid?: string;
}

/** The voice webhook (the call's `Url`): answer with TwiML. */
export interface VoiceWebhookParams extends CallWebhookParams {
  /** Present when synchronous AMD ran. */
  AnsweredBy?: AnsweredBy;
  /** Milliseconds AMD took. */
  MachineDetectionDuration?: string;
  /** TwiML App calls from the Voice SDK. */
  ApplicationSid?: string;
}

/** A call-progress event (`StatusCallback`). Not ordered: `SequenceNumber` is. */
export interface StatusCallbackParams extends CallWebhookParams {
  CallbackSource: 'call-progress-events';
  /** Per call, from "0", one more for each event sent. */
  SequenceNumber: string;
  /** When the event happened, RFC 2822 (`Tue, 31 Aug 2010 20:36:44 +0000`). */
  Timestamp: string;
  /** Seconds, on the terminal event. */
  CallDuration?: string;
  /** SIP final response on the terminal event: 200, 486 busy, 487 canceled or no answer, 404... */
  SipResponseCode?: string;
  AnsweredBy?: AnsweredBy;
  RecordingUrl?: string;
  RecordingSid?: string;
  RecordingDuration?: string;
}

/** The async AMD verdict (`AsyncAmdStatusCallback`). */
export interface AsyncAmdCallbackParams {
  AccountSid: string;
  CallSid: string;
  AnsweredBy: AnsweredBy;
  MachineDetectionDuration: string;
}

/** A `<Gather>` action. `Digits` is empty when nothing was pressed (`actionOnEmptyResult`). */
export interface GatherActionParams extends CallWebhookParams {
  Digits?: string;
  FinishedOnKey?: string;
}

/** A `<Conference statusCallback>` event. */
export interface ConferenceEventParams {
  AccountSid: string;
  ConferenceSid: string;
  FriendlyName: string;
  StatusCallbackEvent:
    | 'conference-start'
    | 'conference-end'
    | 'participant-join'
    | 'participant-leave'
    | 'participant-mute'
    | 'participant-unmute'
    | 'participant-hold'
    | 'participant-unhold';
  SequenceNumber: string;
  Timestamp: string;
  /** The participant's call, for participant events. */
  CallSid?: string;
  ReasonConferenceEnded?: string;
  CallSidEndingConference?: string;
}

/**
 * A posted form seen through one of the types above: each declared field, as
 * the string it arrived as, or absent (Twilio may leave any out; the parser
 * decides what it cannot do without). Reading an undeclared name is a type
 * error, so a misspelt field cannot go unnoticed.
 */
export type WebhookFields<T> = { readonly [K in keyof T]?: string };
