import { newSid } from '../common/twilio-format';
import { SimScheduler } from '../clock/sim-scheduler';
import { LegBehaviour } from '../callee/leg-behaviour';
import { EmulatedCall, TwimlSource } from '../calls/emulated-call';
import { ConferenceRooms } from '../conferences/conference-rooms';
import { ConferenceCallback } from '../conferences/conference';
import { Scenario } from '../scenario/scenario';
import { HttpMethod } from '../webhooks/webhook-delivery';
import { TwimlNode } from './twiml-document';

/** A leg executing one TwiML document. */
export interface LegContext {
  call: EmulatedCall;
  behaviour: LegBehaviour;
  /** Aborts when the call ends or new TwiML replaces this document. */
  signal: AbortSignal;
  /** Where the document came from; relative URLs resolve against it (null for inline TwiML). */
  documentUrl: string | null;
}

/** How a document ended: out of verbs, `<Hangup>`, on to another document, or an error that ends the call. */
export type RunOutcome =
  | { kind: 'finished' }
  | { kind: 'hangup' }
  | { kind: 'navigate'; source: TwimlSource }
  | { kind: 'error'; code: number; message: string };

/** Verbs `<Gather>` may contain. */
const PROMPT_VERBS = new Set(['Say', 'Play', 'Pause']);
/** A `loop="0"` prompt repeats until something else happens; an hour stands in for "forever". */
const FOREVER_SEC = 3600;

/**
 * Executes TwiML on a leg: Say, Play, Pause, Gather (with the callee's
 * scripted keys), Record, Redirect, Hangup/Reject and Dial→Conference.
 * Durations are emulated; the leg's behaviour decides whether the callee
 * stays through silences.
 */
export class TwimlRunner {
  constructor(
    private readonly scheduler: SimScheduler,
    private readonly rooms: ConferenceRooms,
    private readonly scenario: () => Scenario,
    private readonly recordingUrl: (recordingSid: string) => string,
  ) {}

  async run(leg: LegContext, verbs: readonly TwimlNode[]): Promise<RunOutcome> {
    for (const node of verbs) {
      this.logVerb(leg, node);
      const outcome = await this.execute(leg, node);
      if (outcome) return outcome;
    }
    return { kind: 'finished' };
  }

  private async execute(leg: LegContext, node: TwimlNode): Promise<RunOutcome | null> {
    switch (node.verb) {
      case 'Say':
      case 'Play':
      case 'Pause':
        await this.prompt(leg, node);
        return null;
      case 'Gather':
        return this.gather(leg, node);
      case 'Record':
        return this.record(leg, node);
      case 'Redirect':
        return this.redirect(leg, node);
      case 'Hangup':
      case 'Reject':
        return { kind: 'hangup' };
      case 'Dial':
        return this.dial(leg, node);
      default:
        return { kind: 'error', code: 12100, message: `Document parse failure: <${node.verb}> is not a TwiML verb the emulator knows` };
    }
  }

  private async prompt(leg: LegContext, node: TwimlNode): Promise<void> {
    const { timing } = this.scenario();
    const loop = Number(node.attributes.loop ?? 1);
    const times = loop === 0 ? FOREVER_SEC : Number.isFinite(loop) && loop > 0 ? loop : 1;
    let seconds: number;
    if (node.verb === 'Pause') {
      seconds = Number(node.attributes.length ?? 1);
      leg.behaviour.hear('silence');
    } else {
      const once =
        node.verb === 'Say'
          ? Math.max(1, node.text.split(/\s+/).filter(Boolean).length / timing.sayWordsPerSec)
          : node.attributes.digits
            ? node.attributes.digits.length * 0.5
            : timing.playSec;
      seconds = Math.min(once * times, FOREVER_SEC);
      leg.behaviour.hear('prompt');
    }
    await this.scheduler.sleep(seconds * 1000, leg.signal);
  }

  private async gather(leg: LegContext, node: TwimlNode): Promise<RunOutcome | null> {
    const action = this.resolve(leg, node.attributes.action) ?? leg.documentUrl;
    const timeoutSec = Number(node.attributes.timeout ?? 5);
    const numDigits = node.attributes.numDigits ? Number(node.attributes.numDigits) : Infinity;
    const finishOnKey = node.attributes.finishOnKey ?? '#';
    const input = leg.behaviour.gatherInput();

    for (const child of node.children.filter((item) => PROMPT_VERBS.has(item.verb))) {
      this.logVerb(leg, child);
      await this.prompt(leg, child);
    }

    let digits = '';
    let finishedOnKey = '';
    if (input && input.afterSec <= timeoutSec) {
      leg.behaviour.hear('prompt'); // the callee is busy pressing keys
      await this.scheduler.sleep(input.afterSec * 1000, leg.signal);
      const keyAt = finishOnKey ? input.digits.indexOf(finishOnKey) : -1;
      digits = keyAt >= 0 ? input.digits.slice(0, keyAt) : input.digits.slice(0, numDigits);
      finishedOnKey = keyAt >= 0 ? finishOnKey : '';
      leg.call.log({ type: 'callee', action: 'pressed-digits', detail: input.digits });
    } else {
      leg.behaviour.hear('silence');
      await this.scheduler.sleep(timeoutSec * 1000, leg.signal);
    }

    if (!action) return null;
    if (digits === '' && node.attributes.actionOnEmptyResult !== 'true') return null;
    return this.navigate(action, node.attributes.method, { Digits: digits, FinishedOnKey: finishedOnKey });
  }

