import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CampaignsService } from '@dialer/campaigns';
import { CLOCK, Clock, ValidationFailedError } from '@dialer/core';
import { KPI_ROLLUP_MEASURES } from '@dialer/db';
import { bucketCeil, bucketFloor, planByDay, planByHour, RangePlan } from '@dialer/reporting';
import { abandonedSql, connectSql, contactCodeSql, contactSql, countsAsCallSql, liveAnswerSql, successSql } from '../attempts/attempt-classes';
import { estimatedAmdFalsePositives } from './campaign-stats.service';
import { KpiGrouping } from './kpi-groupings';
import { checkReportTimeZone } from './report-time-zone';
import { agentTimeRunRead, attemptPartKey, attemptRunRead, KPI_COLUMNS, keyText, periodPartKey } from './kpi-rollup-reads';
import { statePeriodSql } from './state-period-sql';

/** One row of the KPI report: the counts, and the ratios computed from them (null when there is nothing to divide). */
export interface KpiRow {
  /** The day or hour (ISO, its start in the asked time zone), the agent's id or the list's id. */
  key: string;
  /** The agent's or the list's name; the day or hour as local text. */
  label: string;
  dials: number;
  liveAnswers: number;
  /**
   * Live answers the agent recorded a contact outcome for (a success is one
   * too: a sale is a conversation), and successes, a success outcome: a code
   * on a call AMD found to be a machine (freed from the agent, given the
   * machine's message) is no conversation, so contacts never exceed live
   * answers nor successes contacts.
   */
  contacts: number;
  successes: number;
  connects: number;
  abandons: number;
  answerRate: number | null;
  contactRate: number | null;
  conversionRate: number | null;
  abandonRate: number | null;
  averageSpeedToConnectSec: number | null;
  talkSec: number;
  wrapSec: number;
  averageHandleTimeSec: number | null;
  /** Logged-in agent time (every state but offline); null for a list (agents are not per list). */
  loggedInSec: number | null;
  occupancy: number | null;
  talkMinutesPerAgentHour: number | null;
}

export interface KpiReport {
  campaignId: string;
  from: string;
  to: string;
  groupBy: KpiGrouping;
  timeZone: string;
  rows: KpiRow[];
  total: KpiRow;
}

/** The abandon rate over the regulatory window ending at each day's end, against the cap. */
export interface AbandonWindowDay {
  /** The day (its end closes the window), as YYYY-MM-DD in UTC. */
  day: string;
  windowStart: string;
  windowEnd: string;
  liveAnswers: number;
  abandons: number;
  amdFalsePositives: number;
  rate: number;
  overCap: boolean;
}

export interface AbandonWindowReport {
  campaignId: string;
  windowHours: number;
  capRate: number;
  days: AbandonWindowDay[];
}

/** One key's attempt figures, as PostgreSQL returns them (numbers as text). */
type AttemptFigures = Record<string, string | null>;

/** One key's agent time in seconds (numeric, as text): logged in (every state), and wrap-up. By list, the key is the list of the call wrapped up (null: none). */
interface AgentTime {
  key: string | null;
  logged_in: string;
  wrap: string;
}

/** The list of the call a wrap-up period follows (null for other states, or a wrap-up without its call). */
const WRAP_LIST = (s: string) => `case when ${s}.state = 'wrap_up' then (select l.list_id from call_attempts c join leads l on l.id = c.lead_id where c.id = ${s}.attempt_id) end`;

/** The key of a piece of state period `s` starting at `p.start`, as the grouping asks. */
function pieceKey(groupBy: KpiGrouping, timeZone: string): string {
  if (groupBy === 'agent') return `s.agent_id::text`;
  if (groupBy === 'list') return `(${WRAP_LIST('s')})::text`;
  return `date_trunc('${groupBy}', p.start at time zone '${timeZone}')::text`;
}

/**
 * The pieces of state periods (rows `s` of agent_state_log from `rows`, an
 * open one ending now()) within [?, ?) (bound after the rows' parameters),
 * cut at every UTC `step` (`b.at` the step's start): per piece its key (column `as`), its
 * microseconds and those of wrap-up. Whole microseconds: timestamps are
 * microseconds, so the pieces' sums are exact.
 */
