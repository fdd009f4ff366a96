import { EntityManager } from '@mikro-orm/postgresql';
import { PacingEvent } from '@dialer/pacing';
import { InFlightCalls } from './in-flight-calls';

interface AttemptRow {
  id: string;
  state: string;
  agent_id: string | null;
  created_at: string;
  answered_at: string | null;
  answered_by: string | null;
  connected_at: string | null;
  ended_at: string | null;
  abandoned: boolean;
}

const LOOKBACK_HOURS = 6;
const LIVE = new Set(['queued', 'initiated', 'ringing', 'in_progress']);
const ms = (value: string) => new Date(value).getTime();

/**
 * The campaign's recent past as pacing events, so a new leader (a restart,
 * a failover) starts from learned talk times and answer rates rather than
 * from scratch; and the calls still live, which it must count as in flight.
 */
export async function loadPacingHistory(
  em: EntityManager,
  campaignId: string,
  nowMs: number,
  agentless: boolean,
): Promise<{ history: PacingEvent[]; inFlight: InFlightCalls }> {
  const since = new Date(nowMs - LOOKBACK_HOURS * 3600_000);
  const attempts = await em.execute<AttemptRow[]>(
    `select id, state, agent_id, created_at, answered_at, answered_by, connected_at, ended_at, abandoned
       from call_attempts where campaign_id = ? and created_at >= ? order by created_at limit 20000`,
    [campaignId, since],
  );
  const wraps = await em.execute<{ agent_id: string; ended_at: string }[]>(
    `select agent_id, ended_at from agent_state_log where campaign_id = ? and state = 'wrap_up' and ended_at >= ?`,
    [campaignId, since],
  );
  const events: PacingEvent[] = [];
  const inFlight = new InFlightCalls();
  for (const a of attempts) {
    const callId = a.id;
    events.push({ type: 'placed', callId, atMs: ms(a.created_at) });
    const machine = a.answered_by !== null && /^(machine|fax)/.test(a.answered_by);
    if (a.answered_at) events.push({ type: 'answered', callId, atMs: ms(a.answered_at), by: machine ? 'machine' : 'human' });
    if (a.connected_at && a.agent_id) events.push({ type: 'connected', callId, agentId: a.agent_id, atMs: ms(a.connected_at) });
    if (a.abandoned) events.push({ type: 'abandoned', callId, atMs: ms(a.answered_at ?? a.ended_at ?? a.created_at) + 2000 });
    if (a.ended_at && a.connected_at && a.agent_id) events.push({ type: 'talk_ended', callId, agentId: a.agent_id, atMs: ms(a.ended_at) });
    if (a.ended_at && !a.answered_at && !LIVE.has(a.state)) {
      const reason = a.state === 'busy' ? 'busy' : a.state === 'no_answer' ? 'no_answer' : 'failed';
      events.push({ type: 'unanswered', callId, reason, atMs: ms(a.ended_at) });
    }
    if (LIVE.has(a.state) && !a.connected_at && !a.abandoned) {
      inFlight.placed(callId, ms(a.created_at));
      if (a.answered_at && (agentless || !machine)) inFlight.answered(callId, ms(a.answered_at));
    }
    if (LIVE.has(a.state) && a.connected_at && a.agent_id) inFlight.connected(callId, a.agent_id);
  }
  for (const w of wraps) events.push({ type: 'wrap_ended', agentId: w.agent_id, atMs: ms(w.ended_at) });
  events.sort((x, y) => x.atMs - y.atMs);
  return { history: events.filter((e) => e.atMs <= nowMs), inFlight };
}
