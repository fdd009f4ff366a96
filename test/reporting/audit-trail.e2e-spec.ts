import { INestApplicationContext } from '@nestjs/common';
import { createTestContext, TestContext } from '@dialer/testing';
import { createList, importFile } from '../leads/lead-import-helpers';
import { RunningApi, SignedIn, signInAs, startApi, startWorker } from '../support/apps';
import { READY_SETTINGS } from '../support/campaigns';

/** What a person does that matters lands in the audit trail, in one unbroken chain (e2e: the api and the worker). */
describe('the audit trail (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let worker: INestApplicationContext;
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    worker = await startWorker(ctx.config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await ctx?.cleanup();
  });

  it('records sign-ins, users and roles, imports and their undo, DNC changes and campaign changes', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const admin = await signInAs(api, 'admin');
    const manager = await signInAs(api, 'manager');
    const officer = await signInAs(api, 'compliance');
    await api.http().post('/auth/login').send({ email: manager.email, password: 'not-the-password' }).expect(401);
    await api.http().patch(`/users/${manager.userId}`).set(auth(admin)).send({ role: 'compliance' }).expect(200);
    await api.http().patch(`/users/${manager.userId}`).set(auth(admin)).send({ role: 'manager' }).expect(200);

    const listId = await createList(api, manager, { defaultCountry: 'US' });
    const imported = await importFile(api, manager, listId, 'phone,first_name,timezone\n+14155550101,Ann,America/Los_Angeles\n+14155550102,Bob,America/Los_Angeles\n');
    expect(imported.state).toBe('completed');
    await api.http().post(`/imports/${imported.id}/undo`).set(auth(manager)).expect(200);

    await api.http().post('/dnc').set(auth(officer)).send({ phone: '+14155550199', scope: 'global', reason: 'asked' }).expect(201);
    await api.http().delete('/dnc/+14155550199?scope=global&reason=registered%20in%20error').set(auth(officer)).expect(200);

    const { body: campaign } = await api
      .http()
      .post('/campaigns')
      .set(auth(manager))
      .send({ name: 'Audited', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US', settings: READY_SETTINGS })
      .expect(201);
    await api.http().patch(`/campaigns/${campaign.id}`).set(auth(manager)).send({ name: 'Audited again' }).expect(200);
    await api.http().put(`/campaigns/${campaign.id}/lists/${listId}`).set(auth(manager)).send({}).expect(200);
    await api.http().post(`/campaigns/${campaign.id}/start`).set(auth(manager)).expect(200);
    await api.http().post(`/campaigns/${campaign.id}/pause`).set(auth(manager)).expect(200);

    const { body } = await api.http().get(`/audit?from=${encodeURIComponent(since)}&limit=1000`).set(auth(officer)).expect(200);
    const seen = (body.items as { action: string; actorId: string | null; data: Record<string, unknown> }[]).map((i) => i.action);
    expect(seen).toEqual(
      expect.arrayContaining([
        'user.created',
        'auth.login',
        'auth.login_failed',
        'user.updated',
        'list.created',
        'import.created',
        'import.completed',
        'import.undone',
        'dnc.added',
        'dnc.removed',
        'campaign.created',
        'campaign.updated',
        'campaign.list_attached',
        'campaign.start',
        'campaign.pause',
      ]),
    );
    const roleChange = (body.items as { action: string; entityId: string; data: { role?: string; before?: { role: string } } }[]).find(
      (i) => i.action === 'user.updated' && i.entityId === manager.userId && i.data.role === 'compliance',
    );
    expect(roleChange?.data.before).toEqual({ role: 'manager', active: true });
    const byActor = await api.http().get(`/audit?actorId=${officer.userId}&action=dnc.`).set(auth(officer)).expect(200);
    expect(byActor.body.items.map((i: { action: string }) => i.action).sort()).toEqual(['dnc.added', 'dnc.removed']);
    // Who acted, by name and email (the page shows them, not the UUID); the system has neither.
    expect(byActor.body.items[0]).toMatchObject({ actorId: officer.userId, actorRole: 'compliance', actorEmail: officer.email, actorName: expect.any(String) });
    const completed = (body.items as { action: string; actorId: string | null; actorName: string | null }[]).find((i) => i.action === 'import.completed');
    expect(completed).toMatchObject({ actorId: null, actorName: null });
    await api.http().get('/audit?action=DROP TABLE').set(auth(officer)).expect(400);
    await expect(api.http().get('/audit/verify').set(auth(officer)).expect(200).then((r) => r.body)).resolves.toMatchObject({ ok: true, firstBroken: null });
    // It takes no parameters: one sent is refused by name, as the trail's own query refuses an unknown one.
    for (const path of ['/audit/verify?from=2026-01-01T00:00:00Z', '/audit?fromm=2026-01-01T00:00:00Z']) {
      const refused = await api.http().get(path).set(auth(officer)).expect(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: expect.stringMatching(/^fromm?$/), messages: [expect.stringMatching(/should not exist/)] }] } });
    }
  });
});