function statePieces(rows: string, step: '1 hour' | '15 minutes', key: string, as = 'key'): string {
  return `select ${key} as ${as}, p.us as logged_in_us, case when s.state = 'wrap_up' then p.us else 0 end as wrap_us
            from (${rows}) s
           cross join lateral (select greatest(s.started_at, ?::timestamptz) as lo, least(coalesce(s.ended_at, now()), ?::timestamptz) as hi) c
           cross join lateral generate_series(date_bin('${step}', c.lo, timestamptz '2000-01-01 00:00:00+00'), c.hi - interval '1 microsecond', interval '${step}') as b(at)
           cross join lateral (select greatest(b.at, c.lo) as start,
                                      (extract(epoch from least(b.at + interval '${step}', c.hi) - greatest(b.at, c.lo)) * 1000000)::bigint as us) p
           where c.hi > c.lo`;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);
const MAX_RANGE_DAYS = 400;

/**
 * The KPI and abandon-window reports of a campaign (issue 10 §6). Counts
 * use the dialer's one classification of attempts (attempt-classes.ts), so a
 * report can never disagree with the wallboard. The abandon window reads
 * the hourly rollups only; the KPI report reads its own wherever they
 * answer exactly, as few rows as the grouping needs whatever the floor's
 * size: by day or hour, per campaign and hour (attempt_kpi_rollups,
 * campaign_time_rollups); by agent or list, per agent or list and day
 * (attempt_kpi_day_rollups, agent_time_day_rollups) with the hours of the
 * part-days (attempt_agent_kpi_rollups, agent_time_rollups); the scans are
 * their twins, kept for the cases they cannot answer and proven equal in
 * kpi-report.int-spec.
 */
@Injectable()
export class KpiReportQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly campaigns: CampaignsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async kpis(campaignId: string, from: Date, to: Date, groupBy: KpiGrouping, timeZone = 'UTC'): Promise<KpiReport> {
    await this.campaigns.get(campaignId); // 404 for an unknown campaign
    checkRange(from, to);
    await checkReportTimeZone(this.em, timeZone);
    const plan = await this.rollupPlan(from, to, groupBy, timeZone);
    const attempts = (await this.rolledUpAttempts(campaignId, plan, groupBy, timeZone)) ?? (await this.scannedAttempts(campaignId, from, to, groupBy, timeZone));
    // Agent time from the state log: wrap-up (for AHT) and logged-in time (for occupancy), clipped to the range; by list, the wrap-up after the list's calls.
    const agentTime =
      (await this.rolledUpAgentTime(campaignId, from, to, plan, groupBy, timeZone)) ?? (await this.scannedAgentTime(campaignId, from, to, groupBy, timeZone));
    const names = await this.names(groupBy, attempts.map((row) => row.key).filter((k): k is string => k !== null));

    const build = (keyValue: string, label: string, row: Record<string, string | null> | undefined, time: { wrap: number; loggedIn: number | null }): KpiRow => {
      const n = (value: string | null | undefined) => Number(value ?? 0);
      const dials = n(row?.dials), live = n(row?.live), contacts = n(row?.contacts), successes = n(row?.successes);
      const connects = n(row?.connects), abandons = n(row?.abandons), talk = n(row?.talk), handled = n(row?.handled);
      return {
        key: keyValue,
        label,
        dials,
        liveAnswers: live,
        contacts,
        successes,
        connects,
        abandons,
        answerRate: ratio(live, dials),
        contactRate: ratio(contacts, dials),
        conversionRate: ratio(successes, contacts),
        abandonRate: ratio(abandons, live),
        averageSpeedToConnectSec: row?.speed === null || row?.speed === undefined ? null : Number(row.speed),
        talkSec: Math.round(talk),
        wrapSec: Math.round(time.wrap),
        averageHandleTimeSec: ratio(talk + time.wrap, handled),
        loggedInSec: time.loggedIn === null ? null : Math.round(time.loggedIn),
        occupancy: time.loggedIn === null ? null : ratio(talk + time.wrap, time.loggedIn),
        talkMinutesPerAgentHour: time.loggedIn === null ? null : ratio(talk / 60, time.loggedIn / 3600),
      };
    };
    const timeByKey = new Map(agentTime.map((t) => [t.key, t]));
    const attemptsByKey = new Map(attempts.map((row) => [row.key, row]));
    const timeOf = (keyValue: string | null) => {
      const found = timeByKey.get(keyValue);
      return { wrap: Number(found?.wrap ?? 0), loggedIn: groupBy === 'list' ? null : Number(found?.logged_in ?? 0) };
    };
    const keys = [...new Set([...attempts.map((row) => row.key), ...(groupBy === 'list' ? [] : agentTime.map((t) => t.key))])].filter(
      (k): k is string => k !== null,
    );
    keys.sort();
    const rows = keys.map((k) => build(k, names.get(k) ?? k, attemptsByKey.get(k), timeOf(k)));

