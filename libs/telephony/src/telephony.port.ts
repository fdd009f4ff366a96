import type { MonitorAttributes } from './monitoring/monitor-mode';

/**
 * What the dialer needs from a telephony provider, in the provider's own
 * vocabulary (Twilio's call states and AMD verdicts), so nothing is lost in
 * translation. Inject it with `@Inject(TELEPHONY_PORT)`.
 */
export const TELEPHONY_PORT = Symbol('TELEPHONY_PORT');

/** Every state a Twilio call can be in, in the order a call moves through them. */
export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** The states a call never leaves. */
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

/** The call-progress events Twilio can post to a status callback. */
export const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
export type StatusCallbackEvent = (typeof STATUS_CALLBACK_EVENTS)[number];

/** Twilio's answering-machine verdicts. */
export const ANSWERED_BY_VALUES = [
  'human',
  'machine_start',
  'machine_end_beep',
  'machine_end_silence',
  'machine_end_other',
  'fax',
  'unknown',
] as const;
export type AnsweredBy = (typeof ANSWERED_BY_VALUES)[number];

/** `Enable` answers as soon as the callee is classified; `DetectMessageEnd` waits for a machine's beep (voicemail drop). */
export type MachineDetectionMode = 'Enable' | 'DetectMessageEnd';

export interface PlaceCallRequest {
  /** E.164 number to call. */
  to: string;
  /** Caller id: an E.164 number the account owns. */
  from: string;
  /** Where Twilio fetches the TwiML when the call is answered (the voice webhook). */
  voiceUrl: string;
  /** Receives call-progress events; build it with `twilioCallbackUrl` so Twilio retries on errors. */
  statusCallbackUrl: string;
  /** Defaults to all four: initiated, ringing, answered, completed. */
  statusCallbackEvents?: readonly StatusCallbackEvent[];
  machineDetection?: MachineDetectionMode;
  /**
   * With `machineDetection`: run AMD in the background and post `AnsweredBy`
   * here instead of delaying the voice webhook until the verdict is in.
   */
  asyncAmdCallbackUrl?: string;
  /** Seconds to let the phone ring before giving up with `no-answer` (Twilio: 5–600, default 60). */
  timeoutSec?: number;
  /** Record the whole call; the recording is announced in the completed status callback. */
  record?: boolean;
}

/** A call as the provider sees it: returned by every operation, used for reconciliation. */
export interface CallSnapshot {
  sid: string;
  status: CallStatus;
  to: string;
  from: string;
  direction: string;
  answeredBy: AnsweredBy | null;
  startTime: Date | null;
  endTime: Date | null;
  /** Seconds from answer to hang-up; null until the call has ended. */
  durationSec: number | null;
  /** How long the provider held the call back to honour its calls-per-second limit, in ms. */
  queueTimeMs: number | null;
  parentCallSid: string | null;
}

/** New instructions for a live call: inline TwiML or a URL to fetch it from. */
export type CallRedirect = { twiml: string } | { url: string };

/** A short-lived credential for `@twilio/voice-sdk` in the agent's browser. */
export interface AgentAccessToken {
  token: string;
  identity: string;
  expiresAt: Date;
}

/** A participant of a live conference: its call and the label it joined with (null: none). */
export interface RoomParticipant {
  callSid: string;
  label: string | null;
}

export interface TelephonyPort {
  /** Dials out; resolves once the provider has accepted (queued) the call. */
  placeCall(request: PlaceCallRequest): Promise<CallSnapshot>;
  /** Replaces what a live call is doing (e.g. bridge it into an agent's conference, or play a message). */
  redirectCall(callSid: string, to: CallRedirect): Promise<CallSnapshot>;
  /** Ends a call whatever its state: a live call completes, a queued or ringing one is canceled. Idempotent. */
  hangUp(callSid: string): Promise<CallSnapshot>;
  /**
   * Cancels a call that has not been answered (`Status=canceled`): a queued or
   * ringing call ends unanswered, an answered one is left as it is. Idempotent.
   */
  cancelCall(callSid: string): Promise<CallSnapshot>;
  /** The provider's current view of a call (used to reconcile calls whose callbacks went missing). */
  fetchCall(callSid: string): Promise<CallSnapshot>;
  /** A VoiceGrant token for an agent's browser, allowed to place calls to our TwiML App and to receive calls. */
  issueAgentToken(identity: string, ttlSec?: number): AgentAccessToken;
  /**
   * Whether a participant labelled `label` is in the live conference named
   * `room` now: an agent's audio leg in their room (the `agent` label that
   * conferenceJoinTwiml gives it).
   */
  hasParticipant(room: string, label: string): Promise<boolean>;
  /** The call SID of the participant labelled `label` in the live conference `room` now, or null (e.g. the agent's leg, to coach it). */
  participantCallSid(room: string, label: string): Promise<string | null>;
  /** Every participant of the live conference `room` now, with its label (none when the room is not live): one listing. */
  participants(room: string): Promise<RoomParticipant[]>;
  /**
   * Changes how a participant of the live conference `room` is heard, in
   * place (REST participant update: `Muted`, `Coaching`, `CallSidToCoach`):
   * a monitor leg switching between listen, whisper and barge without
   * leaving the room. TELEPHONY_CALL_NOT_FOUND when it is not in the room.
   */
  updateParticipant(room: string, callSid: string, attributes: MonitorAttributes): Promise<void>;
}
