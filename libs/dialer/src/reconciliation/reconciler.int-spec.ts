import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { AgentsService } from '@dialer/agents';
import { CallsModule } from '@dialer/calls';
import { Campaign, resolveCampaignConfig } from '@dialer/campaigns';
import { ManualClock } from '@dialer/core';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { AgentCallsService, NoPreviewError, PreviewNotDialableError } from '../agent-calls/agent-calls.service';
import { DialerModule } from '../dialer.module';
import { CallEndings } from '../settlement/call-endings.service';
import { Reconciler } from './reconciler.service';

describe('reconciliation (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let reconciler: Reconciler;
  let agents: AgentsService;
  let agentCalls: AgentCallsService;
  // Monday 2026-11-23 12:00 in New York.
  const now = new Date('2026-11-23T17:00:00Z');
  const clock = new ManualClock(now);
  const minutes = (n: number) => n * 60_000;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], clock);
    // As the worker's jobs and the api's requests run them: each in a fresh ORM context.
    const inContext = <T extends object>(service: T): T =>
      new Proxy(service, {
        get: (target, key) => {
          const value = Reflect.get(target, key) as unknown;
          return typeof value === 'function' ? (...args: unknown[]) => withOrmContext(app, () => value.apply(target, args)) : value;
        },
      });
    reconciler = inContext(app.get(Reconciler));
    agents = app.get(AgentsService);
    agentCalls = inContext(app.get(AgentCallsService));
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  beforeEach(() => clock.set(now));

  /** A preview campaign, one lead, one ready agent, and the lead offered to them (the attempt queued, the agent reserved). */
  const heldPreview = async (settings: Record<string, unknown> = {}) => {
    const seeded = await seedCampaign(app, { mode: 'preview', settings });
    const phone = `+1212555${Math.floor(1000 + Math.random() * 8999)}`;
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone }]);
    const agentId = randomUUID();
    await agents.join(agentId, seeded.id, 'Preview agent');
    await agents.ready(agentId);
    const campaign = await app.get(MikroORM).em.fork().findOneOrFail(Campaign, { id: seeded.id });
    expect(await agentCalls.offerPreview(campaign, resolveCampaignConfig(campaign, now), agentId, 'Preview agent')).toBe(true);
    const [attempt] = await query(app, `select id from call_attempts where lead_id = ?`, [leadId]);
    expect((await agents.get(agentId))?.state).toBe('reserved');
    return { campaignId: seeded.id, leadId, agentId, attemptId: attempt.id as string, phone };
  };
  /** The preview was offered `ms` ago. */
  const heldFor = async (attemptId: string, ms: number) => {
    const at = new Date(now.getTime() - ms);
    await query(app, `update call_attempts set created_at = ?, updated_at = ? where id = ?`, [at, at, attemptId]);
  };
  const attempt = async (id: string) => (await query(app, `select * from call_attempts where id = ?`, [id]))[0];
  const lead = async (id: string) => (await query(app, `select * from leads where id = ?`, [id]))[0];

  it('leaves a preview alone while the agent reads it (the old sweep cancelled it after 2 minutes, leaving the agent reserved)', async () => {
    const held = await heldPreview();
    await heldFor(held.attemptId, minutes(5));
    const report = await reconciler.run();
    expect(report).toMatchObject({ neverPlaced: 0, previewsExpired: 0 });
    expect(await attempt(held.attemptId)).toMatchObject({ state: 'queued', settled_at: null });
    // The agent can still act on it: dialing is refused only if a gate now blocks (here, none would); skip works.
    expect(await agentCalls.skipPreview(held.agentId)).toEqual({ attemptId: held.attemptId });
    expect((await agents.get(held.agentId))?.state).toBe('ready');
  });

  it('closes a preview held past the reading limit: the lead returns later, unspent, and the agent is released (paused, nobody is at the desk)', async () => {
    const held = await heldPreview();
    await heldFor(held.attemptId, minutes(11));
    expect(await reconciler.run()).toMatchObject({ previewsExpired: 1, neverPlaced: 0 });
    expect(await attempt(held.attemptId)).toMatchObject({ state: 'canceled', outcome: 'skipped', provider_call_sid: null });
    expect((await attempt(held.attemptId)).settled_at).not.toBeNull();
    expect(await lead(held.leadId)).toMatchObject({ status: 'retry' });
    expect(await agents.get(held.agentId)).toMatchObject({ state: 'paused', pauseReason: 'preview_timeout', attemptId: null });
    // The agent can carry on: ready works again (it failed while stuck `reserved`).
    await expect(agents.ready(held.agentId)).resolves.toMatchObject({ state: 'ready' });
  });

  it('bounds a preview with a countdown by the countdown (plus a grace for its timer)', async () => {
    const held = await heldPreview({ preview: { autoDialAfterSec: 30 } });
    await heldFor(held.attemptId, 80_000);
    expect(await reconciler.run()).toMatchObject({ previewsExpired: 0 });
    await heldFor(held.attemptId, 100_000);
    expect(await reconciler.run()).toMatchObject({ previewsExpired: 1 });
    expect((await agents.get(held.agentId))?.state).toBe('paused');
  });

  it('frees an agent whose reservation outlived its attempt: skip and dial release it instead of failing forever', async () => {
    const held = await heldPreview();
    // The attempt went away behind the agent's back (an older build's sweep cancelled it).
    await query(app, `update call_attempts set state = 'canceled', outcome = 'canceled', ended_at = now() where id = ?`, [held.attemptId]);
    await expect(agentCalls.skipPreview(held.agentId)).rejects.toMatchObject({ code: 'NO_PREVIEW', message: expect.stringMatching(/no longer held/) });
    expect((await agents.get(held.agentId))?.state).toBe('ready');

    const again = await heldPreview();
    await query(app, `delete from call_attempts where id = ?`, [again.attemptId]);
    await expect(agentCalls.dialPreview(again.agentId)).rejects.toBeInstanceOf(NoPreviewError);
    expect((await agents.get(again.agentId))?.state).toBe('ready');
  });

  it('releases, on its own, an agent left reserved for an attempt that is over', async () => {
    const held = await heldPreview();
    await query(app, `update call_attempts set state = 'canceled', outcome = 'canceled', ended_at = now(), settled_at = now() where id = ?`, [held.attemptId]);
    expect(await reconciler.run()).toMatchObject({ agentsReleased: 0 }); // just reserved: not yet suspicious
    clock.advance(minutes(3));
    expect(await reconciler.run()).toMatchObject({ agentsReleased: 1 });
    expect((await agents.get(held.agentId))?.state).toBe('ready');
  });

  it('refuses to dial a preview whose number went on the DNC list while the agent read it, and frees the agent', async () => {
    const held = await heldPreview();
    await query(app, `insert into dnc_entries (phone, scope, source) values (?, 'global', 'manual')`, [held.phone]);
    const refusal = agentCalls.dialPreview(held.agentId);
    await expect(refusal).rejects.toBeInstanceOf(PreviewNotDialableError);
    await expect(refusal).rejects.toMatchObject({ code: 'LEAD_NOT_DIALABLE', kind: 'unprocessable', message: expect.stringMatching(/do-not-call/) });
    expect(await attempt(held.attemptId)).toMatchObject({ state: 'canceled', provider_call_sid: null });
    expect(await lead(held.leadId)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc' });
    expect((await agents.get(held.agentId))?.state).toBe('ready');
  });

  it('gives back a manual dial that never reached Twilio, and releases its agent', async () => {
    const seeded = await seedCampaign(app, { mode: 'preview' });
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone: '+12125557001' }]);
    const agentId = randomUUID();
    await agents.join(agentId, seeded.id, 'Manual agent');
    await agents.ready(agentId);
    const attemptId = randomUUID();
    const at = new Date(now.getTime() - minutes(3));
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, mode, agent_id, created_at, updated_at) values (?, ?, ?, '+12125557001', 'queued', 'manual', ?, ?, ?)`,
      [attemptId, seeded.id, leadId, agentId, at, at],
    );
    await query(app, `update leads set status = 'dialing' where id = ?`, [leadId]);
    await agents.reserve(agentId, attemptId, leadId);

    expect(await reconciler.run()).toMatchObject({ neverPlaced: 1 });
    expect(await attempt(attemptId)).toMatchObject({ state: 'canceled', outcome: 'canceled' });
    expect(await lead(leadId)).toMatchObject({ status: 'retry' });
    expect((await agents.get(agentId))?.state).toBe('ready');
  });

  it('clears the abandon flag of a machine AMD recognised after the abandon message, even once settled', async () => {
    const seeded = await seedCampaign(app, { jurisdiction: 'UK' });
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone: '+447700900123', zones: ['Europe/London'] }]);
    const attemptId = randomUUID();
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, answered_at, answered_by, abandoned, outcome, ended_at)
       values (?, ?, ?, '+447700900123', 'completed', ?, ?, 'machine_end_beep', true, 'abandoned', ?)`,
      [attemptId, seeded.id, leadId, `CA${attemptId.replace(/-/g, '')}`, new Date(now.getTime() - minutes(2)), new Date(now.getTime() - minutes(1))],
    );
    await query(app, `update leads set status = 'dialing' where id = ?`, [leadId]);
    expect(await reconciler.run()).toMatchObject({ settled: 1 });
    expect(await attempt(attemptId)).toMatchObject({ outcome: 'machine', abandoned: false });
    // Not abandoned, so no UK 72-hour block: the lead is retried on the machine rule (next day).
    expect(await lead(leadId)).toMatchObject({ status: 'retry' });

    // A verdict that comes after the attempt was settled as abandoned still clears it (the rate and the 72 h rule read the flag).
    const late = randomUUID();
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, answered_at, abandoned, outcome, ended_at, settled_at)
       values (?, ?, ?, '+447700900123', 'completed', ?, true, 'abandoned', ?, ?)`,
      [late, seeded.id, leadId, now, now, now],
    );
    await query(app, `update call_attempts set answered_by = 'machine_start' where id = ?`, [late]);
    await app.get(CallEndings).machineNotAbandoned(late);
    expect(await attempt(late)).toMatchObject({ outcome: 'machine', abandoned: false });
    expect((await query(app, `select count(*)::int as n from call_attempts where phone = '+447700900123' and abandoned`))[0].n).toBe(0);
  });
});
