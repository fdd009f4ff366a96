/** One agent's move as the state log records it. */
export interface StateLogEntry {
  agentId: string;
  campaignId: string | null;
  /** The state entered; `offline` opens no period. */
  state: string;
  reason: string | null;
  attemptId: string | null;
  at: Date;
}

/**
 * Closes the agent's open period and opens the next, in one statement: a
 * data-modifying CTE, so one round trip, and the rollup triggers on
 * agent_state_log see an UPDATE and an INSERT as they would from two.
 */
export const LOG_STATE_CHANGE_SQL = `
  with closed as (update agent_state_log set ended_at = ? where agent_id = ? and ended_at is null)
  insert into agent_state_log (agent_id, campaign_id, state, reason, attempt_id, started_at)
  select ?, ?, ?, ?, ?, ? where ?`;

export function logStateChangeParams(entry: StateLogEntry): unknown[] {
  return [entry.at, entry.agentId, entry.agentId, entry.campaignId, entry.state, entry.reason, entry.attemptId, entry.at, entry.state !== 'offline'];
}
