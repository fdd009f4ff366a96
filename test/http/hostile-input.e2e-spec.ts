import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi } from '../support/apps';

/** Input a client can send that must be refused with a 4xx naming what is wrong, never a 500 (issue 13, defect 8). */
describe('hostile input (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let admin: SignedIn;
  let manager: SignedIn;
  let compliance: SignedIn;
  let campaignId: string;
  let listId: string;
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });
  const fieldsOf = (body: { details?: { fields?: { field: string }[] } }) => (body.details?.fields ?? []).map((f) => f.field);

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    [admin, manager, compliance] = await Promise.all([signInAs(api, 'admin'), signInAs(api, 'manager'), signInAs(api, 'compliance')]);
    const campaign = await api
      .http()
      .post('/campaigns')
      .set(auth(manager))
      .send({ name: 'Hostile', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' })
      .expect(201);
    campaignId = campaign.body.id;
    const list = await api.http().post('/lists').set(auth(manager)).send({ name: 'Hostile list', defaultCountry: 'US' }).expect(201);
    listId = list.body.id;
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('refuses JSON nested thousands of levels deep with a clear 400', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const response = await api.http().post('/campaigns').set(auth(manager)).set('content-type', 'application/json').send(deep);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/nested deeper than \d+ levels/);
    const arrays = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const login = await api.http().post('/auth/login').set('content-type', 'application/json').send(arrays);
    expect(login.status).toBe(400);
  });

  it('refuses JSON in a charset it cannot read with 415 naming the charset, and reads the UTF-16 Node reads', async () => {
    const json = JSON.stringify({ name: 'Charset list', defaultCountry: 'US' });
    // The bytes as they are (supertest would serialize a Buffer as JSON).
    const post = (charset: string, body: Buffer) =>
      fetch(`${api.url}/lists`, { method: 'POST', headers: { ...auth(manager), 'content-type': `application/json; charset=${charset}` }, body });
    for (const [charset, body] of [
      ['utf-32', Buffer.from(json.split('').map((c) => `${c}\u0000\u0000\u0000`).join(''), 'latin1')],
      ['utf-16be', Buffer.from(json, 'utf16le').swap16()],
      ['iso-8859-1', Buffer.from(json, 'latin1')],
    ] as const) {
      const response = await post(charset, body);
      expect([charset, response.status, await response.json()]).toEqual([
        charset,
        415,
        { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining(`unsupported charset "${charset.toUpperCase()}"`) },
      ]);
    }
    expect((await post('utf-16le', Buffer.from(json, 'utf16le'))).status).toBe(201);
  });

  it('refuses a NUL character in a body field, naming the field', async () => {
    const response = await api.http().post('/lists').set(auth(manager)).send({ name: 'bad\u0000name', defaultCountry: 'US' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['name']);
    expect(response.body.message).toMatch(/NUL/);
    const nested = await api
      .http()
      .patch(`/campaigns/${campaignId}`)
      .set(auth(manager))
      .send({ settings: { abandon: { message: { callerName: 'x\u0000' } } } });
    expect(nested.status).toBe(400);
    expect(fieldsOf(nested.body)).toEqual(['settings.abandon.message.callerName']);
  });

  it('refuses text that is not Unicode (a lone surrogate), naming the field', async () => {
    const response = await api.http().post('/auth/login').set('content-type', 'application/json').send('{"email":"\\ud800","password":"whatever-it-is"}');
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['email']);
  });

  it('refuses a NUL character in a query string or a path', async () => {
    const query = await api.http().get('/dnc').query({ phone: '+1415555\u00000123' }).set(auth(compliance));
    expect(query.status).toBe(400);
    expect(fieldsOf(query.body)).toEqual(['phone']);
    const path = await api.http().delete(`/campaigns/${campaignId}/dispositions/SALE%00`).set(auth(manager));
    expect(path.status).toBe(400);
    expect(path.body.message).toMatch(/NUL/);
  });

  it.each<[string, 'patch' | 'put' | 'post', () => string, object, string, () => SignedIn]>([
    ['PATCH /users/:id', 'patch', () => `/users/${manager.userId}`, { role: null }, 'role', () => admin],
    ['PUT /campaigns/:id/lists/:listId', 'put', () => `/campaigns/${campaignId}/lists/${listId}`, { priority: null }, 'priority', () => manager],
    ['POST /dnc', 'post', () => '/dnc', { phone: '2125550143', scope: 'global', country: null }, 'country', () => compliance],
    ['PATCH /campaigns/:id', 'patch', () => `/campaigns/${campaignId}`, { name: null }, 'name', () => manager],
  ])('refuses an explicit null on %s, naming the field', async (_name, method, path, body, field, user) => {
    const response = await api.http()[method](path()).set(auth(user())).send(body);
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([field]);
  });

  it('refuses a __proto__ key in a JSON body, naming it, and changes nothing', async () => {
    const response = await api
      .http()
      .patch(`/users/${manager.userId}`)
      .set(auth(admin))
      .set('content-type', 'application/json')
      .send('{"displayName":"Renamed","__proto__":{"role":"admin"}}');
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['__proto__']);
    const user = await api.http().get(`/users/${manager.userId}`).set(auth(admin)).expect(200);
    expect(user.body).toMatchObject({ role: 'manager', displayName: 'Test manager' });
  });

  it('still accepts null where it means something (a day without calls, no auto-dial)', async () => {
    await api
      .http()
      .patch(`/campaigns/${campaignId}`)
      .set(auth(manager))
      .send({ settings: { callingHours: { weekly: { sun: null, mon: { start: '09:00', end: '17:00' } } }, preview: { autoDialAfterSec: null } } })
      .expect(200);
  });

  it.each([
    [{ survey: [] }, 'settings.survey'],
    [{ pacing: [] }, 'settings.pacing'],
    [{ script: 'Hello {{#custom.plan}} unclosed' }, 'settings.script'],
    [{ callingHours: { holidayCalendar: 'ZZ' } }, 'settings.callingHours.holidayCalendar'],
    [{ abandon: { capRate: 0.05 } }, 'settings.abandon.capRate'],
    [{ abandon: { windowHours: 1 } }, 'settings.abandon.windowHours'],
    [{ pauseReasons: ['break', 'no_audio'] }, 'settings.pauseReasons'],
    [{ pauseReasons: ['Lunch break'] }, 'settings.pauseReasons'],
    [{ pauseReasons: [] }, 'settings.pauseReasons'],
    [{ wrapUp: { seconds: 60, maxSeconds: 30 } }, 'settings.wrapUp.maxSeconds'],
  ])('refuses settings %j that could not run, naming %s, and keeps the stored ones', async (settings, field) => {
    const before = await api.http().get(`/campaigns/${campaignId}`).set(auth(manager)).expect(200);
    const response = await api.http().patch(`/campaigns/${campaignId}`).set(auth(manager)).send({ settings });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toContain(field);
    const after = await api.http().get(`/campaigns/${campaignId}`).set(auth(manager)).expect(200);
    expect(after.body.settings).toEqual(before.body.settings);
    await api.http().get(`/campaigns/${campaignId}/readiness`).set(auth(manager)).expect(200);
  });

  it('accepts a lower abandon cap and the profile’s own window', async () => {
    const response = await api
      .http()
      .patch(`/campaigns/${campaignId}`)
      .set(auth(manager))
      .send({ settings: { abandon: { capRate: 0.02, windowHours: 30 * 24 }, callingHours: { holidayCalendar: 'US' } } })
      .expect(200);
    expect(response.body.effective.abandon).toMatchObject({ capRate: 0.02 });
  });
});
