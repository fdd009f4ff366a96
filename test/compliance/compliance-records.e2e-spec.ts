import { INestApplicationContext } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { createTestContext, query, seedAttempt, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi, startWorker } from '../support/apps';
import { auth, csvRows, ImportBody, importFile, waitForImport } from '../leads/lead-import-helpers';

/** The compliance records over HTTP: consents, revocations, the DNC listing, registry age, personal-data requests. */
describe('compliance records (e2e)', () => {
  let ctx: TestContext;
  let uploads: string;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let compliance: SignedIn;
  let admin: SignedIn;
  let manager: SignedIn;
  let agent: SignedIn;

  beforeAll(async () => {
    uploads = await mkdtemp(path.join(tmpdir(), 'e2e-compliance-'));
    ctx = await createTestContext({ UPLOAD_DIR: uploads });
    api = await startApi(ctx.config);
    worker = await startWorker(ctx.config);
    [compliance, admin, manager, agent] = await Promise.all([signInAs(api, 'compliance'), signInAs(api, 'admin'), signInAs(api, 'manager'), signInAs(api, 'agent')]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await ctx?.cleanup();
    await rm(uploads, { recursive: true, force: true });
  });

  const ROUTES: [method: 'get' | 'post' | 'delete', url: string][] = [
    ['post', '/consents'],
    ['post', '/consents/imports'],
    ['get', '/consents?phone=%2B12125550100'],
    ['post', '/consents/00000000-0000-4000-8000-000000000001/revoke'],
    ['post', '/revocations'],
    ['get', '/reports/revocations'],
    ['get', '/dnc'],
    ['get', '/dnc/export.csv'],
    ['get', '/subjects/%2B12125550100'],
    ['get', '/subjects/%2B12125550100/export'],
    ['post', '/subjects/%2B12125550100/erase'],
  ];

  it.each(ROUTES)('refuses %s %s to managers and agents (compliance and admin only)', async (method, url) => {
    for (const user of [manager, agent]) await api.http()[method](url).set(auth(user)).send({}).expect(403);
    await api.http()[method](url).send({}).expect(401);
  });

  it('documents each compliance route with its response schema', async () => {
    type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }>; description?: string }> };
    const document = (await api.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    const documented: [string, string, string][] = [
      ['/consents', 'post', '201'],
      ['/consents', 'get', '200'],
      ['/consents/{id}/revoke', 'post', '200'],
      ['/revocations', 'post', '201'],
      ['/reports/revocations', 'get', '200'],
      ['/dnc', 'get', '200'],
      ['/dnc/{phone}', 'delete', '200'],
      ['/subjects/{phone}', 'get', '200'],
      ['/subjects/{phone}/export', 'get', '200'],
      ['/subjects/{phone}/erase', 'post', '200'],
    ];
    for (const [path, method, status] of documented) {
      const schema = document.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
      expect({ path, method, schema }).toEqual({ path, method, schema: expect.objectContaining({ $ref: expect.any(String) }) });
    }
    expect(document.paths['/dnc/export.csv'].get.responses['200']).toBeDefined();
    expect(document.paths['/consents/imports'].post.responses['202']).toBeDefined();
  });

  it('records a consent, lists it with revocations, revokes it, and reports the lag', async () => {
    const consent = await api
      .http()
      .post('/consents')
      .set(auth(compliance))
      .send({ phone: '(212) 555-0601', country: 'US', type: 'prerecorded_calls', grantedAt: '2026-11-02T10:15:00Z', source: 'web form', evidence: 'form 8841' })
      .expect(201);
    expect(consent.body).toMatchObject({ phone: '+12125550601', type: 'prerecorded_calls', revokedAt: null, evidence: 'form 8841' });
    await api.http().post('/consents').set(auth(compliance)).send({ phone: '+12125550601', type: 'fax', grantedAt: 'yesterday', source: '' }).expect(400, /type.*grantedAt|grantedAt.*type/s);
    await api.http().post('/consents').set(auth(compliance)).send({ phone: '+12125550601', type: 'prerecorded_calls', grantedAt: '2026-11-02T10:15:00Z', source: 'web', campaignId: '00000000-0000-4000-8000-000000000009' }).expect(404);

    const revoked = await api
      .http()
      .post(`/consents/${consent.body.id}/revoke`)
      .set(auth(compliance))
      .send({ content: 'said "take me off your list" to the front desk', receivedAt: '2026-11-03T15:00:00Z' })
      .expect(200);
    expect(revoked.body).toMatchObject({ consentsRevoked: 1, revocation: { channel: 'compliance_user', scope: 'all', consentId: consent.body.id } });
    await api.http().post(`/consents/${consent.body.id}/revoke`).set(auth(compliance)).send({ content: 'again' }).expect(409);
    await api.http().post('/consents/00000000-0000-4000-8000-000000000001/revoke').set(auth(compliance)).send({ content: 'x' }).expect(404);

    const byApi = await api.http().post('/revocations').set(auth(admin)).send({ phone: '+12125550602', scope: 'all', content: 'STOP by SMS' }).expect(201);
    expect(byApi.body.revocation).toMatchObject({ channel: 'api', honouredAt: expect.any(String) });
    await api.http().post('/revocations').set(auth(admin)).send({ phone: '+12125550602', scope: 'campaign', content: 'x' }).expect(400, /campaignId/);
    // A campaign that does not exist: 404, as /consents answers (a list of no campaign would block nothing), and nothing is stored.
    const unknownCampaign = '00000000-0000-4000-8000-000000000009';
    const unknown = { code: 'CAMPAIGN_NOT_FOUND', message: `Campaign ${unknownCampaign} does not exist` };
    const noConsent = await api.http().post('/consents').set(auth(compliance)).send({ phone: '+12125550603', type: 'prerecorded_calls', grantedAt: '2026-11-02T10:15:00Z', source: 'web', campaignId: unknownCampaign }).expect(404);
    expect(noConsent.body).toMatchObject(unknown);
    const noRevocation = await api.http().post('/revocations').set(auth(admin)).send({ phone: '+12125550603', scope: 'campaign', campaignId: unknownCampaign, content: 'x' }).expect(404);
    expect(noRevocation.body).toMatchObject(unknown);
    const noEntry = await api.http().post('/dnc').set(auth(compliance)).send({ phone: '+12125550603', scope: 'campaign', campaignId: unknownCampaign }).expect(404);
    expect(noEntry.body).toMatchObject(unknown);
    expect(await query(api.app, `select count(*)::int as n from dnc_entries where phone = '+12125550603'`)).toEqual([{ n: 0 }]);

    const listed = await api.http().get('/consents').query({ phone: '2125550601' }).set(auth(compliance)).expect(200);
    expect(listed.body).toMatchObject({ phone: '+12125550601', consents: [{ id: consent.body.id, revokedAt: expect.any(String) }], revocations: [{ channel: 'compliance_user' }] });

    const report = await api.http().get('/reports/revocations').query({ from: '2026-11-01T00:00:00Z' }).set(auth(compliance)).expect(200);
    const late = report.body.items.find((i: { phone: string }) => i.phone === '+12125550601');
    expect(late).toMatchObject({ receivedAt: '2026-11-03T15:00:00.000Z', overDeadline: true });
    expect(late.lagBusinessDays).toBeGreaterThan(10);
    expect(report.body).toMatchObject({ received: 2, honoured: 2, overDeadline: 1 });

    const audit = await query(api.app, `select action from audit_log where action like 'consent.%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['consent.recorded', 'consent.revoked', 'consent.revoked']);
  });

  it('keeps a revoked number on the do-not-call list until the callee consents again', async () => {
    const { listId } = await seedCampaign(api.app);
    const [leadId] = await seedLeads(api.app, listId, [{ phone: '+13125550671' }]);
    await api.http().post('/revocations').set(auth(compliance)).send({ phone: '+13125550671', scope: 'all', content: 'do not call me', receivedAt: '2026-11-03T15:00:00Z' }).expect(201);
    const statusOfLead = async () => (await query(api.app, `select status from leads where id = ?`, [leadId]))[0]!.status;
    expect(await statusOfLead()).toBe('blocked');

    const refused = await api.http().delete('/dnc/+13125550671').query({ scope: 'global', reason: 'cleanup' }).set(auth(compliance)).expect(409);
    expect(refused.body).toMatchObject({ code: 'DNC_HELD_BY_REVOCATION', message: expect.stringMatching(/2026-11-03.*consent again/) });
    expect(await statusOfLead()).toBe('blocked');

    // Consent given before the revocation does not count, nor one for a single campaign (the revocation covered all);
    // consent to every campaign given after it does.
    const { id: oneCampaign } = await seedCampaign(api.app);
    for (const consent of [{ grantedAt: '2026-11-01T00:00:00Z' }, { grantedAt: '2026-11-15T00:00:00Z', campaignId: oneCampaign }]) {
      await api.http().post('/consents').set(auth(compliance)).send({ phone: '+13125550671', type: 'marketing_calls', source: 'web form', ...consent }).expect(201);
      await api.http().delete('/dnc/+13125550671').query({ scope: 'global', reason: 'cleanup' }).set(auth(compliance)).expect(409);
    }
    await api.http().post('/consents').set(auth(compliance)).send({ phone: '+13125550671', type: 'marketing_calls', grantedAt: '2026-11-20T00:00:00Z', source: 'signed form', evidence: 'form 9912' }).expect(201);
    await api.http().delete('/dnc/+13125550671').query({ scope: 'global', reason: 'consented again (form 9912)' }).set(auth(compliance)).expect(200, /"leadsUnblocked":1/);
    expect(await statusOfLead()).toBe('new');
  });

  it('keeps a campaign’s revoked number on its list until the callee consents to that campaign again', async () => {
    const { id: revoked } = await seedCampaign(api.app);
    const { id: other } = await seedCampaign(api.app);
    await api.http().post('/revocations').set(auth(compliance)).send({ phone: '+13125550681', scope: 'campaign', campaignId: revoked, content: 'not from you', receivedAt: '2026-11-03T15:00:00Z' }).expect(201);
    const remove = () => api.http().delete('/dnc/+13125550681').query({ scope: 'campaign', campaignId: revoked, reason: 'cleanup' }).set(auth(compliance));
    await api.http().post('/consents').set(auth(compliance)).send({ phone: '+13125550681', type: 'marketing_calls', grantedAt: '2026-11-20T00:00:00Z', source: 'web form', campaignId: other }).expect(201);
    await remove().expect(409);
    await api.http().post('/consents').set(auth(compliance)).send({ phone: '+13125550681', type: 'marketing_calls', grantedAt: '2026-11-21T00:00:00Z', source: 'web form', campaignId: revoked }).expect(201);
    await remove().expect(200, /"removed":1/);
  });

  it('loads a consent list through the import pipeline, naming each rejected row, and undoes it', async () => {
    await api.http().post('/consents').set(auth(compliance)).send({ phone: '+12125550651', type: 'prerecorded_calls', grantedAt: '2026-10-01T00:00:00Z', source: 'web form' }).expect(201);
    const csv = [
      'Phone,Type,Granted At,Source,Evidence',
      '(212) 555-0651,prerecorded_calls,2026-10-01T00:00:00Z,web form,already held',
      '(212) 555-0652,Prerecorded Calls,2026/11/02 10:15,web form,"checkbox ""yes, call me"""',
      '(212) 555-0652,autodialed,2026-11-02,recorded call,',
      '(212) 555-0652,Prerecorded Calls,2026/11/02 10:15,web form,again',
      '(212) 555-0653,fax,2099-01-01,,',
      'not a number,marketing_calls,2026-11-02,web form,',
    ].join('\n');
    const upload = (content: string, fields: Record<string, string> = { country: 'US' }) => {
      let request = api.http().post('/consents/imports').set(auth(compliance));
      for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
      return request.attach('file', Buffer.from(content), 'consents.csv');
    };
    const accepted = await upload(csv).expect(202);
    const done = await waitForImport(api, compliance, accepted.body.id as string);
    expect(done).toMatchObject({ state: 'completed', target: 'consents', counts: { rowsRead: 6, accepted: 2, duplicates: 2, rejected: 2 } });
    const rejections = csvRows((await api.http().get(`/imports/${done.id}/rejections.csv`).set(auth(compliance)).expect(200)).text);
    expect(rejections.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['1', 'DUPLICATE', 'this consent is already recorded'],
      ['4', 'DUPLICATE', 'same consent as row 2'],
      ['5', 'INVALID_CONSENT', 'type "fax" is not one of autodialed_calls, prerecorded_calls, marketing_calls, recording; granted at 2099-01-01 is in the future; source is empty'],
      ['6', 'INVALID_PHONE', expect.any(String)],
    ]);
    const listed = await api.http().get('/consents').query({ phone: '+12125550652' }).set(auth(compliance)).expect(200);
    expect(listed.body.consents.map((c: { type: string; grantedAt: string; evidence: string | null }) => [c.type, c.grantedAt, c.evidence])).toEqual([
      ['prerecorded_calls', '2026-11-02T10:15:00.000Z', 'checkbox "yes, call me"'],
      ['autodialed_calls', '2026-11-02T00:00:00.000Z', null],
    ]);
    await api.http().get(`/imports/${done.id}`).set(auth(manager)).expect(403);

    const undone = await api.http().post(`/imports/${done.id}/undo`).set(auth(compliance)).expect(200);
    expect(undone.body).toMatchObject({ state: 'undone', removed: 2 });
    expect((await api.http().get('/consents').query({ phone: '+12125550652' }).set(auth(compliance)).expect(200)).body.consents).toEqual([]);

    const missing = await upload('phone,type\n2125550654,prerecorded_calls\n').expect(422);
    expect(missing.body).toMatchObject({ code: 'CONSENT_COLUMNS_MISSING', message: expect.stringMatching(/grantedAt, source/) });
    await upload(csv, {}).expect(400, /country/);
  });

  it('lists and exports the DNC list with filters, and taking a number off gives its leads back', async () => {
    const { listId } = await seedCampaign(api.app);
    const [leadId] = await seedLeads(api.app, listId, [{ phone: '+13125550611' }]);
    await api.http().post('/dnc').set(auth(compliance)).send({ phone: '+13125550611', scope: 'global', reason: '=cmd|calc' }).expect(201, /"leadsBlocked":1/);
    await api.http().post('/dnc').set(auth(compliance)).send({ phone: '+13125550612', scope: 'global' }).expect(201);

    const page = await api.http().get('/dnc').query({ phonePrefix: '+1312', limit: 1 }).set(auth(compliance)).expect(200);
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 0, entries: [{ phone: '+13125550612', source: 'manual' }] });
    await api.http().get('/dnc').query({ phonePrefix: '1312', limit: 5000 }).set(auth(compliance)).expect(400, /phonePrefix.*limit|limit.*phonePrefix/s);

    const csv = await api.http().get('/dnc/export.csv').query({ phonePrefix: '+1312', source: 'manual' }).set(auth(compliance)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = csvRows(csv.text);
    expect(rows.slice(1).map((r) => [r[0], r[5]])).toEqual([
      ["'+13125550611", "'=cmd|calc"],
      ["'+13125550612", ''],
    ]);

    await api.http().delete('/dnc/+13125550611').query({ scope: 'global' }).set(auth(compliance)).expect(400, /reason/);
    const removed = await api.http().delete('/dnc/+13125550611').query({ scope: 'global', reason: 'registered in error' }).set(auth(compliance)).expect(200);
    expect(removed.body).toEqual({ phone: '+13125550611', removed: 1, leadsUnblocked: 1 });
    expect(await query(api.app, `select status from leads where id = ?`, [leadId])).toEqual([{ status: 'new' }]);
  });

  it('scrubs an import by the same rule as a single entry: a campaign’s entry blocks a list another live campaign also dials only there, at dial time', async () => {
    const first = await seedCampaign(api.app);
    const second = await seedCampaign(api.app);
    await query(api.app, `insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [second.id, first.listId]);
    await api.http().post('/dnc').set(auth(compliance)).send({ phone: '+13125550661', scope: 'campaign', campaignId: first.id }).expect(201, /"leadsBlocked":0/);
    const imported = await importFile(api, manager, first.listId, 'phone\n3125550661\n');
    expect(imported.counts).toMatchObject({ accepted: 1, dncFlagged: 0 });
    expect(await query(api.app, `select status from leads where import_id = ?`, [imported.id])).toEqual([{ status: 'new' }]);
    // Once the other campaign is over, the entry covers every live campaign dialing the list: an import's lead is blocked.
    await query(api.app, `update campaigns set status = 'completed' where id = ?`, [second.id]);
    await query(api.app, `update lead_lists set dedupe_scope = 'none' where id = ?`, [first.listId]);
    const blocked = await importFile(api, manager, first.listId, 'phone\n3125550661\n');
    expect(blocked.counts).toMatchObject({ accepted: 1, dncFlagged: 1 });
  });

  it('records the registry copy’s date and expiry on its import, and readiness warns when the copy is over 31 days old', async () => {
    const uploadRegistry = async (registryDate: string, expiresAt?: string) => {
      let request = api.http().post('/dnc/imports').set(auth(compliance)).field('country', 'US').field('source', 'registry').field('registryDate', registryDate);
      if (expiresAt) request = request.field('expiresAt', expiresAt);
      const accepted = await request.attach('file', Buffer.from('2125550621\n2125550622\n'), 'registry.txt').expect(202);
      return waitForImport(api, compliance, accepted.body.id as string);
    };
    await api.http().post('/dnc/imports').set(auth(compliance)).field('country', 'US').field('registryDate', '2026-11-01').attach('file', Buffer.from('2125550621\n'), 'x.txt').expect(400, /registryDate/);

    const { body: campaign } = await api.http().post('/campaigns').set(auth(manager)).send({ name: 'US', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' }).expect(201);
    const warnings = async () =>
      ((await api.http().get(`/campaigns/${campaign.id}/readiness`).set(auth(manager)).expect(200)).body.warnings as { code: string }[]).map((w) => w.code);

    const old = DateTime.utc().minus({ days: 40 }).toISODate()!;
    const loaded: ImportBody = await uploadRegistry(old, DateTime.utc().plus({ days: 30 }).toISO()!);
    expect(loaded).toMatchObject({ state: 'completed', counts: { accepted: 2 } });
    expect(await query(api.app, `select count(*)::int as n from dnc_entries where import_id = ? and expires_at is not null`, [loaded.id])).toEqual([{ n: 2 }]);
    expect(await warnings()).toContain('REGISTRY_COPY_STALE');

    await uploadRegistry(DateTime.utc().minus({ days: 3 }).toISODate()!);
    expect(await warnings()).not.toContain('REGISTRY_COPY_STALE');
  });

  it('discloses everything held about a number, as a view and as one file, then erases its personal fields (all audited)', async () => {
    const { id: campaignId, listId } = await seedCampaign(api.app, { kind: 'survey' });
    const [leadId] = await seedLeads(api.app, listId, [{ phone: '+819012340631', firstName: '山田', custom: { memo: 'VIP' } }]);
    const attemptId = await seedAttempt(api.app, { campaignId, leadId, phone: '+819012340631', at: new Date('2026-12-01T03:00:00Z'), dispositionCode: 'COMPLETED' });
    await query(api.app, `update call_attempts set disposition_data = '{"notes":"話し好き"}' where id = ?`, [attemptId]);
    await query(api.app, `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, 'q1', '4', 'agent')`, [attemptId, campaignId, leadId]);
    await api.http().post('/dnc').set(auth(compliance)).send({ phone: '090-1234-0631', country: 'JP', scope: 'global' }).expect(201);

    const viewed = await api.http().get('/subjects/090-1234-0631').query({ country: 'JP' }).set(auth(compliance)).expect(200);
    expect(viewed.body).toMatchObject({
      phone: '+819012340631',
      leads: [{ id: leadId, first_name: '山田', custom_fields: { memo: 'VIP' } }],
      attempts: [{ id: attemptId, disposition_code: 'COMPLETED', disposition_data: { notes: '話し好き' } }],
      surveyAnswers: [{ question_id: 'q1', answer: '4' }],
      dncEntries: [{ scope: 'global' }],
    });
    const file = await api.http().get('/subjects/+819012340631/export').set(auth(admin)).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    }).expect(200);
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="subject-819012340631.json"/);
    expect(JSON.parse(file.body as string)).toMatchObject({ phone: '+819012340631', leads: [{ first_name: '山田' }] });

    const erased = await api.http().post('/subjects/+819012340631/erase').set(auth(compliance)).expect(200);
    expect(erased.body).toEqual({ phone: '+819012340631', leadsErased: 1, attemptsErased: 1, surveyAnswersDeleted: 1 });
    const after = (await api.http().get('/subjects/+819012340631').set(auth(compliance)).expect(200)).body;
    expect(after.leads).toEqual([expect.objectContaining({ first_name: null, custom_fields: {}, status: 'blocked' })]);
    expect(after.attempts).toEqual([expect.objectContaining({ disposition_code: 'COMPLETED', disposition_data: null, phone: '+819012340631' })]);
    expect(after.surveyAnswers).toEqual([]);
    expect(after.dncEntries).toHaveLength(1); // kept: the law needs it
    // Asked again: nothing left to erase, and the report says so.
    const again = await api.http().post('/subjects/+819012340631/erase').set(auth(compliance)).expect(200);
    expect(again.body).toEqual({ phone: '+819012340631', leadsErased: 0, attemptsErased: 0, surveyAnswersDeleted: 0 });
    const audit = await query(api.app, `select action from audit_log where entity_type = 'subject' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['subject.disclosed', 'subject.disclosed', 'subject.erased', 'subject.disclosed', 'subject.erased']);
  });
});
