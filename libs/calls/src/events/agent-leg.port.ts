/**
 * Who hears that an agent's own audio leg left their conference room (the
 * browser closed, the Voice SDK dropped, the emulated leg hung up). The dialer
 * runtime stops counting on that agent: a callee put through now would hear
 * silence. Bind it with `CallsModule.forRoot({ agentLegListener })`.
 */
export const AGENT_LEG_LISTENER = Symbol('AGENT_LEG_LISTENER');

export interface AgentLegListener {
  /** Heard once per leave event (duplicates of a webhook are not passed on). */
  onAgentLegLeft(agentId: string): Promise<void>;
  /** A supervisor's monitor leg (label `monitor`) left the agent's room: its monitoring ends, audited. */
  onMonitorLegLeft?(agentId: string, legCallSid: string): Promise<void>;
}

/**
 * The conference participant label of an agent's own leg; conferenceJoinTwiml
 * labels each participant with its role.
 */
export const AGENT_LEG_LABEL = 'agent';

/** The query name of the agent's id in an agent room's conference callback URL. */
export const AGENT_ROOM_QUERY = 'agent';
