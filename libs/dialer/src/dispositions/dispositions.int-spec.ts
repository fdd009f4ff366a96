import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { AgentsService } from '@dialer/agents';
import { ManualClock } from '@dialer/core';
import { DncService } from '@dialer/compliance';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { AttemptSettlementService } from '../settlement/attempt-settlement.service';
import { DispositionService } from './disposition.service';

describe('dispositions and settlement (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let dispositions: DispositionService;
  let agents: AgentsService;
  const now = new Date('2026-11-23T17:00:00Z'); // Monday noon in New York
  const DISPOSITIONS = [
    { code: 'SALE', isFinal: true, isContact: true },
    { code: 'NOT_INTERESTED', isFinal: true, isContact: true },
    { code: 'CALLBACK', isCallback: true, isContact: true },
    { code: 'DNC', isFinal: true, isDnc: true },
    { code: 'PROMISE_TO_PAY', isFinal: true, isContact: true },
    { code: 'REFUSED', isContact: true },
  ];

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], new ManualClock(now));
    dispositions = app.get(DispositionService);
    agents = app.get(AgentsService);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** A call that reached an agent and has ended: the agent is in wrap-up. */
  const endedCall = async (options: { kind?: string; jurisdiction?: string; settings?: Record<string, unknown>; zones?: string[] } = {}) => {
    const campaign = await seedCampaign(app, { ...options, dispositions: DISPOSITIONS });
    // As the defaults have it: "not interested" is a refusal to be solicited; collections' "refused (to pay)" is not.
    await query(app, `update disposition_codes set is_refusal = true where campaign_id = ? and code = 'NOT_INTERESTED'`, [campaign.id]);
    const phone = `+1212555${Math.floor(1000 + Math.random() * 8999)}`;
    const [leadId] = await seedLeads(app, campaign.listId, [{ phone, status: 'dialing', zones: options.zones }]);
    const agentId = randomUUID();
    const attemptId = randomUUID();
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, agent_id, answered_at, connected_at, ended_at)
       values (?, ?, ?, ?, 'completed', ?, ?, ?, ?)`,
      [attemptId, campaign.id, leadId, phone, agentId, now, now, now],
    );
    await agents.join(agentId, campaign.id, 'Test agent');
    await agents.ready(agentId);
    await agents.reserveNext(campaign.id, attemptId, leadId);
    await agents.endCall(agentId, attemptId);
    return { campaign, leadId, agentId, attemptId, phone };
  };
  const actor = (agentId: string) => ({ id: agentId, role: 'agent' });
  const lead = async (id: string) => (await query(app, 'select * from leads where id = ?', [id]))[0];

  it('waits for the agent’s disposition before settling a connected call', async () => {
    const { attemptId } = await endedCall();
    expect(await app.get(AttemptSettlementService).settle(attemptId)).toBe('awaiting_disposition');
  });

  it('waits for the agent’s disposition on a call put through while the callee was on the line, its join’s callback lost', async () => {
    const call = await endedCall();
    // The flow put the callee through 20 s before the end; the conference's join callback never came (connected_at null).
    await query(
      app,
      `update call_attempts set connected_at = null, mode = 'predictive', answered_by = 'human', answered_at = ?,
              compliance_evidence = jsonb_build_object('putThroughAt', ?::text) where id = ?`,
      [new Date(now.getTime() - 25_000), new Date(now.getTime() - 20_000).toISOString(), call.attemptId],
    );
    // Settled at the call's end without the outcome, the lead would be dialed again whatever the agent records.
    expect(await app.get(AttemptSettlementService).settle(call.attemptId)).toBe('awaiting_disposition');
    expect(await dispositions.submit(call.agentId, call.attemptId, { code: 'SALE', data: { amount: 4900, currency: 'USD' } }, actor(call.agentId)))
      .toMatchObject({ settlement: 'settled' });
    expect(await lead(call.leadId)).toMatchObject({ status: 'done', last_disposition: 'SALE' });
    expect((await query(app, 'select abandoned, outcome from call_attempts where id = ?', [call.attemptId]))[0]).toMatchObject({ abandoned: false, outcome: 'human' });
  });

  it('closes the lead on a final disposition and returns the agent to ready', async () => {
    const call = await endedCall();
    expect(await dispositions.submit(call.agentId, call.attemptId, { code: 'SALE', data: { amount: 4900, currency: 'USD' } }, actor(call.agentId)))
      .toMatchObject({ settlement: 'settled' });
    expect(await lead(call.leadId)).toMatchObject({ status: 'done', last_disposition: 'SALE' });
    expect((await agents.get(call.agentId))?.state).toBe('ready');
    await expect(dispositions.submit(call.agentId, call.attemptId, { code: 'SALE' }, actor(call.agentId))).rejects.toMatchObject({
      code: 'DISPOSITION_ALREADY_SET',
      details: { code: 'SALE' }, // what a second desk shows as saved
    });
  });

  it('settles on the disposition being recorded when the call’s own settling waited for it (a final outcome closes the lead)', async () => {
    const call = await endedCall();
    // The disposition's transaction holds the attempt while the call's end asks to settle it (a desk that records at once).
    const recording = new Client({ connectionString: ctx.config.database.url });
    await recording.connect();
    try {
      await recording.query('begin');
      await recording.query(`update call_attempts set disposition_code = 'SALE', disposition_at = now() where id = $1`, [call.attemptId]);
      const settling = app.get(AttemptSettlementService).settle(call.attemptId);
      // The settle waits on the lock (it cannot finish while the row is held).
      const raced = await Promise.race([settling.then(() => 'settled early'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
      expect(raced).toBe('waiting');
      await recording.query('commit');
      expect(await settling).toBe('settled');
    } finally {
      await recording.end();
    }
    // Read after the wait, the code's flags are there: SALE is final, so the lead is closed rather than called again.
    expect(await lead(call.leadId)).toMatchObject({ status: 'done', last_disposition: 'SALE' });
  });

  it('puts the number on the do-not-call list at once and keeps the lead from ever being dialed', async () => {
    const call = await endedCall();
    await dispositions.submit(call.agentId, call.attemptId, { code: 'DNC', notes: 'said: never call again' }, actor(call.agentId));
    expect(await query(app, `select scope, source from dnc_entries where phone = ?`, [call.phone])).toEqual([{ scope: 'global', source: 'disposition' }]);
    expect(await lead(call.leadId)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc' });
    // A revocation told to an agent, in the consent ledger with what was said and when it was honoured.
    expect(await query(app, `select channel, content, scope, attempt_id, honoured_at is not null as honoured from consent_revocations where phone = ?`, [call.phone])).toEqual([
      { channel: 'agent_disposition', content: 'DNC: said: never call again', scope: 'all', attempt_id: call.attemptId, honoured: true },
    ]);
  });

  it('takes the number out of the hopper at once: other leads with it, pending callbacks included, are blocked in the same transaction', async () => {
    const call = await endedCall();
    const other = await seedCampaign(app, { dispositions: DISPOSITIONS });
    const [callback, fresh, done] = await seedLeads(app, other.listId, [
      { phone: call.phone, status: 'callback', nextAttemptAt: new Date(now.getTime() + 3600_000) },
      { phone: call.phone },
      { phone: call.phone, status: 'done' },
    ]);
    await query(app, `update leads set callback_agent_id = ? where id = ?`, [call.agentId, callback]);
    const unrelated = (await seedLeads(app, other.listId, [{ phone: '+12125550999' }]))[0];

    await dispositions.submit(call.agentId, call.attemptId, { code: 'DNC' }, actor(call.agentId));
    expect(await app.get(DncService).isBlocked(call.phone)).toBe(true);
    expect(await lead(callback)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc', next_attempt_at: null, callback_agent_id: null, skip_code: 'ON_DNC' });
    expect(await lead(fresh)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc' });
    expect(await lead(done)).toMatchObject({ status: 'done' }); // closed leads keep their outcome
    expect(await lead(unrelated)).toMatchObject({ status: 'new' });
    expect(await lead(call.leadId)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc' });
  });

  it('books a callback at the callee’s local time, and refuses one outside their hours', async () => {
    const call = await endedCall({ zones: ['Asia/Tokyo'] });
    await expect(
      dispositions.submit(call.agentId, call.attemptId, { code: 'CALLBACK', callbackAt: '2026-11-24T23:00' }, actor(call.agentId)),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/outside calling hours/) });
    await dispositions.submit(call.agentId, call.attemptId, { code: 'CALLBACK', callbackAt: '2026-11-24T18:30', personalCallback: true }, actor(call.agentId));
    const booked = await lead(call.leadId);
    expect(booked).toMatchObject({ status: 'callback', callback_agent_id: call.agentId });
    expect(new Date(booked.next_attempt_at as string)).toEqual(new Date('2026-11-24T09:30:00Z')); // 18:30 in Tokyo
  });

  it('names the zone that is closed when the number may be in two (605: Denver or Central), not the one typed in', async () => {
    const call = await endedCall({ zones: ['America/Denver', 'America/North_Dakota/Center'] });
    // 20:30 in Denver is 21:30 in Central time.
    await expect(
      dispositions.submit(call.agentId, call.attemptId, { code: 'CALLBACK', callbackAt: '2026-11-24T20:30' }, actor(call.agentId)),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('outside calling hours in the callee’s time (America/North_Dakota/Center)') });
  });

  it('checks details against the campaign kind: a promise to pay needs amount and date', async () => {
    const call = await endedCall({ kind: 'collections' });
    await expect(dispositions.submit(call.agentId, call.attemptId, { code: 'PROMISE_TO_PAY', data: { amount: 100 } }, actor(call.agentId))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: expect.arrayContaining([expect.objectContaining({ field: 'data.date' })]) },
    });
    // An amount no report can sum (it once answered 500 on every read of the promises report).
    const huge = { code: 'PROMISE_TO_PAY', data: { amount: 1e308, currency: 'USD', date: '2026-12-20' } };
    await expect(dispositions.submit(call.agentId, call.attemptId, huge, actor(call.agentId))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'data.amount', messages: [expect.stringMatching(/^must be a whole number from 1 to 1000000000000/)] }] },
    });
  });

  it('bars only the JP product’s leads on a refusal; collections’ “refused to pay” bars nothing', async () => {
    const call = await endedCall({ jurisdiction: 'JP', zones: ['Asia/Tokyo'], settings: { product: 'solar-jp' } });
    const sameProduct = await seedCampaign(app, { jurisdiction: 'JP', settings: { product: 'solar-jp' } });
    const otherProduct = await seedCampaign(app, { jurisdiction: 'JP', settings: { product: 'insurance-jp' } });
    const [barred] = await seedLeads(app, sameProduct.listId, [{ phone: call.phone, zones: ['Asia/Tokyo'], status: 'retry' }]);
    const [kept] = await seedLeads(app, otherProduct.listId, [{ phone: call.phone, zones: ['Asia/Tokyo'] }]);
    await dispositions.submit(call.agentId, call.attemptId, { code: 'NOT_INTERESTED' }, actor(call.agentId));
    expect(await lead(barred)).toMatchObject({ status: 'blocked', blocked_reason: 'refused' });
    expect(await lead(kept)).toMatchObject({ status: 'new' });

    const debt = await endedCall({ kind: 'collections', jurisdiction: 'JP', zones: ['Asia/Tokyo'], settings: { product: 'loans-jp' } });
    await dispositions.submit(debt.agentId, debt.attemptId, { code: 'REFUSED' }, actor(debt.agentId));
    expect(await query(app, `select scope from dnc_entries where phone = ?`, [debt.phone])).toEqual([]);
    expect((await lead(debt.leadId)).status).not.toBe('blocked');
  });

  it('refuses a disposition for someone else’s call', async () => {
    const call = await endedCall();
    await expect(dispositions.submit(randomUUID(), call.attemptId, { code: 'SALE' }, actor(call.agentId))).rejects.toMatchObject({ code: 'CALL_NOT_YOURS' });
  });

  it('bars a JP product for good after a refusal', async () => {
    const call = await endedCall({ jurisdiction: 'JP', zones: ['Asia/Tokyo'], settings: { product: 'hikari-fibre' } });
    await dispositions.submit(call.agentId, call.attemptId, { code: 'NOT_INTERESTED' }, actor(call.agentId));
    expect(await query(app, `select scope, product from dnc_entries where phone = ?`, [call.phone])).toEqual([{ scope: 'product', product: 'hikari-fibre' }]);
    expect(await lead(call.leadId)).toMatchObject({ status: 'blocked', blocked_reason: 'refused' });
  });

  it('schedules a retry for an unanswered call per the campaign’s rules', async () => {
    const { id, listId } = await seedCampaign(app, { settings: { retryRules: { busy: { afterMinutes: 15 } } } });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125559999', status: 'dialing' }]);
    const attemptId = randomUUID();
    await query(app, `insert into call_attempts (id, campaign_id, lead_id, phone, state, ended_at) values (?, ?, ?, '+12125559999', 'busy', ?)`, [
      attemptId,
      id,
      leadId,
      now,
    ]);
    const settlement = app.get(AttemptSettlementService);
    expect(await settlement.settle(attemptId)).toBe('settled');
    expect(await settlement.settle(attemptId)).toBe('already_settled');
    const retried = await lead(leadId);
    expect(retried.status).toBe('retry');
    expect(new Date(retried.next_attempt_at as string)).toEqual(new Date(now.getTime() + 15 * 60_000));
    expect((await query(app, 'select outcome from call_attempts where id = ?', [attemptId]))[0].outcome).toBe('busy');
  });
});
