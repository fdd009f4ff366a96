import { MikroORM, RequestContext } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { Campaign, resolveCampaignConfig } from '@dialer/campaigns';
import { ConsentLedgerService } from '@dialer/compliance';
import { ManualClock } from '@dialer/core';
import { bootModules, createTestContext, query, seedAttempt, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { WhyService } from '../why/why.service';
import { Hopper } from './hopper.service';

/** US state rules and the consent ledger, as the hopper applies them (real PostgreSQL). */
describe('state rules and consent at dial time (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let hopper: Hopper;
  let clock: ManualClock;
  // Monday 2026-11-23 20:30 in Miami and New York (EST).
  const evening = new Date('2026-11-24T01:30:00Z');
  // The same day, 12:00 there.
  const noon = new Date('2026-11-23T17:00:00Z');

  beforeAll(async () => {
    ctx = await createTestContext();
    clock = new ManualClock(noon);
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], clock);
    hopper = app.get(Hopper);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const take = async (id: string, now: Date) => {
    const campaign = await app.get(MikroORM).em.fork().findOneOrFail(Campaign, { id });
    const tickets = await hopper.take(campaign, resolveCampaignConfig(campaign, now), 10, { mode: 'predictive', now, fence: '1' });
    return tickets.map((t) => t.leadId);
  };
  const lead = async (id: string) => (await query(app, 'select * from leads where id = ?', [id]))[0];
  const ledger = <T>(work: (service: ConsentLedgerService) => Promise<T>) =>
    RequestContext.create(app.get(MikroORM).em, () => work(app.get(ConsentLedgerService)));

  it('does not call a Florida lead at 20:30 its time, and says why', async () => {
    const { id, listId } = await seedCampaign(app, { settings: { product: 'solar' } });
    const [florida, newYork] = await seedLeads(app, listId, [{ phone: '+13055550101' }, { phone: '+12125550101' }]);
    expect(await take(id, evening)).toEqual([newYork]);
    const parked = await lead(florida);
    expect(parked).toMatchObject({ status: 'new', skip_code: 'OUTSIDE_STATE_CALLING_HOURS' });
    expect(new Date(parked.next_attempt_at as string)).toEqual(new Date('2026-11-24T13:00:00Z')); // 08:00 in Miami

    clock.set(evening);
    const why = await RequestContext.create(app.get(MikroORM).em, () => app.get(WhyService).lead(florida));
    expect(why.campaigns[0].verdicts.find((v) => v.gate === 'state_rules')).toMatchObject({
      passed: false,
      code: 'OUTSIDE_STATE_CALLING_HOURS',
      evidence: expect.objectContaining({ state: 'FL', stateSource: 'area_code' }),
    });
  });

  it('does not call a Florida lead a fourth time in 24 h on the same product, whichever campaign called', async () => {
    const solar = await seedCampaign(app, { settings: { product: 'solar' } });
    const solarToo = await seedCampaign(app, { settings: { product: 'solar' } });
    const fiber = await seedCampaign(app, { settings: { product: 'fiber' } });
    const [thrice, twice] = await seedLeads(app, solar.listId, [
      { phone: '+13055550201', zones: ['America/New_York'] },
      { phone: '+13055550202', zones: ['America/New_York'] },
    ]);
    const [other1, other2] = await seedLeads(app, solarToo.listId, [{ phone: '+13055550201' }, { phone: '+13055550202' }]);
    const [other3] = await seedLeads(app, fiber.listId, [{ phone: '+13055550202' }]);
    const hoursAgo = (h: number) => new Date(noon.getTime() - h * 3600_000);
    // Three calls about solar to the first number in 24 h (two by another campaign); the second had two, and one about fiber.
    await seedAttempt(app, { campaignId: solar.id, leadId: thrice, phone: '+13055550201', at: hoursAgo(20) });
    await seedAttempt(app, { campaignId: solarToo.id, leadId: other1, phone: '+13055550201', at: hoursAgo(5) });
    await seedAttempt(app, { campaignId: solarToo.id, leadId: other1, phone: '+13055550201', at: hoursAgo(2) });
    await seedAttempt(app, { campaignId: solarToo.id, leadId: other2, phone: '+13055550202', at: hoursAgo(5) });
    await seedAttempt(app, { campaignId: solar.id, leadId: twice, phone: '+13055550202', at: hoursAgo(25) }); // outside the 24 h
    await seedAttempt(app, { campaignId: fiber.id, leadId: other3, phone: '+13055550202', at: hoursAgo(1) }); // another subject
    await seedAttempt(app, { campaignId: solarToo.id, leadId: other2, phone: '+13055550202', at: hoursAgo(3) });

    expect(await take(solar.id, noon)).toEqual([twice]);
    const parked = await lead(thrice);
    expect(parked).toMatchObject({ status: 'new', skip_code: 'STATE_SUBJECT_CALLS_REACHED' });
    expect(new Date(parked.next_attempt_at as string)).toEqual(hoursAgo(20 - 24)); // when the oldest of the three is 24 h old
    const [attempt] = await query(app, `select compliance_evidence from call_attempts where lead_id = ? and state = 'queued'`, [twice]);
    expect(attempt.compliance_evidence).toMatchObject({ state_rules: { passed: true, state: 'FL', callsOnSubjectIn24h: 2, maxCallsPerSubjectPer24h: 3 } });
  });

  it('dials a US agentless campaign’s mobiles once their consent is recorded, and stops at a revocation', async () => {
    const survey = { questions: [{ id: 'q1', prompt: 'Press 1', answers: ['1'] }] };
    const { id, listId } = await seedCampaign(app, { kind: 'survey', mode: 'agentless', settings: { survey } });
    const [mobile, maybeMobile] = await seedLeads(app, listId, [
      { phone: '+12125550301', phoneType: 'mobile' },
      { phone: '+12125550302', phoneType: 'fixed_line_or_mobile' },
    ]);
    expect(await take(id, noon)).toEqual([]);
    expect(await lead(maybeMobile)).toMatchObject({ skip_code: 'CONSENT_MISSING' });

    const grantedAt = new Date('2026-11-01T10:00:00Z');
    const consents: { id: string }[] = [];
    for (const phone of ['+12125550301', '+12125550302']) {
      consents.push(await ledger((s) => s.record({ phone, type: 'prerecorded_calls', grantedAt, source: 'web form', evidence: 'form 8841' }, SYSTEM_ACTOR)));
    }
    await query(app, `update leads set next_attempt_at = null where id in (?, ?)`, [mobile, maybeMobile]);
    expect((await take(id, noon)).sort()).toEqual([mobile, maybeMobile].sort());
    const [attempt] = await query(app, `select compliance_evidence from call_attempts where lead_id = ?`, [mobile]);
    expect(attempt.compliance_evidence).toMatchObject({ consent: { passed: true, grantedAt: grantedAt.toISOString() } });

    // The callee revokes (a compliance user records a letter): the number is blocked in the same transaction.
    await query(app, `update call_attempts set state = 'completed', ended_at = now(), settled_at = now() where lead_id in (?, ?)`, [mobile, maybeMobile]);
    await query(app, `update leads set status = 'retry', next_attempt_at = null where id in (?, ?)`, [mobile, maybeMobile]);
    const revoked = await ledger((s) =>
      s.revokeConsent(consents[0].id, { channel: 'compliance_user', content: 'letter: stop calling me', receivedAt: new Date('2026-11-20T15:00:00Z') }, SYSTEM_ACTOR),
    );
    expect(revoked).toMatchObject({ consentsRevoked: 1, leadsBlocked: 1, revocation: { scope: 'all', channel: 'compliance_user' } });
    expect(await lead(mobile)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc' });
    expect(await take(id, noon)).toEqual([maybeMobile]);
    expect(await query(app, `select revoked_at is not null as revoked from consents where id = ?`, [consents[0].id])).toEqual([{ revoked: true }]);
    const audit = await query(app, `select action from audit_log where entity_id = ?`, [revoked.revocation.id]);
    expect(audit).toEqual([{ action: 'consent.revoked' }]);
  });
});
