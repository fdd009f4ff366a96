import { EntityManager } from '@mikro-orm/postgresql';
import { PriorSamples } from '@dialer/pacing';
import { endedStateSql, machineVerdictSql } from '../attempts/attempt-classes';

/** How far back, and how many calls, priors read: recent enough to be the same list, bounded whatever the history. */
const PRIOR_LOOKBACK_DAYS = 14;
const MAX_PRIOR_CALLS = 2_000;

/**
 * Samples for a predictive pacer's priors (selectPacingPriors), read-only:
 * the campaign's own ended calls from before `beforeMs` (the calls after it
 * are replayed as events, so they must not count twice), and the calls of
 * its active lists' leads in other campaigns. Outcome times run from the dial
 * to the answer, or to the end of a call nobody answered; talk from the
 * connect to the end; wrap-ups from the agents' state log.
 */
export async function loadPriorSamples(
  em: EntityManager,
  campaignId: string,
  nowMs: number,
  beforeMs: number,
): Promise<{ campaign: PriorSamples; lists: PriorSamples }> {
  const since = new Date(nowMs - PRIOR_LOOKBACK_DAYS * 86_400_000);
  const attemptsSql = (where: string) => `
    select extract(epoch from coalesce(a.answered_at, a.ended_at) - a.created_at)::float8 as after_sec,
           (a.answered_at is not null and not ${machineVerdictSql('a')}) as human,
           extract(epoch from a.ended_at - a.connected_at)::float8 as talk_sec
      from call_attempts a
     where ${where} and a.created_at >= ? and ${endedStateSql('a')} and a.provider_call_sid is not null
     order by a.created_at desc limit ${MAX_PRIOR_CALLS}`;
  const wrapsSql = (where: string) => `
    select extract(epoch from s.ended_at - s.started_at)::float8 as wrap_sec
      from agent_state_log s
     where ${where} and s.state = 'wrap_up' and s.ended_at is not null and s.started_at >= ?
     order by s.started_at desc limit ${MAX_PRIOR_CALLS}`;
  const otherCampaigns = `a.campaign_id <> ? and a.lead_id in (select l.id from leads l join campaign_lists cl on cl.list_id = l.list_id where cl.campaign_id = ? and cl.active)`;
  const [own, ownWraps, lists, listWraps] = await Promise.all([
    em.execute<AttemptRow[]>(attemptsSql(`a.campaign_id = ? and a.created_at < ?`), [campaignId, new Date(beforeMs), since]),
    em.execute<WrapRow[]>(wrapsSql(`s.campaign_id = ? and s.started_at < ?`), [campaignId, new Date(beforeMs), since]),
    em.execute<AttemptRow[]>(attemptsSql(otherCampaigns), [campaignId, campaignId, since]),
    em.execute<WrapRow[]>(
      wrapsSql(`s.campaign_id <> ? and s.campaign_id in (select a.campaign_id from call_attempts a where ${otherCampaigns} and a.created_at >= ?)`),
      [campaignId, campaignId, campaignId, since, since],
    ),
  ]);
  return { campaign: samplesOf(own, ownWraps), lists: samplesOf(lists, listWraps) };
}

interface AttemptRow {
  after_sec: number | null;
  human: boolean | null;
  talk_sec: number | null;
}

interface WrapRow {
  wrap_sec: number | null;
}

function samplesOf(attempts: AttemptRow[], wraps: WrapRow[]): PriorSamples {
  const seconds = (value: number | null): value is number => value !== null && Number.isFinite(value) && value >= 0;
  return {
    outcomes: attempts.filter((a) => seconds(a.after_sec)).map((a) => ({ afterSec: a.after_sec as number, human: a.human === true })),
    talkSec: attempts.map((a) => a.talk_sec).filter(seconds),
    wrapSec: wraps.map((w) => w.wrap_sec).filter(seconds),
  };
}
