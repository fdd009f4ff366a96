/**
 * A state period of agent_state_log (alias `s`) as agent_state_log_period_idx
 * indexes it: [started_at, ended_at), open-ended while open, empty when it
 * ends before it starts (two processes' clocks). `${statePeriodSql('s')} &&
 * tstzrange(?, ?)` finds the periods overlapping a window through that index,
 * in time proportional to them rather than to the campaign's history.
 */
export const statePeriodSql = (s: string) => `tstzrange(${s}.started_at, case when ${s}.ended_at is null then null else greatest(${s}.started_at, ${s}.ended_at) end)`;
