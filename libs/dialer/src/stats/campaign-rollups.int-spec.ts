import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';
import { LOG_STATE_CHANGE_SQL, logStateChangeParams } from '@dialer/agents';
import { abandonedSql, connectSql, contactSql, countsAsCallSql, liveAnswerSql, machineConnectSql } from '../attempts/attempt-classes';
import { CampaignRollupsQueries } from './campaign-rollups.queries';

/** A small deterministic generator: the same run every time, any seed reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const BASE = Date.parse('2026-11-20T00:00:00Z');
const STATES = ['queued', 'initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled'];
const VERDICTS = [null, 'human', 'machine_start', 'machine_end_beep', 'fax', 'unknown'];
const CODES = [null, 'SALE', 'NOT_INTERESTED', 'CALLBACK'];
const LEAD_STATUSES = ['new', 'dialing', 'retry', 'callback', 'done', 'exhausted', 'blocked'];

/**
 * The rollups the database keeps (attempts per campaign and hour, leads per
 * list and status) against a recount from the tables themselves, after a
 * random mix of bulk and single inserts, updates of every counted column,
 * moves between buckets, deletes and concurrent transactions.
 */
describe('rollups (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let em: EntityManager;
  let rollups: CampaignRollupsQueries;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, []);
    em = app.get(MikroORM).em.fork() as EntityManager;
    rollups = new CampaignRollupsQueries(em);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const sql = <T extends object = Record<string, unknown>>(query: string, params: unknown[] = []) => em.getConnection().execute<T[]>(query, params);

  async function attemptsAgree(): Promise<void> {
    const fromRollups = await sql(
      `select campaign_id, hour, sum(dials)::int as dials, sum(live_answers)::int as live, sum(machines)::int as machines,
              sum(connects)::int as connects, sum(machine_connects)::int as machine_connects, sum(abandons)::int as abandons
         from attempt_rollups group by 1, 2
        having sum(dials) <> 0 or sum(live_answers) <> 0 or sum(machines) <> 0 or sum(connects) <> 0 or sum(machine_connects) <> 0 or sum(abandons) <> 0
        order by 1, 2`,
    );
    const recount = await sql(
      `select campaign_id, date_bin('1 hour', created_at, timestamptz '2000-01-01 00:00:00+00') as hour, count(*) filter (where ${countsAsCallSql('call_attempts')})::int as dials,
              count(*) filter (where ${liveAnswerSql()})::int as live,
              count(*) filter (where coalesce(answered_by ~ '^(machine|fax)', false))::int as machines,
              count(*) filter (where ${connectSql()})::int as connects,
              count(*) filter (where ${machineConnectSql()})::int as machine_connects,
              count(*) filter (where abandoned and not coalesce(answered_by ~ '^(machine|fax)', false))::int as abandons
         from call_attempts group by 1, 2 order by 1, 2`,
    );
    expect(fromRollups).toEqual(recount);
  }

  /** The KPI rollups (per campaign, hour and disposition code) against the KPI report's definitions over call_attempts, durations in whole ms. */
  async function kpisAgree(): Promise<void> {
    const columns = ['attempts', 'dials', 'live_answers', 'connects', 'abandons', 'speed_ms', 'speed_n', 'talk_ms', 'handled'];
    const fromRollups = await sql(
      `select campaign_id, hour, disposition_code, ${columns.map((c) => `sum(${c})::bigint as ${c}`).join(', ')}
         from attempt_kpi_rollups group by 1, 2, 3 having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')} order by 1, 2, 3`,
    );
    const timed = `${connectSql()} and connected_at >= answered_at`;
    const talked = `connected_at is not null and ended_at >= connected_at`;
    const recount = await sql(
      `select campaign_id, date_bin('1 hour', created_at, timestamptz '2000-01-01 00:00:00+00') as hour, coalesce(disposition_code, '') as disposition_code,
              count(*)::bigint as attempts, count(*) filter (where ${countsAsCallSql('call_attempts')})::bigint as dials,
              count(*) filter (where ${liveAnswerSql()})::bigint as live_answers, count(*) filter (where ${connectSql()})::bigint as connects,
              count(*) filter (where ${abandonedSql()})::bigint as abandons,
              coalesce(sum(floor(extract(epoch from connected_at - answered_at) * 1000)) filter (where ${timed}), 0)::bigint as speed_ms,
              count(*) filter (where ${timed})::bigint as speed_n,
              coalesce(sum(floor(extract(epoch from ended_at - connected_at) * 1000)) filter (where ${talked}), 0)::bigint as talk_ms,
              count(*) filter (where connected_at is not null and agent_id is not null)::bigint as handled
         from call_attempts group by 1, 2, 3 order by 1, 2, 3`,
    );
    expect(fromRollups).toEqual(recount);
  }

  async function leadsAgree(): Promise<void> {
    const fromRollups = await sql(`select list_id, status, sum(leads)::int as n from lead_status_rollups group by 1, 2 having sum(leads) <> 0 order by 1, 2`);
    const recount = await sql(`select list_id, status, count(*)::int as n from leads group by 1, 2 order by 1, 2`);
    expect(fromRollups).toEqual(recount);
  }

  /** The KPI rollups' measures recounted over call_attempts `a` with the KPI report's definitions, durations in whole ms. */
  const KPI_RECOUNT = (() => {
    const timed = `${connectSql('a')} and a.connected_at >= a.answered_at`;
    const talked = `a.connected_at is not null and a.ended_at >= a.connected_at`;
    return `count(*)::bigint as attempts, count(*) filter (where ${countsAsCallSql('a')})::bigint as dials,
              count(*) filter (where ${liveAnswerSql('a')})::bigint as live_answers, count(*) filter (where ${connectSql('a')})::bigint as connects,
              count(*) filter (where ${abandonedSql('a')})::bigint as abandons,
              coalesce(sum(floor(extract(epoch from a.connected_at - a.answered_at) * 1000)) filter (where ${timed}), 0)::bigint as speed_ms,
              count(*) filter (where ${timed})::bigint as speed_n,
              coalesce(sum(floor(extract(epoch from a.ended_at - a.connected_at) * 1000)) filter (where ${talked}), 0)::bigint as talk_ms,
              count(*) filter (where a.connected_at is not null and a.agent_id is not null)::bigint as handled`;
  })();

  /** The KPI rollups by agent and list against the same definitions over call_attempts (agent and list as the report's scan reads them). */
  async function agentKpisAgree(): Promise<void> {
    const columns = ['attempts', 'dials', 'live_answers', 'connects', 'abandons', 'speed_ms', 'speed_n', 'talk_ms', 'handled'];
    const fromRollups = await sql(
      `select campaign_id, hour, nullif(agent_id, '00000000-0000-0000-0000-000000000000') as agent_id, list_id, disposition_code, ${columns.map((c) => `sum(${c})::bigint as ${c}`).join(', ')}
         from attempt_agent_kpi_rollups group by 1, 2, 3, 4, 5 having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')} order by 1, 2, 3, 4, 5`,
    );
    const recount = await sql(
      `select a.campaign_id, date_bin('1 hour', a.created_at, timestamptz '2000-01-01 00:00:00+00') as hour, a.agent_id, l.list_id, coalesce(a.disposition_code, '') as disposition_code,
              ${KPI_RECOUNT}
         from call_attempts a join leads l on l.id = a.lead_id group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    );
    expect(fromRollups).toEqual(recount);
  }

  /** The KPI day rollups against the same definitions over call_attempts: each attempt once by its agent (none: the nil UUID) and once by its lead's list, per UTC day. */
  async function kpiDaysAgree(): Promise<void> {
    const columns = ['attempts', 'dials', 'live_answers', 'connects', 'abandons', 'speed_ms', 'speed_n', 'talk_ms', 'handled'];
    const fromRollups = await sql(
      `select campaign_id, grouping, day, key_id, disposition_code, ${columns.map((c) => `sum(${c})::bigint as ${c}`).join(', ')}
         from attempt_kpi_day_rollups group by 1, 2, 3, 4, 5 having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')} order by 1, 2, 3, 4, 5`,
    );
    const recount = await sql(
      `select a.campaign_id, k.grouping, date_bin('1 day', a.created_at, timestamptz '2000-01-01 00:00:00+00') as day, k.key_id, coalesce(a.disposition_code, '') as disposition_code,
              ${KPI_RECOUNT}
         from call_attempts a join leads l on l.id = a.lead_id
        cross join lateral (values ('agent', coalesce(a.agent_id, '00000000-0000-0000-0000-000000000000')), ('list', l.list_id)) k(grouping, key_id)
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    );
    expect(fromRollups).toEqual(recount);
  }

  /** The agent-time rollups against agent_state_log: each closed period's microseconds in each UTC hour it overlaps, wrap-up by the list of its call. */
  async function agentTimeAgree(): Promise<void> {
    const fromRollups = await sql(
      `select campaign_id, hour, agent_id, nullif(list_id, '00000000-0000-0000-0000-000000000000') as list_id, sum(logged_in_us)::bigint as logged_in_us, sum(wrap_us)::bigint as wrap_us
         from agent_time_rollups group by 1, 2, 3, 4 having sum(logged_in_us) <> 0 or sum(wrap_us) <> 0 order by 1, 2, 3, 4`,
    );
    const recount = await sql(
      `select s.campaign_id, h.hour, s.agent_id, case when s.state = 'wrap_up' then l.list_id end as list_id,
              sum(p.us)::bigint as logged_in_us, coalesce(sum(p.us) filter (where s.state = 'wrap_up'), 0)::bigint as wrap_us
         from agent_state_log s
         left join call_attempts a on a.id = s.attempt_id left join leads l on l.id = a.lead_id
        cross join lateral generate_series(date_bin('1 hour', s.started_at, timestamptz '2000-01-01 00:00:00+00'), s.ended_at, interval '1 hour') h(hour)
        cross join lateral (select extract(epoch from least(h.hour + interval '1 hour', s.ended_at) - greatest(h.hour, s.started_at)) * 1000000 as us) p
        where s.campaign_id is not null and s.ended_at > s.started_at and p.us > 0
        group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    );
    expect(fromRollups).toEqual(recount);
  }

  /**
   * The agent-time rollups without the agent (per campaign and hour) and by day (by agent: every state; by list: wrap-up only)
   * against agent_state_log, each closed period's microseconds in each bucket it overlaps.
   */
  async function agentTimeLevelsAgree(): Promise<void> {
    const pieces = (bucket: 'hour' | 'day', join = '') => `
      from agent_state_log s
      left join call_attempts a on a.id = s.attempt_id left join leads l on l.id = a.lead_id
     cross join lateral generate_series(date_bin('1 ${bucket}', s.started_at, timestamptz '2000-01-01 00:00:00+00'), s.ended_at, interval '1 ${bucket}') b(at)
     cross join lateral (select extract(epoch from least(b.at + interval '1 ${bucket}', s.ended_at) - greatest(b.at, s.started_at)) * 1000000 as us) p
     ${join}
     where s.campaign_id is not null and s.ended_at > s.started_at and p.us > 0`;
    const byHour = await sql(`select campaign_id, hour, sum(logged_in_us)::bigint as logged_in_us, sum(wrap_us)::bigint as wrap_us
       from campaign_time_rollups group by 1, 2 having sum(logged_in_us) <> 0 or sum(wrap_us) <> 0 order by 1, 2`);
    const hourRecount = await sql(`select s.campaign_id, b.at as hour, sum(p.us)::bigint as logged_in_us, coalesce(sum(p.us) filter (where s.state = 'wrap_up'), 0)::bigint as wrap_us
       ${pieces('hour')} group by 1, 2 order by 1, 2`);
    expect(byHour).toEqual(hourRecount);
    const byDay = await sql(`select campaign_id, grouping, day, key_id, sum(logged_in_us)::bigint as logged_in_us, sum(wrap_us)::bigint as wrap_us
       from agent_time_day_rollups group by 1, 2, 3, 4 having sum(logged_in_us) <> 0 or sum(wrap_us) <> 0 order by 1, 2, 3, 4`);
    const dayRecount = await sql(`select s.campaign_id, k.grouping, b.at as day, k.key_id, sum(p.us)::bigint as logged_in_us,
              coalesce(sum(p.us) filter (where s.state = 'wrap_up'), 0)::bigint as wrap_us
       ${pieces('day', `cross join lateral (select 'agent'::text, s.agent_id union all select 'list', coalesce(l.list_id, '00000000-0000-0000-0000-000000000000') where s.state = 'wrap_up') k(grouping, key_id)`)}
       group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
    expect(byDay).toEqual(dayRecount);
  }

  it('agree exactly with a recount after random writes, bulk and single, concurrent included', async () => {
    const random = prng(20261206);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    const campaigns: string[] = [];
    const lists: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [campaign] = await sql<{ id: string }>(`insert into campaigns (name, kind, dialing_mode, jurisdiction) values (?, 'telemarketing', 'predictive', 'US') returning id`, [
        `c${i}`,
      ]);
      const [list] = await sql<{ id: string }>(`insert into lead_lists (name, default_country) values (?, 'US') returning id`, [`l${i}`]);
      await sql(`insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [campaign.id, list.id]);
      campaigns.push(campaign.id);
      lists.push(list.id);
    }
    // Leads in bulk (one statement, as an import writes them).
    for (const list of lists) {
      await sql(
        `insert into leads (list_id, phone, status) select ?, '+1415555' || lpad(g::text, 4, '0'), (array['new','retry','done'])[1 + g % 3] from generate_series(1, 400) g`,
        [list],
      );
    }
    const leads = await sql<{ id: string; list_id: string }>(`select id, list_id from leads`);
    const agents: string[] = [];
    for (let i = 0; i < 3; i++) {
      const [agent] = await sql<{ id: string }>(`insert into users (email, display_name, role, password_hash) values (?, ?, 'agent', 'x') returning id`, [`rollups-${i}@example.com`, `a${i}`]);
      agents.push(agent.id);
    }
    const attemptIds: string[] = [];
    const newAttempt = async () => {
      const lead = pick(leads);
      const campaign = campaigns[lists.indexOf(lead.list_id)];
      const [row] = await sql<{ id: string }>(
        // Each attempt its own number: a number has at most one live call (call_attempts_one_live_per_number).
        `insert into call_attempts (campaign_id, lead_id, phone, state, created_at) values (?, ?, '+1628555' || lpad(?::text, 4, '0'), ?, ?) returning id`,
        [campaign, lead.id, attemptIds.length, pick(['completed', 'busy', 'no_answer']), new Date(BASE + Math.floor(random() * 72) * 1_800_000 + Math.floor(random() * 1_800_000))],
      );
      attemptIds.push(row.id);
    };
    for (let i = 0; i < 150; i++) await newAttempt();
    // Attempts in bulk too.
    await sql(
      `insert into call_attempts (campaign_id, lead_id, phone, state, created_at, answered_at, answered_by, abandoned)
       select ?, l.id, l.phone, 'completed', timestamptz '2026-11-21 10:15:00+00' + (row_number() over ()) * interval '1 minute',
              now(), (array['human','machine_start',null])[1 + (row_number() over ())::int % 3], (row_number() over ()) % 4 = 0
         from leads l where l.list_id = ?`,
      [campaigns[0], lists[0]],
    );
    attemptIds.push(...(await sql<{ id: string }>(`select id from call_attempts where created_at >= '2026-11-21 10:15:00+00' and created_at < '2026-11-21 17:00:00+00'`)).map((r) => r.id));

    const mutations: (() => Promise<unknown>)[] = [
      () => newAttempt(),
      () => sql(`update call_attempts set answered_at = ?, state = 'in_progress' where id = ?`, [new Date(), pick(attemptIds)]),
      () => sql(`update call_attempts set answered_at = null where id = ?`, [pick(attemptIds)]),
      () => sql(`update call_attempts set answered_by = ? where id = ?`, [pick(VERDICTS), pick(attemptIds)]),
      () => sql(`update call_attempts set connected_at = ? where id = ?`, [random() < 0.8 ? new Date() : null, pick(attemptIds)]),
      () => sql(`update call_attempts set ended_at = ? where id = ?`, [random() < 0.8 ? new Date() : null, pick(attemptIds)]),
      () => sql(`update call_attempts set abandoned = ?, outcome = 'abandoned' where id = ?`, [random() < 0.7, pick(attemptIds)]),
      () => sql(`update call_attempts set state = ?, updated_at = now() where id = ?`, [pick(STATES.slice(4)), pick(attemptIds)]),
      // Moves an attempt to another hour (a bucket change).
      () => sql(`update call_attempts set created_at = created_at + ? * interval '1 hour' where id = ?`, [Math.floor(random() * 5) - 2, pick(attemptIds)]),
      // Many rows in one statement, some changing a count and some not.
      () => sql(`update call_attempts set abandoned = not abandoned where campaign_id = ? and created_at < ?`, [pick(campaigns), new Date(BASE + random() * 72 * 3_600_000)]),
      () => sql(`delete from call_attempts where id = ?`, [attemptIds.splice(Math.floor(random() * attemptIds.length), 1)[0]]),
      () => sql(`update leads set status = ? where id = ?`, [pick(LEAD_STATUSES), pick(leads).id]),
      () => sql(`update leads set status = 'dialing', attempt_count = attempt_count + 1 where list_id = ? and status = 'new'`, [pick(lists)]),
      () => sql(`update leads set next_attempt_at = now() where list_id = ?`, [pick(lists)]),
    ];
    for (let i = 0; i < 400; i++) await pick(mutations)();
    // What only the KPI rollups count (agents, disposition codes, durations), mixed with verdicts, moves and deletes; a generator of its own.
    const more = prng(20261207);
    const choose = <T>(values: readonly T[]) => values[Math.floor(more() * values.length)];
    const at = () => new Date(BASE + Math.floor(more() * 72 * 3_600_000));
    const kpiMutations: (() => Promise<unknown>)[] = [
      () => sql(`update call_attempts set answered_at = ?, connected_at = ? where id = ?`, [at(), more() < 0.8 ? at() : null, choose(attemptIds)]),
      () => sql(`update call_attempts set ended_at = ? where id = ?`, [more() < 0.8 ? at() : null, choose(attemptIds)]),
      () => sql(`update call_attempts set answered_by = ? where id = ?`, [choose(VERDICTS), choose(attemptIds)]),
      () => sql(`update call_attempts set agent_id = ? where id = ?`, [more() < 0.8 ? choose(agents) : null, choose(attemptIds)]),
      () => sql(`update call_attempts set disposition_code = ?, disposition_at = now() where id = ?`, [choose(CODES), choose(attemptIds)]),
      () => sql(`update call_attempts set disposition_code = ? where campaign_id = ? and disposition_code is not distinct from ?`, [choose(CODES), choose(campaigns), choose(CODES)]),
      () => sql(`update call_attempts set created_at = created_at + ? * interval '1 hour' where id = ?`, [Math.floor(more() * 5) - 2, choose(attemptIds)]),
      // Another lead, maybe of another list: the rollups by list follow it though no figure changed.
      () => sql(`update call_attempts set lead_id = ? where id = ? and state not in ('queued', 'initiated', 'ringing', 'in_progress')`, [choose(leads).id, choose(attemptIds)]),
      () => sql(`delete from call_attempts where id = ?`, [attemptIds.splice(Math.floor(more() * attemptIds.length), 1)[0]]),
    ];
    for (let i = 0; i < 300; i++) await choose(kpiMutations)();
    await attemptsAgree();
    await kpisAgree();
    await agentKpisAgree();
    await kpiDaysAgree();
    await leadsAgree();

    // Concurrent writers, each its own transaction touching several buckets and lead statuses. Two transactions of one
    // shard whose statements reach shared buckets in opposite orders can deadlock (the product writes each table once per
    // transaction; these write twenty times): the one PostgreSQL rolls back is retried, and the sums must stay exact.
    const deadlocked = (error: unknown) => (error as { code?: string }).code === '40P01';
    await Promise.all(
      Array.from({ length: 12 }, async (_, worker) => {
        for (let tries = 1; ; tries++) {
          try {
            return await (app.get(MikroORM).em.fork() as EntityManager).transactional(async (tx) => {
              const mine = attemptIds.filter((_, i) => i % 12 === worker).slice(0, 10);
              for (const id of mine) {
                await tx.execute(`update call_attempts set connected_at = now(), answered_at = coalesce(answered_at, now()) where id = ?`, [id]);
                await tx.execute(`update call_attempts set ended_at = now() + interval '42.5 s', agent_id = ?, disposition_code = ? where id = ?`, [agents[worker % 3], CODES[worker % 4], id]);
              }
              await tx.execute(`update leads set status = 'done' where id in (select id from leads order by id offset ? limit 5)`, [worker * 5]);
            });
          } catch (error) {
            if (!deadlocked(error) || tries >= 5) throw error;
          }
        }
      }),
    );
    await attemptsAgree();
    await kpisAgree();
    await agentKpisAgree();
    await kpiDaysAgree();
    await leadsAgree();

    // The wallboard's read: whole hours from the rollups and the part-hour before them, exact; contacts by the
    // campaign's flags of the codes (a success is a contact too, CALLBACK neither), as the KPI report counts them.
    await sql(
      `insert into disposition_codes (campaign_id, code, label, is_contact, is_success) values (?, 'SALE', 'Sale', false, true), (?, 'NOT_INTERESTED', 'Not interested', true, false), (?, 'CALLBACK', 'Callback', false, false)`,
      [campaigns[0], campaigns[0], campaigns[0]],
    );
    const wallboardReads: Record<string, number>[] = [];
    for (const since of ['2026-11-20T05:17:33.250Z', '2026-11-21T00:00:00.000Z', '2026-11-21T10:59:59.999Z']) {
      const [direct] = await sql<Record<string, number>>(
        `select count(*) filter (where ${countsAsCallSql('a')})::int as dials,
                count(*) filter (where ${liveAnswerSql('a')})::int as "liveAnswers",
                count(*) filter (where coalesce(a.answered_by ~ '^(machine|fax)', false))::int as machines,
                count(*) filter (where ${connectSql('a')})::int as connects,
                count(*) filter (where ${machineConnectSql('a')})::int as "machineConnects",
                count(*) filter (where a.abandoned and not coalesce(a.answered_by ~ '^(machine|fax)', false))::int as abandons,
                count(*) filter (where ${contactSql('a', 'd')})::int as contacts
           from call_attempts a left join disposition_codes d on d.campaign_id = a.campaign_id and d.code = a.disposition_code
          where a.campaign_id = ? and a.created_at >= ?`,
        [campaigns[0], since],
      );
      wallboardReads.push(direct);
      expect(await rollups.attemptCounts(campaigns[0], new Date(since))).toEqual(direct);
    }
    // The recount had contacts to find, and fewer than live answers (not every live answer is a contact).
    expect(wallboardReads[0].contacts).toBeGreaterThan(0);
    expect(wallboardReads[0].contacts).toBeLessThan(wallboardReads[0].liveAnswers);
    const statuses = await sql<{ status: string; n: number }>(
      `select status, count(*)::int as n from leads l join campaign_lists cl on cl.list_id = l.list_id where cl.campaign_id = ? group by status`,
      [campaigns[1]],
    );
    expect(await rollups.leadStatuses(campaigns[1])).toEqual(Object.fromEntries(statuses.map((s) => [s.status, s.n])));
  });

  it('follow one attempt through its life into the KPI rollups, to its deletion', async () => {
    const [campaign] = await sql<{ id: string }>(`insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('life', 'telemarketing', 'predictive', 'US') returning id`);
    const [list] = await sql<{ id: string }>(`insert into lead_lists (name, default_country) values ('life', 'US') returning id`);
    const [lead] = await sql<{ id: string }>(`insert into leads (list_id, phone) values (?, '+14155550199') returning id`, [list.id]);
    const [agent] = await sql<{ id: string }>(`insert into users (email, display_name, role, password_hash) values ('life@example.com', 'life', 'agent', 'x') returning id`);
    const at = Date.parse('2026-11-25T09:30:00Z');
    const [{ id }] = await sql<{ id: string }>(`insert into call_attempts (campaign_id, lead_id, phone, state, created_at) values (?, ?, '+14155550199', 'queued', ?) returning id`, [
      campaign.id,
      lead.id,
      new Date(at),
    ]);
    const figures = async () =>
      (
        await sql(
          `select disposition_code, sum(attempts)::int as attempts, sum(live_answers)::int as live, sum(connects)::int as connects, sum(speed_ms)::int as speed_ms,
                  sum(talk_ms)::int as talk_ms, sum(handled)::int as handled
             from attempt_kpi_rollups where campaign_id = ? group by 1 having sum(attempts) <> 0`,
          [campaign.id],
        )
      ).map((row) => ({ ...row }));
    const steps: [string, unknown[], Record<string, unknown>][] = [
      [`update call_attempts set state = 'in_progress', answered_at = ? where id = ?`, [new Date(at + 20_000), id], { live: 0 }],
      [`update call_attempts set answered_by = 'human' where id = ?`, [id], { live: 1, connects: 0 }],
      [`update call_attempts set connected_at = ?, agent_id = ? where id = ?`, [new Date(at + 22_500), agent.id, id], { connects: 1, speed_ms: 2_500, handled: 1 }],
      [`update call_attempts set state = 'completed', ended_at = ? where id = ?`, [new Date(at + 82_750), id], { talk_ms: 60_250 }],
      [`update call_attempts set disposition_code = 'SALE' where id = ?`, [id], { disposition_code: 'SALE', attempts: 1 }],
      [`update call_attempts set disposition_code = 'NOT_INTERESTED' where id = ?`, [id], { disposition_code: 'NOT_INTERESTED', attempts: 1 }],
      // AMD's late verdict: it was a machine after all; no longer a live answer nor a connect, still handled and talked.
      [`update call_attempts set answered_by = 'machine_end_beep' where id = ?`, [id], { live: 0, connects: 0, speed_ms: 0, talk_ms: 60_250, handled: 1 }],
    ];
    for (const [statement, params, expected] of steps) {
      await sql(statement, params);
      const rows = await figures();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject(expected);
      await kpisAgree();
      await agentKpisAgree();
      await kpiDaysAgree();
    }
    await sql(`delete from call_attempts where id = ?`, [id]);
    expect(await figures()).toEqual([]);
    await kpisAgree();
    await agentKpisAgree();
    await kpiDaysAgree();
  });

  it("keep an attempt under its lead's list: a lead called is neither renamed (its id) nor put back under another list in one statement", async () => {
    const [campaign] = await sql<{ id: string }>(`insert into campaigns (name, kind, dialing_mode, jurisdiction) values ('keys', 'telemarketing', 'predictive', 'US') returning id`);
    const [first, second] = await sql<{ id: string }>(`insert into lead_lists (name, default_country) values ('keys-1', 'US'), ('keys-2', 'US') returning id`);
    const [lead] = await sql<{ id: string }>(`insert into leads (list_id, phone) values (?, '+14155550299') returning id`, [first.id]);
    await sql(`insert into call_attempts (campaign_id, lead_id, phone, state, created_at) values (?, ?, '+14155550299', 'completed', ?)`, [
      campaign.id,
      lead.id,
      new Date('2026-11-26T10:00:00Z'),
    ]);
    // The rollups keyed by list look the list up by the attempt's lead_id: a renamed lead (cascaded to its attempts)
    // is no longer found for the old row, and a lead deleted and inserted again (the foreign key's NO ACTION is
    // checked at the statement's end) moves its attempts to another list without touching them.
    await expect(sql(`update leads set id = gen_random_uuid() where id = ?`, [lead.id])).rejects.toThrow(/leads\.id cannot change/);
    await expect(
      sql(`with gone as (delete from leads where id = ? returning id, phone) insert into leads (id, list_id, phone) select id, ?, phone from gone`, [lead.id, second.id]),
    ).rejects.toThrow(/call_attempts_lead_id_foreign/);
    await agentKpisAgree();
    await kpiDaysAgree();
  });

  it('keep agents’ time by hour and day, with and without the agent, exactly as the state log says, through open and closed periods, random edits and concurrent floors', async () => {
    const random = prng(20261208);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    const campaigns: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [campaign] = await sql<{ id: string }>(`insert into campaigns (name, kind, dialing_mode, jurisdiction) values (?, 'telemarketing', 'predictive', 'US') returning id`, [`time${i}`]);
      campaigns.push(campaign.id);
    }
    const lists: string[] = [];
    const attempts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const [list] = await sql<{ id: string }>(`insert into lead_lists (name, default_country) values (?, 'US') returning id`, [`time${i}`]);
      const [lead] = await sql<{ id: string }>(`insert into leads (list_id, phone) values (?, ?) returning id`, [list.id, `+1415555020${i}`]);
      lists.push(list.id);
      for (let j = 0; j < 5; j++) {
        const [row] = await sql<{ id: string }>(`insert into call_attempts (campaign_id, lead_id, phone, state, created_at) values (?, ?, ?, 'completed', ?) returning id`, [
          campaigns[i], lead.id, `+1628555${i}${j}00`, new Date(BASE),
        ]);
        attempts.push(row.id);
      }
    }
    const agents: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [agent] = await sql<{ id: string }>(`insert into users (email, display_name, role, password_hash) values (?, ?, 'agent', 'x') returning id`, [`time-${i}@example.com`, `t${i}`]);
      agents.push(agent.id);
    }
    const STATES_OF_AGENT = ['ready', 'reserved', 'on_call', 'wrap_up', 'paused'];
    const at = () => new Date(BASE + Math.floor(random() * 72 * 3_600_000) + (random() < 0.3 ? 0.25 : 0));
    /** The agents service's move, its very statement: close the agent's open period, open the next, at `now`. */
    const move = (tx: EntityManager, agent: string, now: Date, state: string) =>
      tx.execute(
        LOG_STATE_CHANGE_SQL,
        logStateChangeParams({
          agentId: agent,
          campaignId: pick(campaigns),
          state,
          reason: null,
          attemptId: state === 'wrap_up' || state === 'on_call' ? pick([...attempts, null]) : null,
          at: now,
        }),
      );
    // A floor's day, agent after agent: periods of seconds to hours, across hours and days.
    const clocks = agents.map(() => BASE + Math.floor(random() * 3_600_000));
    for (let i = 0; i < 300; i++) {
      const agent = Math.floor(random() * agents.length);
      clocks[agent] += Math.floor(random() < 0.1 ? random() * 20 * 3_600_000 : random() * 900_000) + (random() < 0.2 ? 0.5 : 0);
      await move(em, agents[agent], new Date(clocks[agent]), pick(STATES_OF_AGENT));
    }
    await agentTimeAgree();
    await agentTimeLevelsAgree();
    const ids = async () => (await sql<{ id: string }>(`select id from agent_state_log`)).map((row) => row.id);
    const edits: (() => Promise<unknown>)[] = [
      async () => sql(`update agent_state_log set ended_at = ? where id = ?`, [random() < 0.8 ? at() : null, pick(await ids())]), // reopened too, backwards too
      async () => sql(`update agent_state_log set started_at = started_at - ? * interval '1 minute' where id = ?`, [Math.floor(random() * 200) - 100, pick(await ids())]),
      async () => sql(`update agent_state_log set state = ? where id = ?`, [pick(STATES_OF_AGENT), pick(await ids())]),
      async () => sql(`update agent_state_log set attempt_id = ? where id = ?`, [pick([...attempts, null]), pick(await ids())]),
      async () => sql(`update agent_state_log set campaign_id = ? where id = ?`, [pick([...campaigns, null]), pick(await ids())]),
      async () => sql(`update agent_state_log set reason = 'nothing counted' where agent_id = ?`, [pick(agents)]),
      async () => sql(`delete from agent_state_log where id = ?`, [pick(await ids())]),
      // Many closed periods in one statement.
      () =>
        sql(
          `insert into agent_state_log (agent_id, campaign_id, state, attempt_id, started_at, ended_at)
           select ?, ?, (array['ready','wrap_up','on_call'])[1 + g % 3], ?, t, t + g * interval '7 min 3.25 s' from generate_series(1, 20) g, (select ?::timestamptz as t) x`,
          [pick(agents), pick(campaigns), pick(attempts), at()],
        ),
    ];
    for (let i = 0; i < 200; i++) await pick(edits)();
    await agentTimeAgree();
    await agentTimeLevelsAgree();

    // The whole floor at once: each agent's moves in transactions of their own, concurrently (the shards spread the writers).
    await Promise.all(
      agents.map(async (agent, i) => {
        const mine = app.get(MikroORM).em.fork() as EntityManager;
        for (let j = 0; j < 15; j++) {
          clocks[i] += 61_000 + j * 1_000.25;
          await mine.transactional((tx) => move(tx, agent, new Date(clocks[i]), STATES_OF_AGENT[j % STATES_OF_AGENT.length]));
        }
      }),
    );
    await agentTimeAgree();
    await agentTimeLevelsAgree();
    for (const table of ['agent_time_rollups', 'campaign_time_rollups', 'agent_time_day_rollups']) {
      const [{ shards }] = await sql<{ shards: number }>(`select count(distinct shard)::int as shards from ${table}`);
      expect({ table, shards: shards > 4 }).toEqual({ table, shards: true });
    }
  });
});
