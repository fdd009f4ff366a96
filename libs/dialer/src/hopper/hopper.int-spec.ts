import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { Campaign, resolveCampaignConfig } from '@dialer/campaigns';
import { ManualClock } from '@dialer/core';
import { bootModules, createTestContext, query, seedAttempt, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { Hopper, StaleLeaderError } from './hopper.service';

describe('hopper (integration, real PostgreSQL)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let hopper: Hopper;
  // Monday 2026-11-23 12:00 in New York.
  const now = new Date('2026-11-23T17:00:00Z');

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], new ManualClock(now));
    hopper = app.get(Hopper);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const load = async (id: string) => {
    const campaign = await app.get(MikroORM).em.fork().findOneOrFail(Campaign, { id });
    return { campaign, config: resolveCampaignConfig(campaign, now) };
  };
  const lead = async (id: string) => (await query(app, 'select * from leads where id = ?', [id]))[0];

  it('takes due callbacks first, then due retries, then fresh leads', async () => {
    const { id, listId } = await seedCampaign(app);
    const [fresh, retry, callback, notYet] = await seedLeads(app, listId, [
      { phone: '+12125550101' },
      { phone: '+12125550102', status: 'retry', nextAttemptAt: new Date(now.getTime() - 60_000) },
      { phone: '+12125550103', status: 'callback', nextAttemptAt: new Date(now.getTime() - 60_000) },
      { phone: '+12125550104', status: 'retry', nextAttemptAt: new Date(now.getTime() + 3600_000) },
    ]);
    const { campaign, config } = await load(id);
    const tickets = await hopper.take(campaign, config, 10, { mode: 'predictive', now, fence: '1' });
    expect(tickets.map((t) => t.leadId)).toEqual([callback, retry, fresh]);
    expect((await lead(fresh)).status).toBe('dialing');
    expect((await lead(notYet)).status).toBe('retry');
    const [attempt] = await query(app, 'select * from call_attempts where lead_id = ?', [fresh]);
    expect(attempt).toMatchObject({ state: 'queued', mode: 'predictive', fence: '1' });
    expect(attempt.compliance_evidence).toMatchObject({ dnc: { passed: true }, calling_window: { passed: true } });
  });

  it('passes over leads that fail a gate, saying why, and parks them until they could pass', async () => {
    const { id, listId } = await seedCampaign(app, { settings: { attemptLimits: { lifetime: 2, perDay: 2 } } });
    const [dnc, night, noZone, used, ok] = await seedLeads(app, listId, [
      { phone: '+12125550201' },
      { phone: '+14155550202', zones: ['Pacific/Honolulu'] }, // 07:00 in Honolulu
      { phone: '+12125550203', zones: [] },
      { phone: '+12125550204' },
      { phone: '+12125550205' },
    ]);
    await query(app, `insert into dnc_entries (phone, scope, source) values ('+12125550201', 'global', 'manual')`);
    for (const at of [new Date('2026-11-20T15:00:00Z'), new Date('2026-11-21T15:00:00Z')]) {
      await seedAttempt(app, { campaignId: id, leadId: used, phone: '+12125550204', at });
    }
    const { campaign, config } = await load(id);
    const tickets = await hopper.take(campaign, config, 5, { mode: 'predictive', now, fence: '1' });

    expect(tickets.map((t) => t.leadId)).toEqual([ok]);
    expect(await lead(dnc)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc', skip_code: 'ON_DNC' });
    expect(await lead(noZone)).toMatchObject({ status: 'blocked', blocked_reason: 'no_timezone' });
    expect(await lead(used)).toMatchObject({ status: 'exhausted', skip_code: 'LIFETIME_ATTEMPTS_REACHED' });
    const parked = await lead(night);
    expect(parked).toMatchObject({ status: 'new', skip_code: 'OUTSIDE_CALLING_HOURS' });
    expect(parked.skip_reason).toMatch(/07:00 in Pacific\/Honolulu/);
    expect(new Date(parked.next_attempt_at as string)).toEqual(new Date('2026-11-23T18:00:00Z')); // 08:00 Honolulu
  });

  it('holds a number whose call was abandoned for 72 h (UK), but never for a machine, even one the abandoned flag still marks', async () => {
    const { id, listId } = await seedCampaign(app, { jurisdiction: 'UK' });
    const [person, machine] = await seedLeads(app, listId, [
      { phone: '+442079460101', zones: ['Europe/London'] },
      { phone: '+442079460102', zones: ['Europe/London'] },
    ]);
    const yesterday = new Date(now.getTime() - 24 * 3600_000);
    await seedAttempt(app, { campaignId: id, leadId: person, phone: '+442079460101', at: yesterday, abandoned: true });
    const reclassified = await seedAttempt(app, { campaignId: id, leadId: machine, phone: '+442079460102', at: yesterday, abandoned: true });
    await query(app, `update call_attempts set answered_by = 'machine_end_beep' where id = ?`, [reclassified]);
    const { campaign, config } = await load(id);

    const tickets = await hopper.take(campaign, config, 5, { mode: 'predictive', now, fence: '1' });
    expect(tickets.map((t) => t.leadId)).toEqual([machine]);
    expect(await lead(person)).toMatchObject({ status: 'new', skip_code: 'ABANDONED_RECENTLY' });
  });

  it('never gives one lead to two takers at once', async () => {
    const { id, listId } = await seedCampaign(app);
    await seedLeads(app, listId, Array.from({ length: 30 }, (_, i) => ({ phone: `+1212555${String(1000 + i)}` })));
    const { campaign, config } = await load(id);
    const takes = await Promise.all(
      Array.from({ length: 4 }, () => hopper.take(campaign, config, 10, { mode: 'preview', now, agentId: undefined })),
    );
    const leads = takes.flat().map((t) => t.leadId);
    expect(new Set(leads).size).toBe(leads.length);
    expect(leads).toHaveLength(30);
  });

  it('refuses a leader whose fencing token is older than the latest', async () => {
    const { id, listId } = await seedCampaign(app);
    await seedLeads(app, listId, [{ phone: '+12125550301' }, { phone: '+12125550302' }]);
    const { campaign, config } = await load(id);
    expect(await hopper.take(campaign, config, 1, { mode: 'predictive', now, fence: '7' })).toHaveLength(1);
    await expect(hopper.take(campaign, config, 1, { mode: 'predictive', now, fence: '6' })).rejects.toBeInstanceOf(StaleLeaderError);
  });

  it('stamps an attempt when its take inserted it, not when the take’s transaction began', async () => {
    // A take that waited (here on the campaign's row, held by another leader's transaction) must not date its attempt
    // from before the wait: the fault suite read such a stamp as two live attempts of one lead at once.
    const { id, listId } = await seedCampaign(app);
    await seedLeads(app, listId, [{ phone: '+12125550311' }]);
    const { campaign, config } = await load(id);
    const holder = app.get(MikroORM).em.fork() as EntityManager;
    await holder.begin();
    await holder.execute(`select 1 from campaigns where id = ? for update`, [id]);
    const taking = hopper.take(campaign, config, 1, { mode: 'predictive', now, fence: '1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [{ released }] = await holder.execute<{ released: Date }[]>(`select clock_timestamp() as released`);
    await holder.commit();
    const [ticket] = await taking;
    const [attempt] = await query(app, 'select created_at from call_attempts where id = ?', [ticket.attemptId]);
    expect(new Date(attempt.created_at as string).getTime()).toBeGreaterThanOrEqual(new Date(released).getTime());
  });

  it('counts only calls that left: skipped previews, CPS give-backs and refusals before dialing spend no attempt', async () => {
    const { id, listId } = await seedCampaign(app, { settings: { attemptLimits: { lifetime: 2, perDay: 2 } } });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550401' }]);
    const earlier = new Date(now.getTime() - 3600_000);
    // Three attempts that never reached Twilio (no CallSid, cancelled) and one real call.
    for (let i = 0; i < 3; i++) await seedAttempt(app, { campaignId: id, leadId, phone: '+12125550401', at: earlier, state: 'canceled' });
    await seedAttempt(app, { campaignId: id, leadId, phone: '+12125550401', at: earlier, state: 'no_answer' });
    await query(app, `update call_attempts set provider_call_sid = 'CA' || replace(id::text, '-', '') where lead_id = ? and state = 'no_answer'`, [leadId]);
    const { campaign, config } = await load(id);
    const [ticket] = await hopper.take(campaign, config, 1, { mode: 'predictive', now, fence: '1' });
    expect(ticket?.leadId).toBe(leadId);
    const [attempt] = await query(app, `select compliance_evidence from call_attempts where id = ?`, [ticket.attemptId]);
    expect(attempt.compliance_evidence).toMatchObject({ attempt_limits: { passed: true, total: 1, today: 1 } });
  });

  it('counts a debt’s calls across every collections campaign, and a lead without an account id by its number', async () => {
    const dayAgo = (days: number) => new Date(now.getTime() - days * 86_400_000 - 3600_000);
    const first = await seedCampaign(app, { kind: 'collections', settings: { attemptLimits: { lifetime: 50, perDay: 10 } } });
    const second = await seedCampaign(app, { kind: 'collections', settings: { attemptLimits: { lifetime: 50, perDay: 10 } } });
    // Account A-77 was called 7 times this week by the first campaign; the second campaign holds the same debt.
    const [a77first] = await seedLeads(app, first.listId, [{ phone: '+12125550501', externalId: 'A-77' }]);
    const [a77second] = await seedLeads(app, second.listId, [{ phone: '+12125550502', externalId: 'A-77' }]);
    for (let d = 0; d < 7; d++) await seedAttempt(app, { campaignId: first.id, leadId: a77first, phone: '+12125550501', at: dayAgo(d % 6) });
    // No account id mapped: 7 calls to the number from the first campaign's lead of it.
    const [bareFirst] = await seedLeads(app, first.listId, [{ phone: '+12125550503' }]);
    const [bareSecond] = await seedLeads(app, second.listId, [{ phone: '+12125550503' }]);
    for (let d = 0; d < 7; d++) await seedAttempt(app, { campaignId: first.id, leadId: bareFirst, phone: '+12125550503', at: dayAgo(d % 6) });
    await query(app, `update leads set status = 'done' where id = any(?::uuid[])`, [`{${a77first},${bareFirst}}`]);

    const { campaign, config } = await load(second.id);
    expect(await hopper.take(campaign, config, 5, { mode: 'predictive', now, fence: '1' })).toEqual([]);
    expect(await lead(a77second)).toMatchObject({ status: 'new', skip_code: 'SEVEN_IN_SEVEN_REACHED' });
    expect(await lead(bareSecond)).toMatchObject({ status: 'new', skip_code: 'SEVEN_IN_SEVEN_REACHED' });
  });

  it('checks every gate again before a held preview is dialed: a DNC entry added meanwhile stops it, and the attempt counts for nothing', async () => {
    const { id, listId } = await seedCampaign(app, { mode: 'preview' });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550601', status: 'callback' }]);
    const { campaign, config } = await load(id);
    const [ticket] = await hopper.take(campaign, config, 1, { mode: 'preview', now, agentId: '00000000-0000-4000-8000-000000000001' });

    await query(app, `insert into dnc_entries (phone, scope, source) values ('+12125550601', 'global', 'manual')`);
    const check = await hopper.recheck(campaign, config, ticket.attemptId, { now, liveAgentGuaranteed: true });
    expect(check).toMatchObject({ status: 'blocked', blocking: { gate: 'dnc', code: 'ON_DNC' } });
    const [attempt] = await query(app, `select state, outcome, settled_at, provider_call_sid, compliance_evidence from call_attempts where id = ?`, [ticket.attemptId]);
    expect(attempt).toMatchObject({ state: 'canceled', provider_call_sid: null, compliance_evidence: expect.objectContaining({ notPlaced: expect.stringMatching(/do-not-call/) }) });
    expect(attempt.settled_at).not.toBeNull();
    expect(await lead(leadId)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc', skip_code: 'ON_DNC' });
    // Already decided: asked again, there is nothing waiting to be placed.
    expect(await hopper.recheck(campaign, config, ticket.attemptId, { now, liveAgentGuaranteed: true })).toBeNull();
  });

  it('lets one recheck claim a held preview: a second one, even at once, is told it is being dialed', async () => {
    const { id, listId } = await seedCampaign(app, { mode: 'preview' });
    await seedLeads(app, listId, [{ phone: '+12125550611' }]);
    const { campaign, config } = await load(id);
    const [ticket] = await hopper.take(campaign, config, 1, { mode: 'preview', now, agentId: '00000000-0000-4000-8000-000000000003' });
    const checks = await Promise.all([1, 2, 3].map(() => hopper.recheck(campaign, config, ticket.attemptId, { now, liveAgentGuaranteed: true })));
    expect(checks.map((check) => check?.status).sort()).toEqual(['claimed', 'claimed', 'passed']);
    const [attempt] = await query(app, `select state, compliance_evidence from call_attempts where id = ?`, [ticket.attemptId]);
    expect(attempt).toMatchObject({ state: 'queued', compliance_evidence: expect.objectContaining({ recheckedAt: now.toISOString() }) });
  });

  it('puts a lead refused before dialing back where the gate says, as it was taken', async () => {
    const { id, listId } = await seedCampaign(app, { mode: 'preview' });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550701', status: 'retry', nextAttemptAt: new Date(now.getTime() - 60_000) }]);
    const { campaign, config } = await load(id);
    const [ticket] = await hopper.take(campaign, config, 1, { mode: 'preview', now, agentId: '00000000-0000-4000-8000-000000000002' });
    const late = new Date('2026-11-24T02:30:00Z'); // 21:30 in New York: calling hours are over
    const check = await hopper.recheck(campaign, config, ticket.attemptId, { now: late, liveAgentGuaranteed: true });
    expect(check).toMatchObject({ status: 'blocked', blocking: { gate: 'calling_window' } });
    const parked = await lead(leadId);
    expect(parked).toMatchObject({ status: 'retry', skip_code: 'OUTSIDE_CALLING_HOURS' });
    expect(new Date(parked.next_attempt_at as string)).toEqual(new Date('2026-11-24T13:00:00Z')); // 08:00 the next morning
  });

  it('never calls one number twice at once: two lists of a campaign sharing numbers, or two campaigns under one jurisdiction', async () => {
    const { id, listId } = await seedCampaign(app);
    const [{ id: secondList }] = await query(app, `insert into lead_lists (name, default_country) values ('second', 'US') returning id`);
    await query(app, `insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [id, secondList]);
    const shared = ['+12125558101', '+12125558102', '+12125558103'];
    const first = await seedLeads(app, listId, shared.map((phone) => ({ phone })));
    const second = await seedLeads(app, secondList as string, [...shared, '+12125558104'].map((phone) => ({ phone })));
    const { campaign, config } = await load(id);

    // One take sees both copies of each number, and several takes race: one live call per number, whatever the order.
    const takes = await Promise.all(Array.from({ length: 3 }, () => hopper.take(campaign, config, 10, { mode: 'predictive', now, fence: '1' })));
    const phones = takes.flat().map((t) => t.phone);
    expect([...phones].sort()).toEqual([...shared, '+12125558104']);
    const waiting = await query(app, `select id, status, skip_code, attempt_count from leads where id = any(?::uuid[]) and status <> 'dialing'`, [
      `{${[...first, ...second].join(',')}}`,
    ]);
    expect(waiting).toHaveLength(3);
    for (const row of waiting) expect(row).toMatchObject({ status: 'new', attempt_count: 0 });

    // Another campaign under the same rules (US) does not ring a number already ringing either.
    const other = await seedCampaign(app);
    const [otherLead] = await seedLeads(app, other.listId, [{ phone: shared[0] }]);
    const otherLoaded = await load(other.id);
    expect(await hopper.take(otherLoaded.campaign, otherLoaded.config, 5, { mode: 'predictive', now, fence: '1' })).toEqual([]);
    const manual = await hopper.takeLead(otherLoaded.campaign, otherLoaded.config, otherLead, { mode: 'manual', now, agentId: '00000000-0000-4000-8000-000000000003' });
    expect(manual).toMatchObject({ ticket: null, reason: expect.stringMatching(/in a call/) });
    expect(await lead(otherLead)).toMatchObject({ status: 'new', skip_code: 'NUMBER_IN_CALL' });

    // The call over, the other copy of the number is next.
    await query(app, `update call_attempts set state = 'completed', ended_at = now() where campaign_id = ? and phone = ?`, [id, shared[0]]);
    const next = await hopper.take(campaign, config, 10, { mode: 'predictive', now, fence: '1' });
    expect(next.map((t) => t.phone)).toEqual([shared[0]]);
    // And the database referees a writer that skipped the hopper.
    const [live] = await query(app, `select lead_id from call_attempts where campaign_id = ? and phone = ? and state = 'queued'`, [id, shared[1]]);
    const twin = live.lead_id === first[1] ? second[1] : first[1];
    await expect(
      query(app, `insert into call_attempts (campaign_id, lead_id, phone, state) values (?, ?, ?, 'queued')`, [id, twin, shared[1]]),
    ).rejects.toThrow(/call_attempts_one_live_per_number/);
  });
});
