import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { CampaignStatsService } from './campaign-stats.service';

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
