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