  private async record(leg: LegContext, node: TwimlNode): Promise<RunOutcome | null> {
    const action = this.resolve(leg, node.attributes.action) ?? leg.documentUrl;
    const maxLengthSec = Number(node.attributes.maxLength ?? 3600);
    const silenceSec = Number(node.attributes.timeout ?? 5);
    if (node.attributes.playBeep !== 'false') {
      leg.behaviour.hear('prompt');
      await this.scheduler.sleep(500, leg.signal);
    }
    const speechSec = Math.min(leg.behaviour.recordSpeechSec(), maxLengthSec);
    leg.behaviour.hear('prompt');
    await this.scheduler.sleep(speechSec * 1000, leg.signal);
    leg.behaviour.hear('silence');
    await this.scheduler.sleep(Math.min(silenceSec, maxLengthSec - speechSec) * 1000, leg.signal);

    if (!action) return null;
    const sid = newSid('RE');
    return this.navigate(action, node.attributes.method, {
      RecordingSid: sid,
      RecordingUrl: this.recordingUrl(sid),
      RecordingDuration: String(Math.round(speechSec)),
      Digits: '',
    });
  }

  private redirect(leg: LegContext, node: TwimlNode): RunOutcome {
    const target = this.resolve(leg, node.text);
    if (!target) return { kind: 'error', code: 11100, message: `<Redirect> to an invalid URL: "${node.text}"` };
    return this.navigate(target, node.attributes.method, {});
  }

  private async dial(leg: LegContext, node: TwimlNode): Promise<RunOutcome | null> {
    const conference = node.children.find((child) => child.verb === 'Conference');
    if (!conference) {
      leg.call.log({ type: 'error', code: 13223, message: '<Dial> without <Conference> is not emulated; skipped' });
      return null;
    }
    this.logVerb(leg, conference);
    const timeLimitSec = Number(node.attributes.timeLimit ?? 14400);
    await this.conference(leg, conference, timeLimitSec);

    const action = this.resolve(leg, node.attributes.action);
    return action ? this.navigate(action, node.attributes.method, { DialCallStatus: 'completed' }) : null;
  }

  /** Sits in the room until removed (conference ended, kicked), the time limit, or the leg is interrupted. */
  private async conference(leg: LegContext, node: TwimlNode, timeLimitSec: number): Promise<void> {
    const { call, behaviour } = leg;
    const attributes = node.attributes;
    const statusCallbackUrl = this.resolve(leg, attributes.statusCallback);
    const statusCallback: ConferenceCallback | null = statusCallbackUrl
      ? {
          url: statusCallbackUrl,
          method: httpMethod(attributes.statusCallbackMethod),
          events: new Set((attributes.statusCallbackEvent ?? 'start end').split(/[\s,]+/).filter(Boolean)),
        }
      : null;
    const room = this.rooms.open(node.text);
    // `coach="CA…"`: a whisper heard by that call alone. A call not in the room coaches nobody, and the leg
    // joins muted then: a whisper must never turn into a voice everyone hears.
    const coachable = attributes.coach && room.participants.get(attributes.coach)?.status === 'connected' ? attributes.coach : null;
    const participant = this.rooms.join(room, call.sid, {
      startConferenceOnEnter: attributes.startConferenceOnEnter !== 'false',
      endConferenceOnExit: attributes.endConferenceOnExit === 'true',
      muted: attributes.muted === 'true' || (attributes.coach !== undefined && !coachable),
      label: attributes.participantLabel ?? null,
      statusCallback,
      callSidToCoach: coachable,
    });
    call.conference = { sid: room.sid, room: room.friendlyName };
    call.log({ type: 'conference', action: 'join', room: room.friendlyName, conferenceSid: room.sid });

    const hearRoom = () => {
      if (participant.status !== 'connected') return;
      const company = room.connected().some((other) => other.callSid !== call.sid);
      behaviour.hear(company ? 'talk' : 'alone');
    };
    const stopListening = this.rooms.onChange((changed) => changed === room && hearRoom());
    hearRoom();
    // Ends the time-limit timer once the leg is out of the room some other way.
    const timeLimit = new AbortController();
    const timeLimitReached = this.scheduler
      .sleep(timeLimitSec * 1000, AbortSignal.any([leg.signal, timeLimit.signal]))
      .catch((error: unknown) => {
        if (!timeLimit.signal.aborted) throw error;
      });
    try {
      await Promise.race([participant.removed, timeLimitReached]);
    } finally {
      timeLimit.abort();
      stopListening();
      this.rooms.leave(room, call.sid, 'left');
      call.conference = null;
      call.log({ type: 'conference', action: 'leave', room: room.friendlyName, conferenceSid: room.sid });
    }
  }

  private navigate(url: string, method: string | undefined, params: Record<string, string>): RunOutcome {
    return { kind: 'navigate', source: { url, method: httpMethod(method), params } };
  }

  /** Relative URLs resolve against the document's URL, as on Twilio. */
  private resolve(leg: LegContext, reference: string | undefined): string | null {
    if (!reference) return null;
    try {
      return new URL(reference, leg.documentUrl ?? undefined).toString();
    } catch {
      leg.call.log({ type: 'error', code: 11100, message: `Invalid URL "${reference}" (no document URL to resolve it against)` });
      return null;
    }
  }

  private logVerb(leg: LegContext, node: TwimlNode): void {
    leg.call.log({ type: 'twiml', verb: node.verb, attributes: node.attributes, ...(node.text ? { text: node.text } : {}) });
  }
}

function httpMethod(method: string | undefined): HttpMethod {
  return method?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}
