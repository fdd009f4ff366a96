import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { KpiGrouping } from './kpi-groupings';
import { KpiReportQueries, KpiRow } from './kpi-report.queries';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('KPI and abandon-window reports (integration, real PostgreSQL)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let reports: KpiReportQueries;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule]);
    reports = app.get(KpiReportQueries);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const agentUser = async (name: string) =>
    (await query(app, `insert into users (email, display_name, role, password_hash) values (?, ?, 'agent', 'x') returning id`, [`${randomUUID()}@example.com`, name]))[0]
      .id as string;

  /** An attempt as settlement leaves it: answered at `at`, put through `speedSec` later, `talkSec` of talk. */
  const attempt = (
    campaignId: string,
    leadId: string,
    at: Date,
    f: { answered?: boolean; machine?: boolean; abandoned?: boolean; agentId?: string; speedSec?: number; talkSec?: number; disposition?: string; canceled?: boolean },
  ) => {
    const answeredAt = f.answered || f.machine ? at : null;
    const connectedAt = f.agentId && answeredAt ? new Date(at.getTime() + (f.speedSec ?? 0) * 1000) : null;
    const endedAt = new Date((connectedAt ?? at).getTime() + (f.talkSec ?? 5) * 1000);
    return query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, connected_at, ended_at, abandoned, agent_id, disposition_code)
       values (?, ?, '+14155550100', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [campaignId, leadId, f.canceled ? 'canceled' : 'completed', f.canceled ? null : `CA${randomUUID().replace(/-/g, '')}`, at, answeredAt, f.machine ? 'machine_start' : answeredAt ? 'human' : null, connectedAt, endedAt, f.abandoned ?? false, f.agentId ?? null, f.disposition ?? null],
    );
  };

  it('reports KPIs by day, agent and list with the documented formulas, matching a recount from call_attempts', async () => {
    const { id, listId } = await seedCampaign(app, { dispositions: [{ code: 'SALE', isContact: true }, { code: 'NOT_INTERESTED', isContact: true }, { code: 'WRONG_PARTY' }] });
    await query(app, `update disposition_codes set is_success = true where campaign_id = ? and code = 'SALE'`, [id]);
    const otherList = randomUUID();
    await query(app, `insert into lead_lists (id, name, default_country) values (?, 'Second list', 'US')`, [otherList]);
    const [leadA] = await seedLeads(app, listId, [{ phone: '+14155550100' }]);
    const [leadB] = await seedLeads(app, otherList, [{ phone: '+14155550101' }]);
    const aiko = await agentUser('Aiko');
    const ben = await agentUser('Ben');
    const day1 = new Date(Date.UTC(2026, 10, 2, 10));
    const day2 = new Date(Date.UTC(2026, 10, 3, 15));

    // Day 1: 4 dials (+1 canceled give-back that never rang), 3 live, 1 machine; Aiko takes two (a sale after 2 s, a refusal after 4 s); one abandoned.
    await attempt(id, leadA, day1, { answered: true, agentId: aiko, speedSec: 2, talkSec: 60, disposition: 'SALE' });
    await attempt(id, leadA, day1, { answered: true, agentId: aiko, speedSec: 4, talkSec: 30, disposition: 'NOT_INTERESTED' });
    await attempt(id, leadB, day1, { answered: true, abandoned: true });
    await attempt(id, leadB, day1, { machine: true });
    await attempt(id, leadB, day1, { canceled: true });
    // Day 2: Ben reaches the wrong person; one unanswered.
    await attempt(id, leadB, day2, { answered: true, agentId: ben, speedSec: 1, talkSec: 20, disposition: 'WRONG_PARTY' });
    await attempt(id, leadA, day2, {});
    // A machine AMD found after the bridge, freed from Aiko, who recorded a sale on it all the same: no conversation.
    await attempt(id, leadA, day2, { machine: true, agentId: aiko, disposition: 'SALE' });
    // Aiko's wrap-up after her calls, and her logged-in time on day 1: 10 minutes.
    await query(
      app,
      `insert into agent_state_log (agent_id, campaign_id, state, started_at, ended_at) values (?, ?, 'ready', ?, ?), (?, ?, 'on_call', ?, ?), (?, ?, 'wrap_up', ?, ?)`,
      [aiko, id, day1, new Date(day1.getTime() + 420_000), aiko, id, new Date(day1.getTime() + 420_000), new Date(day1.getTime() + 510_000), aiko, id, new Date(day1.getTime() + 510_000), new Date(day1.getTime() + 600_000)],
    );

    const from = new Date(Date.UTC(2026, 10, 1));
    const to = new Date(Date.UTC(2026, 10, 5));
    const byDay = await withOrmContext(app, () => reports.kpis(id, from, to, 'day'));
    expect(byDay.rows.map((row) => [row.key.slice(0, 10), row.dials, row.liveAnswers, row.contacts, row.successes, row.abandons])).toEqual([
      ['2026-11-02', 4, 3, 2, 1, 1],
      ['2026-11-03', 3, 1, 0, 0, 0],
    ]);
    const [first] = byDay.rows;
    expect(first.answerRate).toBeCloseTo(3 / 4);
    expect(first.contactRate).toBeCloseTo(2 / 4);
    expect(first.conversionRate).toBeCloseTo(1 / 2);
    expect(first.abandonRate).toBeCloseTo(1 / 3);
    expect(first.averageSpeedToConnectSec).toBeCloseTo(3);
    expect(first).toMatchObject({ talkSec: 90, wrapSec: 90, loggedInSec: 600 });
    expect(first.averageHandleTimeSec).toBeCloseTo((90 + 90) / 2);
    expect(first.occupancy).toBeCloseTo(180 / 600);
    expect(first.talkMinutesPerAgentHour).toBeCloseTo(1.5 / (600 / 3600));
    expect(byDay.total).toMatchObject({ dials: 7, liveAnswers: 4, contacts: 2, successes: 1, connects: 3, abandons: 1 });
    expect(byDay.total.averageSpeedToConnectSec).toBeCloseTo(7 / 3);

    // The recount: the same figures straight from call_attempts.
    const [recount] = await query(
      app,
      `select count(*) filter (where provider_call_sid is not null or state <> 'canceled')::int as dials, count(*) filter (where connected_at is not null and answered_by = 'human')::int as connects
         from call_attempts where campaign_id = ? and created_at >= ? and created_at < ?`,
      [id, from, to],
    );
    expect(byDay.total).toMatchObject(recount);

    const byAgent = await withOrmContext(app, () => reports.kpis(id, from, to, 'agent'));
    expect(byAgent.rows.map((row) => [row.label, row.connects, row.successes])).toEqual(
      expect.arrayContaining([
        ['Aiko', 2, 1],
        ['Ben', 1, 0],
      ]),
    );
    const byList = await withOrmContext(app, () => reports.kpis(id, from, to, 'list'));
    expect(Object.fromEntries(byList.rows.map((row) => [row.label, row.dials]))).toEqual({ [`List ${listId.slice(0, 8)}`]: 4, 'Second list': 3 });
    expect(byList.rows.every((row) => row.occupancy === null)).toBe(true);

    const byHour = await withOrmContext(app, () => reports.kpis(id, from, to, 'hour', 'Asia/Tokyo'));
    expect(byHour.rows[0].key).toMatch(/^2026-11-02 19:00/); // 10:00 UTC is 19:00 in Tokyo
  });

  it('counts a success as a contact, so the conversion rate never passes 1 (a code may be flagged success alone)', async () => {
    const { id, listId } = await seedCampaign(app, { dispositions: [{ code: 'TALKED', isContact: true }, { code: 'WIN' }] });
    await query(app, `update disposition_codes set is_success = true where campaign_id = ? and code = 'WIN'`, [id]);
    const [lead] = await seedLeads(app, listId, [{ phone: '+14155550177' }]);
    const agent = await agentUser('Chie');
    const at = new Date(Date.UTC(2026, 10, 2, 10));
    for (const disposition of ['TALKED', 'WIN', 'WIN']) await attempt(id, lead, at, { answered: true, agentId: agent, speedSec: 1, talkSec: 30, disposition });
    const { total } = await withOrmContext(app, () => reports.kpis(id, new Date(Date.UTC(2026, 10, 1)), new Date(Date.UTC(2026, 10, 4)), 'day'));
    expect(total).toMatchObject({ liveAnswers: 3, contacts: 3, successes: 2 });
    expect(total.conversionRate).toBeCloseTo(2 / 3);
  });

  it('refuses a range that ends before it starts, or a zone that is not one, naming the field', async () => {
    const { id } = await seedCampaign(app);
    const now = new Date();
    await expect(withOrmContext(app, () => reports.kpis(id, now, new Date(now.getTime() - DAY), 'day'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'to' }] });
    await expect(withOrmContext(app, () => reports.kpis(id, new Date(now.getTime() - DAY), now, 'day', "UTC'; drop table x; --"))).rejects.toMatchObject({
      fields: [{ field: 'timeZone' }],
    });
    // Zones JavaScript takes and PostgreSQL cannot read (a 500 before), or reads as another place (IST: Israel, not India).
    for (const zone of ['US/Pacific-New', 'IST', 'JST', 'Factory', 'localtime']) {
      await expect(withOrmContext(app, () => reports.kpis(id, new Date(now.getTime() - DAY), now, 'day', zone))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: [{ field: 'timeZone' }],
      });
    }
    for (const zone of ['Asia/Kathmandu', 'Etc/GMT+5', 'utc', 'America/Ciudad_Juarez']) {
      await expect(withOrmContext(app, () => reports.kpis(id, new Date(now.getTime() - DAY), now, 'hour', zone))).resolves.toMatchObject({ timeZone: zone });
    }
  });

  it('gives one total whatever the grouping and path: the mean speed to connect over the timed connects, durations in whole milliseconds per call', async () => {
    const { id, listId } = await seedCampaign(app);
    const [lead] = await seedLeads(app, listId, [{ phone: '+14155550100' }]);
    const [hana, ivo] = [await agentUser('Hana'), await agentUser('Ivo')];
    const at = new Date(Date.UTC(2026, 10, 2, 10));
    // Hana: put through after 2 s, and once with clocks that disagree (connected before the answer: a connect, not timed); Ivo: after 4 s.
    await attempt(id, lead, at, { answered: true, agentId: hana, speedSec: 2, talkSec: 10 });
    await attempt(id, lead, at, { answered: true, agentId: hana, speedSec: -1, talkSec: 10 });
    await attempt(id, lead, at, { answered: true, agentId: ivo, speedSec: 4, talkSec: 10 });
    // Written with microseconds (SQL's now(), another writer's clock): the rollups keep whole milliseconds per call.
    await query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, connected_at, ended_at, agent_id)
       values (?, ?, '+14155550100', 'completed', 'CAmicro', '2026-11-03T10:00:00.123456Z', '2026-11-03T10:00:00.123456Z', 'human', '2026-11-03T10:00:01.777777Z', '2026-11-03T10:01:11.345679Z', ?)`,
      [id, lead, ivo],
    );
    type Rolled = { rolledUpAttempts: (...args: unknown[]) => Promise<unknown> };
    const rolled = jest.spyOn(KpiReportQueries.prototype as unknown as Rolled, 'rolledUpAttempts');
    const [from, to] = [new Date(Date.UTC(2026, 10, 1)), new Date(Date.UTC(2026, 10, 5))];
    const totals: KpiRow[] = [];
    for (const groupBy of ['day', 'hour', 'agent', 'list'] as const) {
      totals.push((await withOrmContext(app, () => reports.kpis(id, from, to, groupBy))).total);
      rolled.mockResolvedValueOnce(null);
      totals.push((await withOrmContext(app, () => reports.kpis(id, from, to, groupBy))).total);
    }
    rolled.mockRestore();
    const speeds = [2, 4, 1.654];
    const talks = [10, 10, 10, 69.567];
    // By list there is no agent time (null): the rest is the same.
    const attemptFigures = ({ loggedInSec: _l, occupancy: _o, talkMinutesPerAgentHour: _t, ...rest }: KpiRow) => rest;
    for (const total of totals) {
      expect(attemptFigures(total)).toEqual(attemptFigures(totals[0]));
      expect(total.averageSpeedToConnectSec).toBeCloseTo(speeds.reduce((a, b) => a + b) / speeds.length, 12);
      expect(total.averageHandleTimeSec).toBeCloseTo(talks.reduce((a, b) => a + b) / talks.length, 12);
    }
  });

  it('walks the regulatory window day by day from the rollups, agreeing with a recount from call_attempts, against the cap', async () => {
    const { id, listId } = await seedCampaign(app, { jurisdiction: 'UK' }); // a 24-hour window, cap 3 %
    const [lead] = await seedLeads(app, listId, [{ phone: '+447700900100', zones: ['Europe/London'] }]);
    const day = new Date(Date.UTC(2026, 10, 10, 12));
    for (let i = 0; i < 20; i++) await attempt(id, lead, day, { answered: true, abandoned: i < 1 });
    const next = new Date(day.getTime() + DAY);
    for (let i = 0; i < 10; i++) await attempt(id, lead, next, { answered: true, abandoned: i < 1 });

    const report = await withOrmContext(app, () => reports.abandonWindow(id, new Date(Date.UTC(2026, 10, 9)), new Date(Date.UTC(2026, 10, 13))));
    expect(report).toMatchObject({ windowHours: 24, capRate: 0.03 });
    expect(report.days.map((d) => [d.day, d.liveAnswers, d.abandons, d.overCap])).toEqual([
      ['2026-11-09', 0, 0, false],
      ['2026-11-10', 20, 1, true],
      ['2026-11-11', 10, 1, true],
      ['2026-11-12', 0, 0, false],
    ]);
    for (const d of report.days) {
      const [recount] = await query(
        app,
        `select count(*) filter (where answered_at is not null and answered_by = 'human')::int as "liveAnswers", count(*) filter (where abandoned)::int as abandons
           from call_attempts where campaign_id = ? and created_at >= ? and created_at < ?`,
        [id, new Date(d.windowStart), new Date(d.windowEnd)],
      );
      expect({ liveAnswers: d.liveAnswers, abandons: d.abandons }).toEqual(recount);
    }
    expect(report.days[1].rate).toBeCloseTo(1 / 20);
  });

  it('by day and hour from the rollups gives exactly what the scan of call_attempts gives, and falls back where a UTC hour straddles two local ones', async () => {
    const { id, listId } = await seedCampaign(app, { dispositions: [{ code: 'SALE', isContact: true }, { code: 'NOT_INTERESTED', isContact: true }, { code: 'WRONG_PARTY' }] });
    await query(app, `update disposition_codes set is_success = true where campaign_id = ? and code = 'SALE'`, [id]);
    const [lead] = await seedLeads(app, listId, [{ phone: '+14155550100' }]);
    const agents = [await agentUser('Chie'), await agentUser('Dan')];
    // 300 attempts over six days around the US end of DST (1 November 2026), at any millisecond, with every kind of outcome.
    const start = Date.UTC(2026, 9, 29);
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    for (let i = 0; i < 300; i++) {
      const at = new Date(start + Math.floor(random() * 6 * DAY));
      const kind = pick(['answered', 'answered', 'machine', 'abandoned', 'canceled', 'none']);
      await attempt(id, lead, at, {
        answered: kind === 'answered' || kind === 'abandoned',
        machine: kind === 'machine',
        abandoned: kind === 'abandoned',
        canceled: kind === 'canceled',
        agentId: kind === 'answered' && random() < 0.8 ? pick(agents) : undefined,
        speedSec: Math.round(random() * 9_000) / 1000 - (random() < 0.05 ? 10 : 0), // some clocks disagree: not timed
        talkSec: Math.round(random() * 300_000) / 1000,
        disposition: pick([undefined, 'SALE', 'NOT_INTERESTED', 'WRONG_PARTY', 'UNKNOWN_CODE']),
      });
    }
    // Some within one hour, and at its very edges.
    for (const at of ['2026-10-30T10:00:00.000Z', '2026-10-30T10:20:00.123Z', '2026-10-30T10:59:59.999Z']) {
      await attempt(id, lead, new Date(at), { answered: true, agentId: agents[1], speedSec: 1.5, talkSec: 33.333, disposition: 'SALE' });
    }
    await query(app, `insert into agent_state_log (agent_id, campaign_id, state, started_at, ended_at) values (?, ?, 'ready', ?, ?), (?, ?, 'wrap_up', ?, ?)`, [
      agents[0], id, new Date(start + 3_600_000), new Date(start + 2 * DAY), agents[0], id, new Date(start + 2 * DAY), new Date(start + 2 * DAY + 95_000),
    ]);
    // A manager makes a code a contact after the calls: past figures follow, as in the scan.
    await query(app, `update disposition_codes set is_contact = true where campaign_id = ? and code = 'WRONG_PARTY'`, [id]);

    type Rolled = { rolledUpAttempts: (...args: unknown[]) => Promise<unknown> };
    const rolled = jest.spyOn(KpiReportQueries.prototype as unknown as Rolled, 'rolledUpAttempts');
    const report = async (from: string, to: string, groupBy: 'day' | 'hour', zone: string) => {
      rolled.mockClear();
      const result = await withOrmContext(app, () => reports.kpis(id, new Date(from), new Date(to), groupBy, zone));
      return { result, fromRollups: (await rolled.mock.results[0].value) !== null };
    };
    const scanned = async (from: string, to: string, groupBy: 'day' | 'hour', zone: string) => {
      rolled.mockResolvedValueOnce(null);
      return withOrmContext(app, () => reports.kpis(id, new Date(from), new Date(to), groupBy, zone));
    };
    const cases: [string, string, 'day' | 'hour', string, boolean][] = [
      ['2026-10-28T00:00:00Z', '2026-11-05T00:00:00Z', 'day', 'UTC', true],
      ['2026-10-28T00:00:00Z', '2026-11-05T00:00:00Z', 'hour', 'UTC', true],
      ['2026-10-29T05:17:33.250Z', '2026-11-03T22:59:59.999Z', 'day', 'Asia/Tokyo', true], // part-hours at both ends
      ['2026-10-29T05:17:33.250Z', '2026-11-03T22:59:59.999Z', 'hour', 'Asia/Tokyo', true],
      ['2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', 'day', 'America/New_York', true], // two UTC hours into one local 01:00
      ['2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', 'hour', 'America/New_York', true],
      ['2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', 'day', 'Asia/Kolkata', false], // +5:30
      ['2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', 'hour', 'Asia/Kolkata', false],
      ['2026-10-30T10:05:00Z', '2026-10-30T10:55:00Z', 'hour', 'UTC', false], // within one hour
    ];
    for (const [from, to, groupBy, zone, expectRollups] of cases) {
      const { result, fromRollups } = await report(from, to, groupBy, zone);
      expect({ from, groupBy, zone, fromRollups }).toEqual({ from, groupBy, zone, fromRollups: expectRollups });
      expect(result).toEqual(await scanned(from, to, groupBy, zone));
      expect(result.total.dials).toBeGreaterThan(0);
    }
    // And the fallback is right: Kolkata's days against a recount.
    const { result: kolkata } = await report('2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', 'day', 'Asia/Kolkata');
    const recount = await query(
      app,
      `select date_trunc('day', a.created_at at time zone 'Asia/Kolkata')::text as key, count(*)::int as attempts, count(*) filter (where (d.is_contact or d.is_success) and a.answered_by = 'human')::int as contacts
         from call_attempts a left join disposition_codes d on d.campaign_id = a.campaign_id and d.code = a.disposition_code
        where a.campaign_id = ? and a.created_at >= '2026-10-29T00:00:00Z' and a.created_at < '2026-11-04T00:00:00Z' group by 1 order by 1`,
      [id],
    );
    expect(kolkata.rows.map((row) => [row.key, row.contacts])).toEqual(recount.map((row) => [row.key, row.contacts]));
    rolled.mockRestore();
  });

  it('by agent and list, and agent time in every grouping, from the rollups gives exactly what the scans give: part-hours, open periods, zones', async () => {
    const { id, listId } = await seedCampaign(app, { dispositions: [{ code: 'SALE', isContact: true }, { code: 'NOT_INTERESTED', isContact: true }, { code: 'WRONG_PARTY' }] });
    await query(app, `update disposition_codes set is_success = true where campaign_id = ? and code = 'SALE'`, [id]);
    const otherList = randomUUID();
    await query(app, `insert into lead_lists (id, name, default_country) values (?, 'Third list', 'US')`, [otherList]);
    const leads = [...(await seedLeads(app, listId, [{ phone: '+14155550100' }, { phone: '+14155550102' }])), ...(await seedLeads(app, otherList, [{ phone: '+14155550101' }]))];
    const { id: otherCampaign } = await seedCampaign(app);
    const agents = [await agentUser('Emi'), await agentUser('Fumio'), await agentUser('Gen')];
    const start = Date.UTC(2026, 9, 29);
    let seed = 11;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    for (let i = 0; i < 240; i++) {
      const kind = pick(['answered', 'answered', 'machine', 'abandoned', 'canceled', 'none']);
      await attempt(id, pick(leads), new Date(start + Math.floor(random() * 6 * DAY)), {
        answered: kind === 'answered' || kind === 'abandoned',
        machine: kind === 'machine',
        abandoned: kind === 'abandoned',
        canceled: kind === 'canceled',
        agentId: kind === 'answered' && random() < 0.85 ? pick(agents) : undefined,
        speedSec: Math.round(random() * 9_000) / 1000,
        talkSec: Math.round(random() * 300_000) / 1000,
        disposition: pick([undefined, 'SALE', 'NOT_INTERESTED', 'WRONG_PARTY', 'UNKNOWN_CODE']),
      });
    }
    const attemptIds = (await query(app, `select id from call_attempts where campaign_id = ?`, [id])).map((row) => row.id as string);

    // Each agent's day: periods back to back from a log-in, of any length (seconds to hours, some across midnight), some gaps (logged out);
    // opened then closed as the agents service writes them (two statements), or written closed at once; wrap-ups after calls of either list or none.
    const log = async (agentId: string, campaignId: string, state: string, startedAt: Date, endedAt: Date | null, attemptId: string | null, closeLater: boolean) => {
      const [{ id: row }] = await query(app, `insert into agent_state_log (agent_id, campaign_id, state, attempt_id, started_at, ended_at) values (?, ?, ?, ?, ?, ?) returning id`, [
        agentId, campaignId, state, attemptId, startedAt, closeLater ? null : endedAt,
      ]);
      if (closeLater && endedAt) await query(app, `update agent_state_log set ended_at = ? where id = ?`, [endedAt, row]);
    };
    for (const agentId of agents) {
      let at = start + Math.floor(random() * 3 * 3_600_000);
      while (at < start + 6 * DAY) {
        const state = pick(['ready', 'ready', 'on_call', 'wrap_up', 'wrap_up', 'paused', 'reserved']);
        const length = Math.floor(random() < 0.1 ? random() * 30 * 3_600_000 : random() * 1_500_000) + (random() < 0.3 ? 0.123 : 0);
        const ends = new Date(at + length);
        await log(agentId, id, state, new Date(at), ends, state === 'wrap_up' || state === 'on_call' ? (random() < 0.9 ? pick(attemptIds) : null) : null, random() < 0.7);
        at = ends.getTime() + (random() < 0.15 ? Math.floor(random() * 5 * 3_600_000) : 0);
      }
    }
    // Open periods: one begun long before the ranges, one within a part-hour; a period that ends before it starts (clocks of two processes); another campaign's time.
    await log(agents[0], id, 'ready', new Date('2026-10-27T22:30:00.5Z'), null, null, false);
    await log(agents[1], id, 'wrap_up', new Date('2026-11-03T22:41:07.25Z'), null, attemptIds[0], false);
    await log(agents[2], id, 'paused', new Date('2026-10-31T12:00:00.010Z'), new Date('2026-10-31T12:00:00.002Z'), null, true);
    await log(agents[2], otherCampaign, 'ready', new Date('2026-10-30T00:00:00Z'), new Date('2026-11-02T00:00:00Z'), null, true);
    await query(app, `update disposition_codes set is_contact = true where campaign_id = ? and code = 'WRONG_PARTY'`, [id]);

    type Spied = Record<'rolledUpAttempts' | 'rolledUpAgentTime', (...args: unknown[]) => Promise<unknown>>;
    const rolledAttempts = jest.spyOn(KpiReportQueries.prototype as unknown as Spied, 'rolledUpAttempts');
    const rolledTime = jest.spyOn(KpiReportQueries.prototype as unknown as Spied, 'rolledUpAgentTime');
    const cases: [string, string, KpiGrouping, string, boolean][] = [];
    for (const groupBy of ['agent', 'list', 'day', 'hour'] as const) {
      cases.push(
        ['2026-10-28T00:00:00Z', '2026-11-05T00:00:00Z', groupBy, 'UTC', true],
        ['2026-10-29T05:17:33.250Z', '2026-11-03T22:59:59.999Z', groupBy, 'Asia/Tokyo', true], // part-hours at both ends, inside long and open periods; long part-days (a day less some hours)
        ['2026-10-29T19:40:00.001Z', '2026-11-03T04:20:00Z', groupBy, 'UTC', true], // short part-days (their hours added)
        [new Date(Date.now() - 40 * DAY).toISOString(), new Date(Date.now() - 60_000).toISOString(), groupBy, 'UTC', true], // to a minute ago: the day under way by hour, its hour less what is to come
        ['2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', groupBy, 'America/New_York', true], // the end of DST
        ['2026-10-30T10:05:00Z', '2026-10-30T10:55:00Z', groupBy, 'UTC', false], // within one hour
      );
    }
    cases.push(['2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', 'day', 'Asia/Kolkata', false], ['2026-10-29T00:00:00Z', '2026-11-04T00:00:00Z', 'agent', 'Asia/Kolkata', true]);
    for (const [from, to, groupBy, zone, expectRollups] of cases) {
      rolledAttempts.mockClear();
      rolledTime.mockClear();
      const result = await withOrmContext(app, () => reports.kpis(id, new Date(from), new Date(to), groupBy, zone));
      const fromRollups = [(await rolledAttempts.mock.results[0].value) !== null, (await rolledTime.mock.results[0].value) !== null];
      expect({ from, groupBy, zone, fromRollups }).toEqual({ from, groupBy, zone, fromRollups: [expectRollups, expectRollups] });
      rolledAttempts.mockResolvedValueOnce(null);
      rolledTime.mockResolvedValueOnce(null);
      const scanned = await withOrmContext(app, () => reports.kpis(id, new Date(from), new Date(to), groupBy, zone));
      expect({ from, groupBy, zone, result }).toEqual({ from, groupBy, zone, result: scanned });
      if (to > '2026-10-31') expect(result.total.wrapSec).toBeGreaterThan(0);
    }

    // The agent time against the definition, period by period: seconds within the range (an open period ends now), none for a backwards one.
    const [from, to] = [new Date('2026-10-29T05:17:33.250Z'), new Date('2026-11-03T22:59:59.999Z')];
    const byAgent = await withOrmContext(app, () => reports.kpis(id, from, to, 'agent'));
    const recount = await query(
      app,
      `select agent_id::text as key, round(sum(greatest(0, extract(epoch from least(coalesce(ended_at, now()), ?) - greatest(started_at, ?)))))::int as "loggedInSec",
              round(coalesce(sum(greatest(0, extract(epoch from least(coalesce(ended_at, now()), ?) - greatest(started_at, ?)))) filter (where state = 'wrap_up'), 0))::int as "wrapSec"
         from agent_state_log where campaign_id = ? and started_at < ? and coalesce(ended_at, now()) > ? group by 1 order by 1`,
      [to, from, to, from, id, to, from],
    );
    expect(byAgent.rows.map(({ key, loggedInSec, wrapSec }) => ({ key, loggedInSec, wrapSec }))).toEqual(recount);
    const byList = await withOrmContext(app, () => reports.kpis(id, from, to, 'list'));
    const wrapByList = await query(
      app,
      `select l.list_id::text as key, round(sum(extract(epoch from least(coalesce(s.ended_at, now()), ?) - greatest(s.started_at, ?))))::int as "wrapSec"
         from agent_state_log s join call_attempts a on a.id = s.attempt_id join leads l on l.id = a.lead_id
        where s.campaign_id = ? and s.state = 'wrap_up' and s.started_at < ? and coalesce(s.ended_at, now()) > ? group by 1 order by 1`,
      [to, from, id, to, from],
    );
    expect(byList.rows.map(({ key, wrapSec }) => ({ key, wrapSec }))).toEqual(wrapByList);
    rolledAttempts.mockRestore();
    rolledTime.mockRestore();
  });
});
