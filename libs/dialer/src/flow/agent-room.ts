/** Each agent waits in a conference room of their own; a callee is bridged by joining it. */
export const agentRoom = (agentId: string): string => `agent-${agentId}`;

/** The agent a room belongs to, or null for another room. */
export function agentOfRoom(room: string | null): string | null {
  return room?.startsWith('agent-') ? room.slice('agent-'.length) : null;
}
