import { MikroORM, RequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CoreModule, ManualClock } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { createTestContext, query, seedAttempt, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { ComplianceModule } from './compliance.module';
import { ComplianceRecordsQueries } from './compliance-records.queries';
import { ConsentLedgerService } from './consent-ledger.service';
import { DncService } from './dnc.service';
import { SubjectDataQueries } from './subject-data.queries';

describe('consent ledger, DNC listing and subject data (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  // Wednesday 2026-12-02 15:00 UTC.
  const now = new Date('2026-12-02T15:00:00Z');

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await (
      await Test.createTestingModule({ imports: [CoreModule.forRoot(ctx.config, 'test', new ManualClock(now)), DbModule.forRoot(), AuditModule, ComplianceModule] }).compile()
    ).init();
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const within = <S, T>(type: new (...args: never[]) => S, work: (service: S) => Promise<T>) =>
    RequestContext.create(app.get(MikroORM).em, () => work(app.get(type)));
  const lead = async (id: string) => (await query(app, 'select status, blocked_reason, skip_code from leads where id = ?', [id]))[0];

  it('records a revocation from every channel with what was said, honours it at once, and reports its lag in US business days', async () => {
    const { id: campaignId, listId } = await seedCampaign(app, { settings: { product: 'fiber' } });
    const [a, b, c] = await seedLeads(app, listId, [{ phone: '+12125550401' }, { phone: '+12125550402' }, { phone: '+12125550403' }]);
    const consent = await within(ConsentLedgerService, (s) =>
      s.record({ phone: '+12125550401', type: 'prerecorded_calls', grantedAt: new Date('2026-10-01T00:00:00Z'), source: 'web form', campaignId }, SYSTEM_ACTOR),
    );

    // Pressed on the IVR just now; told to an agent; a letter received 3 weeks ago and only entered today.
    await within(ConsentLedgerService, (s) => s.revoke({ phone: '+12125550401', channel: 'ivr_opt_out', content: 'pressed 9', scope: 'all' }, SYSTEM_ACTOR));
    await within(ConsentLedgerService, (s) =>
      s.revoke({ phone: '+12125550402', channel: 'agent_disposition', content: 'DNC: stop calling', scope: 'campaign', campaignId }, SYSTEM_ACTOR),
    );
    await within(ConsentLedgerService, (s) =>
      s.revoke(
        { phone: '+12125550403', channel: 'compliance_user', content: 'letter', scope: 'product', product: 'fiber', receivedAt: new Date('2026-11-11T16:00:00Z') },
        SYSTEM_ACTOR,
      ),
    );

    expect(await lead(a)).toEqual({ status: 'blocked', blocked_reason: 'dnc', skip_code: 'ON_DNC' });
    expect(await lead(b)).toEqual({ status: 'blocked', blocked_reason: 'dnc', skip_code: 'ON_DNC' });
    expect(await lead(c)).toEqual({ status: 'blocked', blocked_reason: 'refused', skip_code: 'ON_DNC' });
    expect(await query(app, `select revoked_at = ? as at_once from consents where id = ?`, [now, consent.id])).toEqual([{ at_once: true }]);
    expect(await within(DncService, (s) => s.isBlocked('+12125550402', campaignId))).toBe(true);

    const report = await within(ComplianceRecordsQueries, (q) => q.revocationReport({ from: new Date('2026-11-01T00:00:00Z') }, now));
    // In order of receipt: the letter first; the two received at the same instant after it, in either order.
    const [first, ...rest] = report.map((r) => [r.phone, r.channel, r.content, r.lagBusinessDays, r.overDeadline]);
    // Nov 11 (Veterans Day) → Dec 2: 14 business days (Thanksgiving skipped).
    expect(first).toEqual(['+12125550403', 'compliance_user', 'letter', 14, true]);
    expect(rest.sort()).toEqual([
      ['+12125550401', 'ivr_opt_out', 'pressed 9', 0, false],
      ['+12125550402', 'agent_disposition', 'DNC: stop calling', 0, false],
    ]);
    expect(report.every((r) => r.honouredAt === now.toISOString())).toBe(true);
  });

  it('refuses a revocation naming the wrong scope fields, a future receipt, and a number that is not E.164', async () => {
    const revoke = (input: Parameters<ConsentLedgerService['revoke']>[0]) => within(ConsentLedgerService, (s) => s.revoke(input, SYSTEM_ACTOR));
    await expect(revoke({ phone: '+12125550411', channel: 'api', content: 'x', scope: 'campaign' })).rejects.toMatchObject({ code: 'REVOCATION_SCOPE_MISMATCH' });
    await expect(revoke({ phone: '+12125550411', channel: 'api', content: 'x', scope: 'all', receivedAt: new Date('2027-01-01T00:00:00Z') })).rejects.toMatchObject({
      code: 'REVOCATION_RECEIVED_IN_FUTURE',
    });
    await expect(revoke({ phone: '2125550411', channel: 'api', content: 'x', scope: 'all' })).rejects.toMatchObject({ code: 'DNC_PHONE_NOT_E164' });
    // A century typo (0026 for 2026) would show a lag of two thousand years in the report.
    await expect(revoke({ phone: '+12125550411', channel: 'api', content: 'x', scope: 'all', receivedAt: new Date('0026-11-30T09:00:00Z') })).rejects.toMatchObject({
      code: 'REVOCATION_RECEIVED_TOO_EARLY',
    });
    expect(await query(app, `select count(*)::int as n from consent_revocations where phone like '%2125550411'`)).toEqual([{ n: 0 }]);
  });

  it('gives back, when an entry is removed, the leads that entry alone blocked', async () => {
    const { id: campaignId, listId } = await seedCampaign(app);
    const [waiting, dialedBefore, ownDisposition] = await seedLeads(app, listId, [
      { phone: '+12125550421' },
      { phone: '+12125550421', status: 'retry' },
      { phone: '+12125550421', status: 'blocked' },
    ]);
    await query(app, `update leads set attempt_count = 1, last_attempt_at = now() where id = ?`, [dialedBefore]);
    // Closed by its own call's DNC disposition: that decision is not the entry's to undo.
    await query(app, `update leads set blocked_reason = 'dnc', attempt_count = 1, last_attempt_at = now() where id = ?`, [ownDisposition]);
    await within(DncService, (s) => s.add({ phone: '+12125550421', scope: 'global', source: 'manual' }, SYSTEM_ACTOR));
    await within(DncService, (s) => s.add({ phone: '+12125550421', scope: 'campaign', campaignId, source: 'manual' }, SYSTEM_ACTOR));
    expect((await lead(waiting)).status).toBe('blocked');

    // The campaign entry still blocks the list (its only campaign): nothing comes back yet.
    expect(await within(DncService, (s) => s.remove('+12125550421', { scope: 'global' }, SYSTEM_ACTOR))).toEqual({ removed: 1, leadsUnblocked: 0 });
    expect(await within(DncService, (s) => s.remove('+12125550421', { scope: 'campaign', campaignId }, SYSTEM_ACTOR))).toEqual({ removed: 1, leadsUnblocked: 2 });
    expect(await lead(waiting)).toEqual({ status: 'new', blocked_reason: null, skip_code: null });
    expect(await lead(dialedBefore)).toEqual({ status: 'retry', blocked_reason: null, skip_code: null });
    expect(await lead(ownDisposition)).toMatchObject({ status: 'blocked', blocked_reason: 'dnc' });
    const [audit] = await query(app, `select data from audit_log where action = 'dnc.removed' order by id desc limit 1`);
    expect(audit.data).toMatchObject({ leadsUnblocked: 2 });
  });

  it('blocks a list’s leads only when the entry covers every live campaign dialing it (the one rule for every path)', async () => {
    const first = await seedCampaign(app);
    const second = await seedCampaign(app);
    await query(app, `insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [second.id, first.listId]);
    const [shared] = await seedLeads(app, first.listId, [{ phone: '+12125550431' }]);
    const added = await within(DncService, (s) => s.add({ phone: '+12125550431', scope: 'campaign', campaignId: first.id, source: 'manual' }, SYSTEM_ACTOR));
    expect(added.leadsBlocked).toBe(0);
    expect((await lead(shared)).status).toBe('new');
    // The dial-time check still skips it for the campaign the entry covers.
    expect(await within(DncService, (s) => s.isBlocked('+12125550431', first.id))).toBe(true);
    expect(await within(DncService, (s) => s.isBlocked('+12125550431', second.id))).toBe(false);
    expect(await within(DncService, (s) => s.blockingList(['+12125550431'], first.listId))).toEqual(new Set());
    // Once the other campaign is over, the entry covers every live one: the list's preview scrub and the suppression agree.
    await query(app, `update campaigns set status = 'completed' where id = ?`, [second.id]);
    expect(await within(DncService, (s) => s.blockingList(['+12125550431'], first.listId))).toEqual(new Set(['+12125550431']));
    expect((await within(DncService, (s) => s.add({ phone: '+12125550431', scope: 'campaign', campaignId: first.id, source: 'manual' }, SYSTEM_ACTOR))).leadsBlocked).toBe(1);
  });

  it('lets an expired entry (a lapsed registry extract) block nothing', async () => {
    await query(app, `insert into dnc_entries (phone, scope, source, expires_at) values ('+12125550441', 'global', 'registry', '2026-12-01T00:00:00Z'),
                                                                                 ('+12125550442', 'global', 'registry', '2027-01-01T00:00:00Z')`);
    expect(await within(DncService, (s) => s.blockedAmong(['+12125550441', '+12125550442']))).toEqual(new Set(['+12125550442']));
  });

  it('lists DNC entries by scope, source, date and prefix, paginated, and exports them as formula-safe CSV', async () => {
    await query(app, `insert into dnc_entries (phone, scope, source, reason, created_at) values
      ('+13105550451', 'global', 'manual', '=HYPERLINK("x")', '2026-11-30T10:00:00Z'),
      ('+13105550452', 'global', 'api', null, '2026-11-30T11:00:00Z'),
      ('+13105550453', 'global', 'manual', null, '2026-11-29T11:00:00Z')`);
    const list = (filter: Parameters<ComplianceRecordsQueries['listDnc']>[0], limit = 10, offset = 0) =>
      within(ComplianceRecordsQueries, (q) => q.listDnc(filter, { limit, offset }));
    const page = await list({ phonePrefix: '+1310', addedFrom: new Date('2026-11-30T00:00:00Z') }, 1);
    expect(page).toMatchObject({ total: 2, items: [{ phone: '+13105550452', source: 'api' }] });
    expect((await list({ phonePrefix: '+1310', addedFrom: new Date('2026-11-30T00:00:00Z') }, 1, 1)).items.map((i) => i.phone)).toEqual(['+13105550451']);
    expect((await list({ phonePrefix: '+1310', source: 'manual', addedTo: new Date('2026-11-30T00:00:00Z') })).items.map((i) => i.phone)).toEqual(['+13105550453']);
    expect((await list({ phonePrefix: '+1310_' })).total).toBe(0); // a wildcard in the prefix is taken literally

    let csv = '';
    await within(ComplianceRecordsQueries, async (q) => {
      for await (const chunk of q.dncCsv({ phonePrefix: '+1310' })) csv += chunk;
    });
    const lines = csv.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('phone,scope,campaign_id,product,source,reason,added_at,expires_at,import_id,added_by,id');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(["'+13105550453", "'+13105550451", "'+13105550452"]);
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('gathers everything held about a number', async () => {
    const { id: campaignId, listId } = await seedCampaign(app, { kind: 'survey' });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550461', firstName: 'Ann' }]);
    const attemptId = await seedAttempt(app, { campaignId, leadId, phone: '+12125550461', at: new Date('2026-12-01T15:00:00Z'), dispositionCode: 'COMPLETED' });
    await query(app, `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, 'q1', '4', 'ivr')`, [attemptId, campaignId, leadId]);
    await query(app, `insert into call_events (attempt_id, call_sid, kind, dedupe_key, params) values (?, 'CA1', 'status', '9', '{"RecordingSid":"RE1","RecordingUrl":"https://example.test/RE1"}')`, [attemptId]);
    await within(ConsentLedgerService, (s) => s.revoke({ phone: '+12125550461', channel: 'api', content: 'stop', scope: 'all' }, SYSTEM_ACTOR));

    const data = await within(SubjectDataQueries, (q) => q.of('+12125550461'));
    expect(data.leads).toEqual([expect.objectContaining({ id: leadId, first_name: 'Ann' })]);
    expect(data.attempts).toEqual([expect.objectContaining({ id: attemptId, disposition_code: 'COMPLETED' })]);
    expect(data.surveyAnswers).toEqual([expect.objectContaining({ question_id: 'q1', answer: '4' })]);
    expect(data.revocations).toEqual([expect.objectContaining({ channel: 'api', content: 'stop' })]);
    expect(data.dncEntries).toEqual([expect.objectContaining({ scope: 'global', source: 'api' })]);
    expect(data.recordings).toEqual([{ attempt_id: attemptId, recording_sid: 'RE1', recording_url: 'https://example.test/RE1' }]);
    expect(data.consents).toEqual([]);
  });

  it('records two revocations of one number arriving together, from different channels, and honours both', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => (firstRecorded = resolve));
    const em = app.get(MikroORM).em.fork() as EntityManager;
    const ivr = em.transactional(async (tx) => {
      const result = await app.get(ConsentLedgerService).revoke({ phone: '+12125550501', channel: 'ivr_opt_out', content: 'pressed 9', scope: 'all' }, SYSTEM_ACTOR, { em: tx });
      firstRecorded();
      await held;
      return result;
    });
    await recorded;
    const agent = within(ConsentLedgerService, (s) =>
      s.revoke({ phone: '+12125550501', channel: 'agent_disposition', content: 'DNC: stop calling', scope: 'all' }, SYSTEM_ACTOR),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    const [first, second] = await Promise.all([ivr, agent]);
    expect(second.revocation.dncEntryId).toBe(first.revocation.dncEntryId);
    expect(await query(app, `select channel from consent_revocations where phone = '+12125550501' order by channel`)).toEqual([
      { channel: 'agent_disposition' },
      { channel: 'ivr_opt_out' },
    ]);
  });

  it('revokes a consent once when two people revoke it at the same moment; the other is told it is revoked', async () => {
    const consent = await within(ConsentLedgerService, (s) =>
      s.record({ phone: '+12125550502', type: 'marketing_calls', grantedAt: new Date('2026-10-01T00:00:00Z'), source: 'web form' }, SYSTEM_ACTOR),
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstRevoked!: () => void;
    const revoked = new Promise<void>((resolve) => (firstRevoked = resolve));
    const first = (app.get(MikroORM).em.fork() as EntityManager).transactional(async (tx) => {
      const result = await app
        .get(ConsentLedgerService)
        .revoke({ phone: '+12125550502', channel: 'compliance_user', content: 'phoned in', scope: 'all', consentId: consent.id }, SYSTEM_ACTOR, { em: tx });
      firstRevoked();
      await held;
      return result;
    });
    await revoked;
    const second = within(ConsentLedgerService, (s) => s.revokeConsent(consent.id, { channel: 'compliance_user', content: 'by letter' }, SYSTEM_ACTOR));
    const outcome = second.then(
      () => 'revoked again',
      (error: { code?: string }) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await first;
    expect(await outcome).toBe('CONSENT_ALREADY_REVOKED');
    expect(await query(app, `select count(*)::int as n from consent_revocations where consent_id = ?`, [consent.id])).toEqual([{ n: 1 }]);
  });
});
