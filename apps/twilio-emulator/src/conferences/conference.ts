import { HttpMethod, WebhookDelivery } from '../webhooks/webhook-delivery';

export type ConferenceStatus = 'init' | 'in-progress' | 'completed';
export type ParticipantStatus = 'queued' | 'connecting' | 'ringing' | 'connected' | 'complete' | 'failed';
export type ConferenceEndReason =
  | 'conference-ended-via-api'
  | 'participant-with-end-conference-on-exit-left'
  | 'participant-with-end-conference-on-exit-kicked'
  | 'last-participant-kicked'
  | 'last-participant-left';

/** Why a participant is no longer in the room. */
export type LeaveReason = 'left' | 'kicked' | 'conference-ended';

export interface ConferenceCallback {
  url: string;
  method: HttpMethod;
  /** TwiML event names: start end join leave mute hold… */
  events: ReadonlySet<string>;
}

export interface ParticipantOptions {
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  muted: boolean;
  label: string | null;
  statusCallback: ConferenceCallback | null;
  /** Whisper: only the participant on this call hears this one (`coach` in TwiML, `CallSidToCoach` over REST). */
  callSidToCoach?: string | null;
}

export class Participant {
  status: ParticipantStatus = 'queued';
  hold = false;
  muted: boolean;
  /** Coaching (whisper): heard by `callSidToCoach` alone; null when heard by the room. */
  callSidToCoach: string | null;
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  /** Resolves when the participant is out of the room, with the reason. */
  readonly removed: Promise<LeaveReason>;
  private resolveRemoved: (reason: LeaveReason) => void = () => undefined;

  constructor(
    readonly callSid: string,
    readonly options: ParticipantOptions,
  ) {
    this.muted = options.muted;
    this.callSidToCoach = options.callSidToCoach ?? null;
    this.removed = new Promise((resolve) => (this.resolveRemoved = resolve));
  }

  /** Twilio's `coaching`: true exactly when there is a call to coach. */
  get coaching(): boolean {
    return this.callSidToCoach !== null;
  }

  get label(): string | null {
    return this.options.label;
  }

  markRemoved(reason: LeaveReason): void {
    this.status = 'complete';
    this.dateUpdated = new Date();
    this.resolveRemoved(reason);
  }
}

export class Conference {
  status: ConferenceStatus = 'init';
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  reasonEnded: ConferenceEndReason | null = null;
  callSidEndingConference: string | null = null;
  callback: ConferenceCallback | null = null;
  nextSequenceNumber = 1;
  readonly participants = new Map<string, Participant>();
  /** Every conference status callback sent, in order. */
  readonly callbacks: WebhookDelivery[] = [];

  constructor(
    readonly sid: string,
    readonly friendlyName: string,
  ) {}

  connected(): Participant[] {
    return [...this.participants.values()].filter((participant) => participant.status === 'connected');
  }
}
