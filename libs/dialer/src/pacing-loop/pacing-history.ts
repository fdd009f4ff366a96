import { EntityManager } from '@mikro-orm/postgresql';
import { AbandonCount, PacingEvent } from '@dialer/pacing';
import { abandonedSql, isLiveAttemptState, isMachineVerdict, machineVerdictSql } from '../attempts/attempt-classes';
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

interface CountRow {
  bucket: string;
  before_history: boolean;
  live_answers: string;
  abandons: string;
  machines: string;
}

/** Hours of calls replayed as events (older ones may seed priors, pacing-priors.queries.ts). */
export const LOOKBACK_HOURS = 6;
const MAX_EVENT_ROWS = 20_000;
/** The abandon guard keeps its window in 720 bins: aggregates finer than a bin buy nothing. */
const WINDOW_BINS = 720;
const ms = (value: string) => new Date(value).getTime();

export interface PacingHistory {
  /** The last hours as pacing events (newest 20,000 calls at most), to warm up what the pacer learns. */
  history: PacingEvent[];
  /** Live answers and abandons of the regulatory window older than `history`, for the pacer's abandon guard. */
  abandonCounts: AbandonCount[];
  /** Totals over the whole regulatory window (for the AMD false-positive estimate). */
  window: { liveAnswers: number; abandons: number; machines: number };
  /** The calls still live, which the new leader must count as in flight. */
  inFlight: InFlightCalls;
}

/**
 * The campaign's past as a new leader (a restart, a failover) needs it: recent
 * calls as pacing events, so it starts from learned talk times and answer
 * rates rather than from scratch; the whole regulatory abandon window (30 days,
 * 24 h in the UK) as aggregate counts in one query, so the abandon guard still
 * knows of a bad day the recent events do not cover; and the calls still live.
 */
export async function loadPacingHistory(
  em: EntityManager,
  campaignId: string,
  nowMs: number,
  agentless: boolean,
  abandonWindowMs: number,
): Promise<PacingHistory> {
  const since = new Date(nowMs - LOOKBACK_HOURS * 3600_000);
  // The newest calls, should the last hours hold more than the cap.
  const attempts = (
    await em.execute<AttemptRow[]>(
      `select id, state, agent_id, created_at, answered_at, answered_by, connected_at, ended_at, abandoned
         from call_attempts where campaign_id = ? and created_at >= ? order by created_at desc limit ?`,
      [campaignId, since, MAX_EVENT_ROWS],
    )
  ).reverse();
  // Attempts from here on are replayed as events; older ones of the window are counted.
  const historyFrom = attempts.length === MAX_EVENT_ROWS ? new Date(attempts[0].created_at) : since;
  const bucketSec = Math.max(60, Math.round(abandonWindowMs / WINDOW_BINS / 1000));
  const counts = await em.execute<CountRow[]>(
    `select to_timestamp(floor(extract(epoch from answered_at) / ?) * ?) as bucket, created_at < ? as before_history,
            count(*) filter (where not ${machineVerdictSql()}) as live_answers,
            count(*) filter (where ${abandonedSql()}) as abandons,
            count(*) filter (where ${machineVerdictSql()}) as machines
       from call_attempts
      where campaign_id = ? and answered_at is not null and answered_at >= ? and created_at >= ?
      group by 1, 2`,
    [bucketSec, bucketSec, historyFrom, campaignId, new Date(nowMs - abandonWindowMs), new Date(nowMs - abandonWindowMs - 3600_000)],
  );
  const wraps = await em.execute<{ agent_id: string; ended_at: string }[]>(
    `select agent_id, ended_at from agent_state_log where campaign_id = ? and state = 'wrap_up' and ended_at >= ?`,
    [campaignId, historyFrom],
  );

  const events: PacingEvent[] = [];
  const inFlight = new InFlightCalls();
  for (const a of attempts) {
    const callId = a.id;
    const live = isLiveAttemptState(a.state);
    events.push({ type: 'placed', callId, atMs: ms(a.created_at) });
    const machine = isMachineVerdict(a.answered_by);
    if (a.answered_at) events.push({ type: 'answered', callId, atMs: ms(a.answered_at), by: machine ? 'machine' : 'human' });
    if (a.connected_at && a.agent_id) events.push({ type: 'connected', callId, agentId: a.agent_id, atMs: ms(a.connected_at) });
    if (a.abandoned && !machine) events.push({ type: 'abandoned', callId, atMs: ms(a.answered_at ?? a.ended_at ?? a.created_at) + 2000 });
    if (a.ended_at && a.connected_at && a.agent_id) events.push({ type: 'talk_ended', callId, agentId: a.agent_id, atMs: ms(a.ended_at) });
    if (a.ended_at && !a.answered_at && !live) {
      const reason = a.state === 'busy' ? 'busy' : a.state === 'no_answer' ? 'no_answer' : 'failed';
      events.push({ type: 'unanswered', callId, reason, atMs: ms(a.ended_at) });
    }
    if (live && !a.connected_at && !a.abandoned) {
      inFlight.placed(callId, ms(a.created_at));
      if (a.answered_at && (agentless || !machine)) inFlight.answered(callId, ms(a.answered_at));
    }
    if (live && a.connected_at && a.agent_id) inFlight.connected(callId, a.agent_id);
  }
  for (const w of wraps) events.push({ type: 'wrap_ended', agentId: w.agent_id, atMs: ms(w.ended_at) });
  events.sort((x, y) => x.atMs - y.atMs);

  const window = { liveAnswers: 0, abandons: 0, machines: 0 };
  const abandonCounts: AbandonCount[] = [];
  for (const row of counts) {
    const liveAnswers = Number(row.live_answers);
    const abandons = Number(row.abandons);
    window.liveAnswers += liveAnswers;
    window.abandons += abandons;
    window.machines += Number(row.machines);
    if (row.before_history && liveAnswers + abandons > 0) abandonCounts.push({ atMs: ms(row.bucket), liveAnswers, abandons });
  }
  abandonCounts.sort((x, y) => x.atMs - y.atMs);
  return { history: events.filter((e) => e.atMs <= nowMs), abandonCounts, window, inFlight };
}