    const sum = (field: string) => attempts.reduce((total, row) => total + Number(row[field] ?? 0), 0);
    const totalRow: Record<string, string> = {
      dials: String(sum('dials')),
      live: String(sum('live')),
      contacts: String(sum('contacts')),
      successes: String(sum('successes')),
      connects: String(sum('connects')),
      abandons: String(sum('abandons')),
      talk: String(sum('talk')),
      handled: String(sum('handled')),
    };
    // The mean over every timed connect of the range, from whole milliseconds (exact integers): not the keys' means weighted by their connects,
    // which counted connects with no speed (put through before the answer, by two clocks) and differed between groupings.
    if (sum('speed_n') > 0) totalRow.speed = String(sum('speed_ms') / 1000 / sum('speed_n'));
    // By list, the wrap-up after calls of some list (the time of no list belongs to none).
    const timed = groupBy === 'list' ? agentTime.filter((t) => t.key !== null) : agentTime;
    const totalTime = {
      wrap: timed.reduce((t, w) => t + Number(w.wrap ?? 0), 0),
      loggedIn: groupBy === 'list' ? null : timed.reduce((t, w) => t + Number(w.logged_in ?? 0), 0),
    };
    return {
      campaignId,
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      timeZone,
      rows,
      total: build('total', 'total', totalRow, totalTime),
    };
  }

  /** The attempt figures per key from every attempt of the range: what any grouping and zone can use, in time proportional to the history. */
  private scannedAttempts(campaignId: string, from: Date, to: Date, groupBy: KpiGrouping, timeZone: string): Promise<AttemptFigures[]> {
    const key =
      groupBy === 'agent' ? `a.agent_id::text` : groupBy === 'list' ? `l.list_id::text` : `date_trunc('${groupBy}', a.created_at at time zone '${timeZone}')::text`;
    // Durations in whole milliseconds per call, as the rollups keep them (KPI_ROLLUP_MEASURES), and divided as rolledUpAttempts divides them.
    const timed = `${connectSql('a')} and a.connected_at >= a.answered_at`;
    const ms = (from: string, to: string) => `floor(extract(epoch from ${to} - ${from}) * 1000)::bigint`;
    return this.em.getConnection().execute<AttemptFigures[]>(
      `select key, dials, live, contacts, successes, connects, abandons, round(speed_ms::numeric / 1000, 6) / nullif(speed_n, 0) as speed, speed_ms, speed_n,
              talk_ms::numeric / 1000 as talk, handled
         from (
       select ${key} as key, count(*) filter (where ${countsAsCallSql('a')}) as dials, count(*) filter (where ${liveAnswerSql('a')}) as live,
              count(*) filter (where ${contactSql('a', 'd')}) as contacts, count(*) filter (where ${successSql('a', 'd')}) as successes,
              count(*) filter (where ${connectSql('a')}) as connects, count(*) filter (where ${abandonedSql('a')}) as abandons,
              coalesce(sum(${ms('a.answered_at', 'a.connected_at')}) filter (where ${timed}), 0) as speed_ms, count(*) filter (where ${timed}) as speed_n,
              coalesce(sum(${ms('a.connected_at', 'a.ended_at')}) filter (where a.connected_at is not null and a.ended_at >= a.connected_at), 0) as talk_ms,
              count(*) filter (where a.connected_at is not null and a.agent_id is not null) as handled
         from call_attempts a
         left join disposition_codes d on d.campaign_id = a.campaign_id and d.code = a.disposition_code
         ${groupBy === 'list' ? 'join leads l on l.id = a.lead_id' : ''}
        where a.campaign_id = ? and a.created_at >= ? and a.created_at < ?
        group by 1) k order by 1`,
      [campaignId, from, to],
    );
  }

  /**
   * The same figures from the rollups, in time independent of the history:
   * the plan's runs of whole buckets from the rollups (see rollupPlan and
   * kpi-rollup-reads.ts: by day or hour, attempt_kpi_rollups' hours; by agent
   * or list, attempt_kpi_day_rollups' days and attempt_agent_kpi_rollups'
   * hours, some subtracted), the part-hours at the range's ends from
   * call_attempts (as the wallboard's attemptCounts), counted as the rollups'
   * triggers count (KPI_ROLLUP_MEASURES), the campaign's current disposition
   * flags joined to each code. Null when the rollups cannot answer and the
   * scan must (see rollupPlan).
   */
  private async rolledUpAttempts(campaignId: string, plan: RangePlan | null, groupBy: KpiGrouping, timeZone: string): Promise<AttemptFigures[] | null> {
    if (!plan) return null;
    const runs = plan.runs.map((run) => attemptRunRead(groupBy, campaignId, run));
    const parts = plan.parts.map(({ sign }) => ({
      sql: `select ${attemptPartKey(groupBy)}, coalesce(a.disposition_code, ''), ${KPI_ROLLUP_MEASURES.map(([column, value]) => `${sign < 0 ? '-' : ''}${value('a')} as ${column}`).join(', ')}
              from call_attempts a where a.campaign_id = ? and a.created_at >= ? and a.created_at < ?`,
    }));
    // Summed per native key first, each row joined to its code's current flags; keys turned to text (a zone's day or hour) only then.
    return this.em.getConnection().execute<AttemptFigures[]>(
      `with parts as (${[...runs, ...parts].map((read) => read.sql).join('\n union all\n')}),
       g as (
         select p.k, ${KPI_COLUMNS.map((column) => `sum(p.${column}) as ${column}`).join(', ')},
                coalesce(sum(p.live_answers) filter (where ${contactCodeSql('d')}), 0) as contacts, coalesce(sum(p.live_answers) filter (where d.is_success), 0) as successes
           from parts p left join disposition_codes d on d.campaign_id = ? and d.code = p.disposition_code
          group by 1
       )
       select ${keyText(groupBy, timeZone, 'g.k')} as key, sum(g.dials) as dials, sum(g.live_answers) as live, sum(g.contacts) as contacts, sum(g.successes) as successes,
              sum(g.connects) as connects, sum(g.abandons) as abandons,
              -- avg() of the scan divides the seconds (scale 6) by the count: the same division, the same digits
              round(sum(g.speed_ms)::numeric / 1000, 6) / nullif(sum(g.speed_n), 0) as speed, sum(g.speed_ms) as speed_ms, sum(g.speed_n) as speed_n,
              sum(g.talk_ms)::numeric / 1000 as talk, sum(g.handled) as handled
         from g group by 1 having sum(g.attempts) <> 0 order by 1`,
      [...runs.flatMap((run) => run.params), ...plan.parts.flatMap(({ start, end }) => [campaignId, start, end]), campaignId],
    );
  }

  /**
   * How the rollups answer the range for this grouping and zone, or null when
   * they cannot and the scan must: a range that holds no whole hour, or, by
   * day or hour, a zone whose offset is not a whole number of hours somewhere
   * in the range (Asia/Kolkata), where a UTC hour straddles two local hours.
   * By day or hour, whole UTC hours (the local days and hours are sums of
   * them); by agent or list, whose keys know no zone, whole UTC days and the
   * hours of the part-days at the ends (rollup-buckets.ts planByDay).
   */
  private async rollupPlan(from: Date, to: Date, groupBy: KpiGrouping, timeZone: string): Promise<RangePlan | null> {
    const now = this.clock.now();
    if (groupBy === 'agent' || groupBy === 'list') return planByDay(from, to, now);
    const plan = planByHour(from, to, now);
    if (!plan) return null;
    if (timeZone !== 'UTC' && !(await this.eachHourInOneLocalHour(timeZone, bucketFloor('hour', from), bucketCeil('hour', to)))) return null;
    return plan;
  }

  /**
   * Agent time per key from every state period overlapping the range: what
   * any grouping and zone can use, in time proportional to the history. Each
   * period (an open one ending now) is clipped to the range and cut at UTC
   * quarter-hours, so a day or hour gets the seconds spent in it in any zone
   * (every zone's offset is a multiple of 15 minutes).
   */
  private scannedAgentTime(campaignId: string, from: Date, to: Date, groupBy: KpiGrouping, timeZone: string): Promise<AgentTime[]> {
    return this.em.getConnection().execute<AgentTime[]>(
      `select key, sum(logged_in_us)::numeric / 1000000 as logged_in, sum(wrap_us)::numeric / 1000000 as wrap
         from (${statePieces(
           `select s.* from agent_state_log s where s.campaign_id = ? and s.started_at < ? and coalesce(s.ended_at, now()) > ?`,
           '15 minutes',
           pieceKey(groupBy, timeZone),
         )}) t
        group by 1 having sum(logged_in_us) > 0 order by 1`,
      [campaignId, to, from, from, to],
    );
  }

  /**
   * The same agent time from the rollups, in time independent of the
   * history, in one statement (one snapshot: a period is open or in the
   * rollups, never both): the closed periods in the plan's runs of whole
   * buckets from the rollups (by day or hour, campaign_time_rollups' hours;
   * by agent or list, agent_time_day_rollups' days and agent_time_rollups'
   * hours, some subtracted); from the raw log, the closed periods overlapping
   * the part-hours at the range's ends (agent_state_log_period_idx), clipped
   * to them, and the periods still open (agent_state_log_open_idx) over the
   * whole range, by hour. Run without JIT: generate_series's default row
   * estimate (1000 per open period) times a subquery per piece makes the plan
   * look costly enough to compile, which took 40 to 650 ms for a 10 ms query.
   * Null where rolledUpAttempts is.
   */
  private async rolledUpAgentTime(campaignId: string, from: Date, to: Date, plan: RangePlan | null, groupBy: KpiGrouping, timeZone: string): Promise<AgentTime[] | null> {
    if (!plan) return null;
    const runs = plan.runs.map((run) => agentTimeRunRead(groupBy, campaignId, run));
    const key = periodPartKey(groupBy);
    const closedInPart = (sign: number) => `select ${key} as k, ${sign} * p.us as logged_in_us, case when s.state = 'wrap_up' then ${sign} * p.us else 0 end as wrap_us
         from agent_state_log s
        cross join lateral (select greatest(s.started_at, ?::timestamptz) as start,
                                   (extract(epoch from least(s.ended_at, ?::timestamptz) - greatest(s.started_at, ?::timestamptz)) * 1000000)::bigint as us) p
        where ${statePeriodSql('s')} && tstzrange(?::timestamptz, ?::timestamptz) and s.campaign_id = ? and s.ended_at is not null and p.us > 0`;
    return this.em.transactional(async (tx) => {
      await tx.execute(`set local jit = off`);
      // A handful of small index scans: a parallel plan's workers cost more to start (10-15 ms on a busy machine) than they save.
      await tx.execute(`set local max_parallel_workers_per_gather = 0`);
      return tx.execute<AgentTime[]>(
        `with t as (${[
          ...runs.map((run) => run.sql),
          ...plan.parts.map(({ sign }) => closedInPart(sign)),
          statePieces(`select s.* from agent_state_log s where s.campaign_id = ? and s.ended_at is null`, '1 hour', key, 'k'),
        ].join('\n union all\n')}),
         g as (select k, sum(logged_in_us) as logged_in_us, sum(wrap_us) as wrap_us from t group by 1)
         select ${keyText(groupBy, timeZone, 'g.k')} as key, sum(logged_in_us)::numeric / 1000000 as logged_in, sum(wrap_us)::numeric / 1000000 as wrap
           from g group by 1 having sum(logged_in_us) > 0 order by 1`,
        [...runs.flatMap((run) => run.params), ...plan.parts.flatMap(({ start, end }) => [start, end, start, start, end, campaignId]), campaignId, from, to],
      );
    });
  }

  /** Whether each UTC hour from `firstHour` to `endHour` falls within one local hour of the zone: starts on one, and the offset holds to its end (PostgreSQL's zone data, as the grouping uses). */
  private async eachHourInOneLocalHour(timeZone: string, firstHour: Date, endHour: Date): Promise<boolean> {
    const [{ whole }] = await this.em.getConnection().execute<{ whole: boolean }[]>(
      `select bool_and(date_trunc('hour', h at time zone ?::text) = h at time zone ?::text
                       and (h + interval '1 hour' - interval '1 microsecond') at time zone ?::text = (h at time zone ?::text) + interval '1 hour' - interval '1 microsecond') as whole
         from generate_series(?::timestamptz, ?::timestamptz - interval '1 hour', interval '1 hour') h`,
      [timeZone, timeZone, timeZone, timeZone, firstHour, endHour],
    );
    return whole;
  }

  /** The rolling regulatory window (from the campaign's jurisdiction) ending at each day's end, from the hourly rollups. */
  async abandonWindow(campaignId: string, from: Date, to: Date): Promise<AbandonWindowReport> {
    const campaign = await this.campaigns.get(campaignId);
    const config = this.campaigns.config(campaign);
    checkRange(from, to);
    const windowHours = config.abandon.windowHours;
    const rows = await this.em.getConnection().execute<{ day: Date; live: string | null; abandons: string | null; machines: string | null }[]>(
      `select d.day, sum(r.live_answers) as live, sum(r.abandons) as abandons, sum(r.machines) as machines
         from generate_series(date_trunc('day', ?::timestamptz at time zone 'UTC'), date_trunc('day', (?::timestamptz - interval '1 microsecond') at time zone 'UTC'), interval '1 day') as d(day)
         left join attempt_rollups r on r.campaign_id = ?
               and r.hour >= (d.day + interval '1 day') at time zone 'UTC' - make_interval(hours => ?)
               and r.hour < (d.day + interval '1 day') at time zone 'UTC'
        group by d.day order by d.day`,
      [from, to, campaignId, windowHours],
    );
    return {
      campaignId,
      windowHours,
      capRate: config.abandon.capRate,
      days: rows.map((row) => {
        const end = new Date(`${new Date(row.day).toISOString().slice(0, 10)}T00:00:00Z`);
        end.setUTCDate(end.getUTCDate() + 1);
        const live = Number(row.live ?? 0), abandons = Number(row.abandons ?? 0);
        const falsePositives = estimatedAmdFalsePositives(config, Number(row.machines ?? 0));
        const rate = ratio(abandons + falsePositives, live + falsePositives) ?? 0;
        return {
          day: new Date(end.getTime() - 86_400_000).toISOString().slice(0, 10),
          windowStart: new Date(end.getTime() - windowHours * 3_600_000).toISOString(),
          windowEnd: end.toISOString(),
          liveAnswers: live,
          abandons,
          amdFalsePositives: falsePositives,
          rate,
          overCap: rate > config.abandon.capRate,
        };
      }),
    };
  }

  private async names(groupBy: KpiGrouping, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0 || (groupBy !== 'agent' && groupBy !== 'list')) return new Map();
    const table = groupBy === 'agent' ? `users` : `lead_lists`;
    const column = groupBy === 'agent' ? `display_name` : `name`;
    const rows = await this.em
      .getConnection()
      .execute<{ id: string; name: string }[]>(`select id::text as id, ${column} as name from ${table} where id::text in (${keys.map(() => '?').join(', ')})`, keys);
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}

function checkRange(from: Date, to: Date): void {
  if (!(to.getTime() > from.getTime())) throw new ValidationFailedError([{ field: 'to', messages: ['to must be after from'] }]);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw new ValidationFailedError([{ field: 'to', messages: [`a report covers at most ${MAX_RANGE_DAYS} days`] }]);
  }
}
