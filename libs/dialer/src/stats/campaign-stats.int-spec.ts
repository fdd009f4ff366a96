import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { CampaignStatsService } from './campaign-stats.service';
import { KpiReportQueries } from './kpi-report.queries';

describe('floor stats (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  const MINUTE = 60_000;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const stats = (campaignId: string) => withOrmContext(app, () => app.get(CampaignStatsService).stats(campaignId));

  const calls = async (campaignId: string, leadId: string, n: number, fields: { answeredBy?: string | null; abandoned?: boolean }) => {
    const at = new Date(Date.now() - 10 * MINUTE);
    for (let i = 0; i < n; i++) {
      await query(
        app,
        `insert into call_attempts (id, campaign_id, lead_id, phone, state, created_at, answered_at, answered_by, abandoned, ended_at)
         values (?, ?, ?, '+447700900100', 'completed', ?, ?, ?, ?, ?)`,
        [randomUUID(), campaignId, leadId, at, at, fields.answeredBy ?? 'human', fields.abandoned ?? false, at],
      );
    }
  };

  it('counts the UK estimate of AMD false positives in the abandon rate, and never a machine as an abandon', async () => {
    const { id, listId } = await seedCampaign(app, { jurisdiction: 'UK', settings: { amd: { mode: 'async', falsePositiveRate: 0.1 } } });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+447700900100', zones: ['Europe/London'], status: 'done' }]);
    await calls(id, leadId, 98, {});
    await calls(id, leadId, 2, { abandoned: true });
    await calls(id, leadId, 20, { answeredBy: 'machine_start' });
    await calls(id, leadId, 1, { answeredBy: 'machine_end_beep', abandoned: true }); // abandon message before the verdict: a machine heard it

    const { window } = await stats(id);
    expect(window).toMatchObject({ hours: 24, capRate: 0.03, liveAnswers: 100, machines: 21, abandons: 2 });
    expect(window.amdFalsePositives).toBeCloseTo(2.1);
    expect(window.abandonRate).toBeCloseTo((2 + 2.1) / (100 + 2.1), 10);

    // The same calls under the US profile: no estimate.
    const us = await seedCampaign(app, { jurisdiction: 'US', settings: { amd: { mode: 'async', falsePositiveRate: 0.1 } } });
    await calls(us.id, leadId, 50, {});
    await calls(us.id, leadId, 1, { abandoned: true });
    await calls(us.id, leadId, 10, { answeredBy: 'machine_start' });
    expect((await stats(us.id)).window).toMatchObject({ hours: 720, liveAnswers: 51, abandons: 1, amdFalsePositives: 0, abandonRate: 1 / 51 });
  });

  it('counts a connect as a person with an agent, machines that reached one apart, and never lowers live answers when AMD verdicts come after bridging', async () => {
    const { id, listId } = await seedCampaign(app, { settings: { amd: { mode: 'async' } } });
    const leadIds = await seedLeads(
      app,
      listId,
      Array.from({ length: 10 }, (_, i) => ({ phone: `+1415555011${i}`, zones: ['America/Los_Angeles'], status: 'dialing' })),
    );
    const at = new Date(Date.now() - 5 * MINUTE);
    // Ten answered calls bridged to agents before any AMD verdict came.
    const ids = Array.from({ length: 10 }, () => randomUUID());
    for (const [i, attemptId] of ids.entries()) {
      const leadId = leadIds[i];
      await query(
        app,
        `insert into call_attempts (id, campaign_id, lead_id, phone, state, created_at, answered_at, connected_at) values (?, ?, ?, ?, 'in_progress', ?, ?, ?)`,
        [attemptId, id, leadId, `+1415555011${i}`, at, at, at],
      );
    }
    const reads: { liveAnswers: number; connects: number; machineConnects: number }[] = [];
    const read = async () => {
      const { window, lastHour } = await stats(id);
      const previous = reads.at(-1);
      // At every read, not only at the end: connects never exceed live answers, and neither figure goes down.
      expect(window.connects).toBeLessThanOrEqual(window.liveAnswers);
      expect(window.liveAnswers).toBeGreaterThanOrEqual(previous?.liveAnswers ?? 0);
      expect(window.connects).toBeGreaterThanOrEqual(previous?.connects ?? 0);
      expect([lastHour.liveAnswers, lastHour.connects, lastHour.machineConnects]).toEqual([window.liveAnswers, window.connects, window.machineConnects]);
      reads.push({ liveAnswers: window.liveAnswers, connects: window.connects, machineConnects: window.machineConnects });
    };
    await read();
    // Verdicts arrive one by one, as the state machine fills them (once): 4 machines, 4 people; then the last two calls end with none.
    const verdicts = ['machine_start', 'human', 'machine_end_beep', 'human', 'fax', 'unknown', 'machine_end_other', 'human'];
    for (const [i, verdict] of verdicts.entries()) {
      await query(app, `update call_attempts set answered_by = ? where id = ? and answered_by is null`, [verdict, ids[i]]);
      await read();
    }
    for (const attemptId of ids) {
      await query(app, `update call_attempts set state = 'completed', ended_at = now() where id = ? and ended_at is null`, [attemptId]);
      await read();
    }

    expect(reads[0]).toEqual({ liveAnswers: 0, connects: 0, machineConnects: 0 });
    expect(reads.at(-1)).toEqual({ liveAnswers: 6, connects: 6, machineConnects: 4 });
    expect((await stats(id)).window).toMatchObject({ machines: 4, dials: 10 });
  });

  it('counts contacts and the contact rate (コンタクト率) as the KPI report does for the same calls: contact outcomes ÷ dials, not answers ÷ dials', async () => {
    const { id, listId } = await seedCampaign(app, {
      dispositions: [{ code: 'SALE', isContact: false }, { code: 'INTERESTED', isContact: true }, { code: 'WRONG_PARTY' }, { code: 'NO_ANSWER_BOX' }],
    });
    await query(app, `update disposition_codes set is_success = true where campaign_id = ? and code = 'SALE'`, [id]);
    const [leadId] = await seedLeads(app, listId, [{ phone: '+14155550120', zones: ['America/Los_Angeles'], status: 'done' }]);
    const now = Date.now();
    const call = (minutesAgo: number, f: { answeredBy?: string | null; connected?: boolean; disposition?: string; canceled?: boolean }) => {
      const at = new Date(now - minutesAgo * MINUTE);
      const answered = f.answeredBy !== undefined && f.answeredBy !== null;
      return query(
        app,
        `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, connected_at, ended_at, disposition_code)
         values (?, ?, ?, '+14155550120', ?, ?, ?, ?, ?, ?, ?, ?)`,
        [randomUUID(), id, leadId, f.canceled ? 'canceled' : 'completed', f.canceled ? null : `CA${randomUUID().replace(/-/g, '')}`, at, answered ? at : null, f.answeredBy ?? null, f.connected ? at : null, new Date(at.getTime() + 1000), f.disposition ?? null],
      );
    };
    // Calls across the hour: some in the part-hour the stats read from call_attempts, some in whole hours they read from the rollups.
    for (const minutesAgo of [2, 31, 58]) {
      await call(minutesAgo, { answeredBy: 'human', connected: true, disposition: 'SALE' }); // a contact (a success is one)
      await call(minutesAgo, { answeredBy: 'human', connected: true, disposition: 'INTERESTED' }); // a contact
      await call(minutesAgo, { answeredBy: 'human', connected: true, disposition: 'WRONG_PARTY' }); // answered, put through, not the right party
      await call(minutesAgo, { answeredBy: 'human' }); // answered, no code (abandoned or hung up)
      await call(minutesAgo, { answeredBy: 'machine_start', connected: true, disposition: 'SALE' }); // a machine an agent coded: no conversation
      await call(minutesAgo, {}); // unanswered
      await call(minutesAgo, { canceled: true }); // never rang: no dial
    }
    // Older than the hour: in the regulatory window only.
    await call(3 * 60, { answeredBy: 'human', connected: true, disposition: 'INTERESTED' });
    await call(3 * 60, {});

    const { lastHour, window } = await stats(id);
    expect(lastHour).toMatchObject({ dials: 18, liveAnswers: 12, connects: 9, contacts: 6 });
    expect(lastHour.contactRate).toBeCloseTo(6 / 18, 10); // not live answers ÷ dials (12 ÷ 18), nor connects ÷ dials
    expect(window).toMatchObject({ dials: 20, liveAnswers: 13, contacts: 7 });
    expect(window.contactRate).toBeCloseTo(7 / 20, 10);

    // The KPI report over the same hour gives the same contacts and コンタクト率.
    const report = await withOrmContext(app, () => app.get(KpiReportQueries).kpis(id, new Date(now - 60 * MINUTE), new Date(now + 1), 'hour'));
    expect(report.total).toMatchObject({ dials: lastHour.dials, liveAnswers: lastHour.liveAnswers, contacts: lastHour.contacts });
    expect(lastHour.contactRate).toBeCloseTo(report.total.contactRate!, 10);

    // A code's flags changed by a manager change both, past calls included (both join the current flags).
    await query(app, `update disposition_codes set is_contact = true where campaign_id = ? and code = 'WRONG_PARTY'`, [id]);
    const after = await stats(id);
    const reportAfter = await withOrmContext(app, () => app.get(KpiReportQueries).kpis(id, new Date(now - 60 * MINUTE), new Date(now + 1), 'hour'));
    expect(after.lastHour.contacts).toBe(9);
    expect(reportAfter.total.contacts).toBe(9);
  });

  it('reports occupancy as talk, and as talk plus wrap-up, over logged-in time', async () => {
    const { id } = await seedCampaign(app);
    const agentId = randomUUID();
    const now = Date.now();
    const periods: [string, number, number][] = [
      ['ready', 60, 50], // minutes ago: from, to
      ['on_call', 50, 20],
      ['wrap_up', 20, 10],
      ['paused', 10, 0],
    ];
    for (const [state, from, to] of periods) {
      await query(app, `insert into agent_state_log (agent_id, campaign_id, state, started_at, ended_at) values (?, ?, ?, ?, ?)`, [
        agentId,
        id,
        state,
        new Date(now - from * MINUTE),
        new Date(now - to * MINUTE),
      ]);
    }
    const result = await stats(id);
    expect(result.occupancy).toBeCloseTo(0.5, 2);
    expect(result.occupancyWithWrap).toBeCloseTo(40 / 60, 2);
  });
});
