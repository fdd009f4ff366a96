import type { DeskAgentState, DeskPresence } from '@dialer/desk-events';

/**
 * An agent's states on the floor. `reserved`: picked for a call (or a preview
 * lead) but not yet talking; `wrap_up`: after-call work (ACW) before the next call.
 */
export const AGENT_STATES = ['offline', 'paused', 'ready', 'reserved', 'on_call', 'wrap_up'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** States in which the agent holds a call (or is promised one) and may not leave. */
export const BUSY_STATES: readonly AgentState[] = ['reserved', 'on_call', 'wrap_up'];

/** What the floor knows about one agent right now: the desk protocol's `state` message. */
export type AgentPresence = DeskPresence;

/** The protocol's state names are exactly these: a change to either one fails to compile. */
export const SAME_STATES: [AgentState, DeskAgentState] extends [DeskAgentState, AgentState] ? true : never = true;

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
