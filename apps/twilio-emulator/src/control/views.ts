import { EmulatedCall } from '../calls/emulated-call';
import { heardBy } from '../conferences/audibility';
import { Conference } from '../conferences/conference';

/** A call with its whole story: every status change, webhook attempt, TwiML verb and callee action. */
export function callView(call: EmulatedCall, durationSec: number) {
  return {
    sid: call.sid,
    direction: call.direction,
    from: call.from,
    to: call.to,
    status: call.status,
    /** What the scenario made of the number (outbound calls only). */
    outcome: call.plan?.outcome ?? null,
    answeredBy: call.answeredBy,
    endedBy: call.endedBy,
    queueTimeMs: call.queueTimeMs,
    durationSec,
    dateCreated: call.dateCreated.toISOString(),
    startTime: call.startTime?.toISOString() ?? null,
    endTime: call.endTime?.toISOString() ?? null,
    conference: call.conference,
    events: call.events,
  };
}

export function conferenceView(conference: Conference) {
  const heard = heardBy(
    [...conference.participants.values()].map((p) => ({
      callSid: p.callSid,
      connected: p.status === 'connected',
      muted: p.muted,
      hold: p.hold,
      callSidToCoach: p.callSidToCoach,
    })),
  );
  return {
    sid: conference.sid,
    friendlyName: conference.friendlyName,
    status: conference.status,
    reasonEnded: conference.reasonEnded,
    participants: [...conference.participants.values()].map((p) => ({
      callSid: p.callSid,
      label: p.label,
      status: p.status,
      muted: p.muted,
      hold: p.hold,
      coaching: p.coaching,
      callSidToCoach: p.callSidToCoach,
      /** The calls in the room that hear this participant now (mute, hold and coaching applied). */
      heardBy: heard.get(p.callSid) ?? [],
      startConferenceOnEnter: p.options.startConferenceOnEnter,
      endConferenceOnExit: p.options.endConferenceOnExit,
    })),
    callbacks: conference.callbacks,
  };
}
