import { HttpMethod, WebhookDelivery } from '../webhooks/webhook-delivery';
import { AnsweredBy } from '../scenario/scenario';
import { CalleePlan } from '../callee/callee-plan';

export type CallStatus = 'queued' | 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
export const TERMINAL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

export type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';
export const STATUS_EVENTS: readonly StatusEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

/** Where the call's TwiML comes from: a URL to fetch, or a document given inline. */
export type TwimlSource = { url: string; method: HttpMethod; params?: Record<string, string> } | { twiml: string };

export interface CallOptions {
  to: string;
  from: string;
  source: TwimlSource;
  fallback?: { url: string; method: HttpMethod };
  statusCallback?: { url: string; method: HttpMethod; events: ReadonlySet<StatusEvent> };
  machineDetection?: 'Enable' | 'DetectMessageEnd';
  machineDetectionTimeoutSec: number;
  asyncAmdCallback?: { url: string; method: HttpMethod };
  /** Seconds of ringing before no-answer. */
  timeoutSec: number;
  timeLimitSec: number;
  record: boolean;
}

/** Who or what ended the call, for the event log. */
export type EndedBy = 'callee' | 'twiml' | 'api' | 'agent' | 'network' | 'time-limit' | 'conference' | 'emulator';

export type CallEvent = { at: string } & (
  | { type: 'status'; status: CallStatus; sipResponseCode?: number }
  | { type: 'webhook'; delivery: WebhookDelivery }
  | { type: 'twiml'; verb: string; attributes: Record<string, string>; text?: string }
  | { type: 'amd'; answeredBy: AnsweredBy; durationMs: number; mode: 'sync' | 'async' }
  | { type: 'callee'; action: string; detail?: string }
  | { type: 'conference'; action: 'join' | 'leave'; room: string; conferenceSid: string }
  | { type: 'rest'; action: string; detail?: string }
  | { type: 'error'; code: number; message: string }
);
/** An event as recorded, before its timestamp is added. */
export type CallEventInput = CallEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> : never) : never;

/** A call leg inside the emulator: its Twilio resource fields, the callee's plan and everything that happened to it. */
export class EmulatedCall {
  status: CallStatus = 'queued';
  readonly dateCreated = new Date();
  dateUpdated = new Date();
  startTime: Date | null = null;
  endTime: Date | null = null;
  /** Emulated ms at answer and at the end, for durations. */
  answeredAtSim: number | null = null;
  endedAtSim: number | null = null;
  /** Emulated ms the call waited for a CPS slot. */
  queueTimeMs = 0;
  answeredBy: AnsweredBy | null = null;
  endedBy: EndedBy | null = null;
  recording: { sid: string; url: string } | null = null;
  /** The conference the leg is in (or dialing into) right now. */
  conference: { sid: string; room: string } | null = null;
  /** Status-callback events sent so far: the next SequenceNumber. */
  nextSequenceNumber = 0;
  /** Aborted when the call ends: stops every timer and TwiML verb of the leg. */
  readonly lifetime = new AbortController();
  /** Aborted when new TwiML replaces the document being executed. */
  document = new AbortController();
  /** Whether TwiML has started to run (not yet during ringing or synchronous AMD). */
  executing = false;
  readonly events: CallEvent[] = [];

  constructor(
    readonly sid: string,
    readonly accountSid: string,
    readonly direction: 'outbound-api' | 'inbound',
    readonly options: CallOptions,
    /** What the far end will do; agents' browser legs have none. */
    readonly plan: CalleePlan | null,
    /** Extra voice-webhook parameters (a Voice SDK client's custom parameters). */
    readonly extraParams: Record<string, string> = {},
  ) {}

  get to(): string {
    return this.options.to;
  }

  get from(): string {
    return this.options.from;
  }

  get ended(): boolean {
    return TERMINAL_STATUSES.has(this.status);
  }

  log(event: CallEventInput): void {
    this.events.push({ at: new Date().toISOString(), ...event } as CallEvent);
  }
}
