import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { resolveCampaignConfig } from '@dialer/campaigns';
import { ManualClock } from '@dialer/core';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { CallPlacer } from './call-placer';
import { CpsLimiter } from './cps-limiter';

describe('placing calls: the CPS budget and the last DNC check (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  const now = new Date('2026-11-23T17:00:00Z');
  const clock = new ManualClock(now);

  beforeAll(async () => {
    // The account's default: one call per second.
    ctx = await createTestContext({ TWILIO_CPS: '1' });
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], clock);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it('tells the pacing loop how many calls the shared account budget can place in the near term', async () => {
    const cps = app.get(CpsLimiter);
    const campaign = randomUUID();
    expect(await cps.capacity(campaign, 20, 2_000)).toBe(2); // 1 CPS: two slots in the next 2 s, whatever the campaign asks
    expect(await cps.tryTake(campaign, 20)).toBe(0);
    expect(await cps.capacity(campaign, 20, 2_000)).toBe(1);
    // Another campaign draws from the same account bucket.
    expect(await cps.capacity(randomUUID(), 20, 2_000)).toBe(1);
    expect(await cps.tryTake(campaign, 20)).toBeGreaterThan(0); // the next slot is a second away
    clock.advance(1_000);
    expect(await cps.capacity(campaign, 20, 2_000)).toBe(2);
  });

  it('does not place a call whose number went on a DNC list while it waited: cancelled unplaced, the lead blocked, no attempt spent', async () => {
    const seeded = await seedCampaign(app, { settings: { callerIds: { numbers: ['+14155550100'] } } });
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone: '+12125558001', status: 'dialing' }]);
    const attemptId = randomUUID();
    await query(app, `insert into call_attempts (id, campaign_id, lead_id, phone, state, mode) values (?, ?, ?, '+12125558001', 'queued', 'predictive')`, [
      attemptId,
      seeded.id,
      leadId,
    ]);
    await query(app, `insert into dnc_entries (phone, scope, source) values ('+12125558001', 'global', 'manual')`);
    clock.advance(5_000); // a free slot
    const config = resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'predictive', jurisdiction: 'US', settings: { callerIds: { numbers: ['+14155550100'] } } });

    expect(await app.get(CallPlacer).place(attemptId, seeded.id, '+12125558001', config)).toBe('refused');
    const [attempt] = await query(app, `select state, provider_call_sid, compliance_evidence from call_attempts where id = ?`, [attemptId]);
    expect(attempt).toMatchObject({ state: 'canceled', provider_call_sid: null, compliance_evidence: { notPlaced: expect.stringMatching(/do-not-call/) } });
    const [lead] = await query(app, `select status, blocked_reason from leads where id = ?`, [leadId]);
    expect(lead).toEqual({ status: 'blocked', blocked_reason: 'dnc' });
  });

  it('gives back, rather than leaving queued behind a 500, the call of a campaign with no caller id', async () => {
    const seeded = await seedCampaign(app);
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone: '+12125558002', status: 'dialing' }]);
    const attemptId = randomUUID();
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, mode, compliance_evidence) values (?, ?, ?, '+12125558002', 'queued', 'manual', ?)`,
      [attemptId, seeded.id, leadId, JSON.stringify({ taken: { status: 'new', nextAttemptAt: null } })],
    );
    const config = resolveCampaignConfig({ kind: 'telemarketing', dialingMode: 'preview', jurisdiction: 'US', settings: {} });

    expect(await app.get(CallPlacer).place(attemptId, seeded.id, '+12125558002', config)).toBe('refused');
    const [attempt] = await query(app, `select state, settled_at, compliance_evidence from call_attempts where id = ?`, [attemptId]);
    expect(attempt).toMatchObject({ state: 'canceled', settled_at: expect.anything(), compliance_evidence: { notPlaced: expect.stringMatching(/caller id/) } });
    expect((await query(app, `select status from leads where id = ?`, [leadId]))[0]).toEqual({ status: 'new' });
  });
});
