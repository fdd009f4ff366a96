/**
 * How a supervisor is in an agent's call: `listen` hears agent and callee and
 * is heard by nobody; `whisper` is heard by the agent alone (Twilio's
 * conference coaching); `barge` joins the conversation, heard by both.
 */
export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];

/** The conference label of a supervisor's monitor leg (the agent's own leg is `agent`, a callee's `callee`). */
export const MONITOR_LEG_LABEL = 'monitor';

/** A monitor leg's participant attributes in Twilio's terms: muted, and the call it coaches (null: none). */
export interface MonitorAttributes {
  muted: boolean;
  callSidToCoach: string | null;
}

/** What each mode means to Twilio's conference: listen is muted, whisper coaches the agent's leg, barge is neither. */
export function monitorAttributes(mode: MonitorMode, agentCallSid: string): MonitorAttributes {
  switch (mode) {
    case 'listen':
      return { muted: true, callSidToCoach: null };
    case 'whisper':
      return { muted: false, callSidToCoach: agentCallSid };
    case 'barge':
      return { muted: false, callSidToCoach: null };
  }
}
