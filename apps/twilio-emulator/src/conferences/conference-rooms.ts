import { newSid, rfc2822 } from '../common/twilio-format';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { Conference, ConferenceEndReason, LeaveReason, Participant, ParticipantOptions, ParticipantStatus } from './conference';

type RoomListener = (conference: Conference, participant: Participant) => void;

/**
 * Conference rooms by friendly name, as `<Dial><Conference>` creates them:
 * a room starts when a participant with startConferenceOnEnter is in it,
 * ends when the last one leaves or one with endConferenceOnExit does, and a
 * later join with the same name opens a new conference.
 */
export class ConferenceRooms {
  private readonly conferences = new Map<string, Conference>();
  private readonly live = new Map<string, Conference>();
  private readonly joinListeners = new Set<RoomListener>();
  private readonly changeListeners = new Set<(conference: Conference) => void>();

  constructor(
    private readonly accountSid: string,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  get(sid: string): Conference | undefined {
    return this.conferences.get(sid);
  }

  /** The conference now open under this name, if any. */
  liveByName(friendlyName: string): Conference | undefined {
    return this.live.get(friendlyName);
  }

  list(): Conference[] {
    return [...this.conferences.values()];
  }

  /** The open conference with this name, or a new one. */
  open(friendlyName: string): Conference {
    const existing = this.live.get(friendlyName);
    if (existing) return existing;
    const conference = new Conference(newSid('CF'), friendlyName);
    this.conferences.set(conference.sid, conference);
    this.live.set(friendlyName, conference);
    return conference;
  }

  /** Someone joins another participant in a room (simulated agents listen for this). */
  onJoin(listener: RoomListener): () => void {
    this.joinListeners.add(listener);
    return () => this.joinListeners.delete(listener);
  }

  /** Anyone joins or leaves: what the people in the room hear may have changed. */
  onChange(listener: (conference: Conference) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** A participant added through the REST API, still being dialed. */
  expect(conference: Conference, callSid: string, options: ParticipantOptions): Participant {
    const participant = new Participant(callSid, options);
    conference.participants.set(callSid, participant);
    this.adoptCallback(conference, options);
    return participant;
  }

  /** Progress of a dialed participant before it joins. */
  setDialStatus(conference: Conference, callSid: string, status: ParticipantStatus): void {
    const participant = conference.participants.get(callSid);
    if (!participant || participant.status === 'connected' || participant.status === 'complete') return;
    participant.status = status;
    participant.dateUpdated = new Date();
    if (status === 'failed') this.endIfEmpty(conference, 'last-participant-left', null);
  }

  /** A leg executing `<Conference>` enters the room. */
  join(conference: Conference, callSid: string, options: ParticipantOptions): Participant {
    // A participant dialed through the REST API was expected; anyone else (or a rejoin) is new.
    const expected = conference.participants.get(callSid);
    const participant = expected && ['queued', 'connecting', 'ringing'].includes(expected.status) ? expected : new Participant(callSid, options);
    conference.participants.set(callSid, participant);
    participant.status = 'connected';
    participant.dateUpdated = new Date();
    this.adoptCallback(conference, options);
    this.notify(conference, 'join', 'participant-join', participant);
    if (conference.status === 'init' && options.startConferenceOnEnter) {
      conference.status = 'in-progress';
      conference.dateUpdated = new Date();
      this.notify(conference, 'start', 'conference-start');
    }
    if (conference.connected().length > 1) for (const listener of this.joinListeners) listener(conference, participant);
    this.changed(conference);
    return participant;
  }

  /** A participant leaves: hung up, kicked through the API, or its TwiML moved on. */
  leave(conference: Conference, callSid: string, reason: Exclude<LeaveReason, 'conference-ended'>): void {
    const participant = conference.participants.get(callSid);
    if (!participant || participant.status === 'complete') return;
    const wasConnected = participant.status === 'connected';
    participant.markRemoved(reason);
    if (!wasConnected) return;
    this.notify(conference, 'leave', 'participant-leave', participant);
    if (participant.options.endConferenceOnExit) {
      this.end(conference, reason === 'kicked' ? 'participant-with-end-conference-on-exit-kicked' : 'participant-with-end-conference-on-exit-left', callSid);
    } else {
      this.endIfEmpty(conference, reason === 'kicked' ? 'last-participant-kicked' : 'last-participant-left', callSid);
    }
    this.changed(conference);
  }

  /** Ends the conference; everyone still in it is removed and their TwiML continues after `<Dial>`. */
  end(conference: Conference, reason: ConferenceEndReason, endingCallSid: string | null): void {
    if (conference.status === 'completed') return;
    conference.status = 'completed';
    conference.reasonEnded = reason;
    conference.callSidEndingConference = endingCallSid;
    conference.dateUpdated = new Date();
    if (this.live.get(conference.friendlyName) === conference) this.live.delete(conference.friendlyName);
    for (const participant of conference.participants.values()) {
      if (participant.status !== 'connected') continue;
      participant.markRemoved('conference-ended');
      this.notify(conference, 'leave', 'participant-leave', participant);
    }
    this.notify(conference, 'end', 'conference-end');
    this.changed(conference);
  }

  /** Mute, hold or coach a participant (the REST participant update); `callSidToCoach: null` stops coaching. */
  update(conference: Conference, participant: Participant, change: { muted?: boolean; hold?: boolean; callSidToCoach?: string | null }): void {
    if (change.callSidToCoach !== undefined && change.callSidToCoach !== participant.callSidToCoach) {
      participant.callSidToCoach = change.callSidToCoach;
      this.notify(conference, 'modify', 'participant-modify', participant);
    }
    if (change.muted !== undefined && change.muted !== participant.muted) {
      participant.muted = change.muted;
      this.notify(conference, 'mute', change.muted ? 'participant-mute' : 'participant-unmute', participant);
    }
    if (change.hold !== undefined && change.hold !== participant.hold) {
      participant.hold = change.hold;
      this.notify(conference, 'hold', change.hold ? 'participant-hold' : 'participant-unhold', participant);
    }
    participant.dateUpdated = new Date();
    this.changed(conference);
  }

  reset(): void {
    this.conferences.clear();
    this.live.clear();
  }

  private endIfEmpty(conference: Conference, reason: ConferenceEndReason, callSid: string | null): void {
    const waiting = [...conference.participants.values()].some((p) => p.status !== 'complete' && p.status !== 'failed');
    if (!waiting) this.end(conference, reason, callSid);
  }

  /** The first participant that asks for conference events sets where they go, as on Twilio. */
  private adoptCallback(conference: Conference, options: ParticipantOptions): void {
    if (!conference.callback && options.statusCallback) conference.callback = options.statusCallback;
  }

  private changed(conference: Conference): void {
    for (const listener of this.changeListeners) listener(conference);
  }

  private notify(conference: Conference, event: string, name: string, participant?: Participant): void {
    const callback = conference.callback;
    if (!callback || !callback.events.has(event)) return;
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ConferenceSid: conference.sid,
      FriendlyName: conference.friendlyName,
      StatusCallbackEvent: name,
      SequenceNumber: String(conference.nextSequenceNumber++),
      Timestamp: rfc2822(new Date()),
    };
    if (participant) {
      Object.assign(params, {
        CallSid: participant.callSid,
        Muted: String(participant.muted),
        Hold: String(participant.hold),
        Coaching: String(participant.coaching),
        ...(participant.callSidToCoach ? { CallSidToCoach: participant.callSidToCoach } : {}),
        EndConferenceOnExit: String(participant.options.endConferenceOnExit),
        StartConferenceOnEnter: String(participant.options.startConferenceOnEnter),
        ...(participant.label ? { ParticipantLabel: participant.label } : {}),
      });
    }
    if (name === 'conference-end') {
      params.ReasonConferenceEnded = conference.reasonEnded ?? 'last-participant-left';
      if (conference.callSidEndingConference) params.CallSidEndingConference = conference.callSidEndingConference;
    }
    this.dispatcher.notify(
      { kind: 'conference-callback', url: callback.url, method: callback.method, params },
      (delivery) => conference.callbacks.push(delivery),
      conference.sid,
    );
  }
}
