/** What decides who hears whom in a conference room. */
export interface AudibleParticipant {
  callSid: string;
  /** Only connected participants hear or are heard. */
  connected: boolean;
  muted: boolean;
  /** On hold: hears the hold music, is heard by nobody. */
  hold: boolean;
  /** Coaching (whisper): heard by this call alone. */
  callSidToCoach: string | null;
}

/** Whether `listener` hears `speaker`, as Twilio mixes a conference: mute, hold and coaching decide. */
export function hears(listener: AudibleParticipant, speaker: AudibleParticipant): boolean {
  if (listener.callSid === speaker.callSid) return false;
  if (!listener.connected || !speaker.connected || listener.hold || speaker.hold || speaker.muted) return false;
  return speaker.callSidToCoach === null || speaker.callSidToCoach === listener.callSid;
}

/** For each participant, the calls that hear it (a supervisor listening in: nobody; whispering: the agent alone). */
export function heardBy(participants: readonly AudibleParticipant[]): Map<string, string[]> {
  return new Map(participants.map((speaker) => [speaker.callSid, participants.filter((listener) => hears(listener, speaker)).map((l) => l.callSid)]));
}
