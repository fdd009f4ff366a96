/**
 * An agent's states on the floor. `reserved`: picked for a call (or a preview
 * lead) but not yet talking; `wrap_up`: after-call work (ACW) before the next call.
 */
export const AGENT_STATES = ['offline', 'paused', 'ready', 'reserved', 'on_call', 'wrap_up'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** States in which the agent holds a call (or is promised one) and may not leave. */
export const BUSY_STATES: readonly AgentState[] = ['reserved', 'on_call', 'wrap_up'];

/** What the floor knows about one agent right now. */
export interface AgentPresence {
  agentId: string;
  name: string;
  campaignId: string | null;
  state: AgentState;
  /** When the current state began (epoch ms). */
  sinceMs: number;
  attemptId: string | null;
  leadId: string | null;
  pauseReason: string | null;
  /** A pause asked for during a call; it takes effect when the wrap-up ends. */
  pauseAfterCall: string | null;
  /** Bumped on every change: a timer armed for one state checks it is still that state. */
  epoch: number;
}

/** Published for every change, on the campaign's agent event stream and to the agent's screen. */
export interface AgentStateEvent {
  agentId: string;
  campaignId: string;
  from: AgentState;
  to: AgentState;
  attemptId: string | null;
  reason: string | null;
  atMs: number;
}
