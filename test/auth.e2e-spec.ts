import { MikroORM } from '@mikro-orm/core';
import { JwtService } from '@nestjs/jwt';
import { AuditEntry } from '@dialer/audit';
import { ROLES } from '@dialer/auth';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, signInAs, startApi, TEST_PASSWORD, uniqueEmail } from './support/apps';

describe('sign-in and roles (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let admin: { token: string; userId: string };

  beforeAll(async () => {
    ctx = await createTestContext({ LOGIN_MAX_FAILURES: '3' });
    api = await startApi(ctx.config);
    admin = await signInAs(api, 'admin');
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it.each(ROLES)('signs in a %s and returns a bearer token that expires', async (role) => {
    const email = uniqueEmail(role);
    await api
      .http()
      .post('/users')
      .set(bearer(admin.token))
      .send({ email, displayName: `A ${role}`, password: TEST_PASSWORD, role })
      .expect(201);

    const login = await api.http().post('/auth/login').send({ email: email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', user: { email, role } });
    const expiresInSec = (Date.parse(login.body.expiresAt) - Date.now()) / 1000;
    expect(expiresInSec).toBeGreaterThan(3600);
    expect(expiresInSec).toBeLessThanOrEqual(12 * 3600);

    const me = await api.http().get('/auth/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ email, role });
  });

  it('answers 401 to a wrong password and to an unknown email, with the same message', async () => {
    const wrong = await api.http().post('/auth/login').send({ email: 'nobody@example.com', password: 'whatever-it-is' }).expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS' });
    const { email } = await signInAs(api, 'manager');
    const bad = await api.http().post('/auth/login').send({ email, password: 'not-the-password' }).expect(401);
    expect(bad.body.message).toBe(wrong.body.message);
  });

  it('answers 401 without a token and with a forged one', async () => {
    expect((await api.http().get('/users').expect(401)).body.code).toBe('AUTH_INVALID_TOKEN');
    const forged = `${admin.token.slice(0, -4)}AAAA`;
    await api.http().get('/users').set(bearer(forged)).expect(401);
  });

  it('accepts only HS256 tokens: one signed with the same key under HS512 is refused', async () => {
    const claims = JSON.parse(Buffer.from(admin.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const jwt = new JwtService({ secret: ctx.config.auth.jwtSecret });
    const hs512 = jwt.sign(claims, { algorithm: 'HS512' });
    expect((await api.http().get('/auth/me').set(bearer(hs512)).expect(401)).body.code).toBe('AUTH_INVALID_TOKEN');
    const hs256 = jwt.sign(claims, { algorithm: 'HS256' });
    await api.http().get('/auth/me').set(bearer(hs256)).expect(200);
  });

  it('answers 403 when the role does not fit the route', async () => {
    for (const role of ['agent', 'manager', 'compliance'] as const) {
      const { token } = await signInAs(api, role);
      const response = await api.http().get('/users').set(bearer(token)).expect(403);
      expect(response.body).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { actual: role, required: ['admin'] } });
    }
  });

  it('throttles repeated failed sign-ins, even when the password is then right', async () => {
    const { email } = await signInAs(api, 'agent');
    for (let i = 0; i < 3; i++) {
      await api.http().post('/auth/login').send({ email, password: 'wrong-password-x' }).expect(401);
    }
    const blocked = await api.http().post('/auth/login').send({ email, password: TEST_PASSWORD }).expect(429);
    expect(blocked.body.code).toBe('AUTH_TOO_MANY_FAILURES');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts parallel guesses before checking them: no more get a password check than the limit allows', async () => {
    const { email } = await signInAs(api, 'agent');
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () => api.http().post('/auth/login').send({ email, password: 'parallel-guess-x' }).then((r) => r.status)),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('lets an admin manage users, and a deactivated user loses access at once', async () => {
    const agent = await signInAs(api, 'agent');
    const list = await api.http().get('/users?role=agent').set(bearer(admin.token)).expect(200);
    expect(list.body.map((u: { email: string }) => u.email)).toContain(agent.email);
    expect(list.body[0]).not.toHaveProperty('passwordHash');

    const promoted = await api
      .http()
      .patch(`/users/${agent.userId}`)
      .set(bearer(admin.token))
      .send({ role: 'manager', displayName: 'Promoted' })
      .expect(200);
    expect(promoted.body).toMatchObject({ role: 'manager', displayName: 'Promoted', active: true });
    // The new role applies to the token already issued.
    await api.http().get('/auth/me').set(bearer(agent.token)).expect(200, /"role":"manager"/);

    await api.http().delete(`/users/${agent.userId}`).set(bearer(admin.token)).expect(200);
    await api.http().get('/auth/me').set(bearer(agent.token)).expect(401);
    await api.http().post('/auth/login').send({ email: agent.email, password: TEST_PASSWORD }).expect(401);
  });

  it('keeps refusing a token issued before a deactivation or a password reset, after a re-activation too', async () => {
    const agent = await signInAs(api, 'agent');
    await api.http().delete(`/users/${agent.userId}`).set(bearer(admin.token)).expect(200);
    await api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ active: true }).expect(200);
    const stale = await api.http().get('/auth/me').set(bearer(agent.token)).expect(401);
    expect(stale.body).toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    const again = await api.http().post('/auth/login').send({ email: agent.email, password: TEST_PASSWORD }).expect(200);
    await api.http().get('/auth/me').set(bearer(again.body.accessToken)).expect(200);

    // A reset password signs out whoever held a token (a stolen one included); a rename does not.
    await api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ displayName: 'Renamed' }).expect(200);
    await api.http().get('/auth/me').set(bearer(again.body.accessToken)).expect(200);
    const password = `${TEST_PASSWORD}-new`;
    await api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ password }).expect(200);
    await api.http().get('/auth/me').set(bearer(again.body.accessToken)).expect(401);
    const fresh = await api.http().post('/auth/login').send({ email: agent.email, password }).expect(200);
    await api.http().get('/auth/me').set(bearer(fresh.body.accessToken)).expect(200);
  });

  it('refuses to demote or deactivate the last active admin', async () => {
    const admins = await api.http().get('/users?role=admin&active=true').set(bearer(admin.token)).expect(200);
    for (const other of admins.body.filter((u: { id: string }) => u.id !== admin.userId)) {
      await api.http().delete(`/users/${other.id}`).set(bearer(admin.token)).expect(200);
    }
    const demoted = await api.http().delete(`/users/${admin.userId}`).set(bearer(admin.token)).expect(409);
    expect(demoted.body.code).toBe('USER_LAST_ADMIN');
    const response = await api.http().patch(`/users/${admin.userId}`).set(bearer(admin.token)).send({ role: 'agent' }).expect(409);
    expect(response.body.code).toBe('USER_LAST_ADMIN');
  });

  it('refuses a duplicate email with 409', async () => {
    const { email } = await signInAs(api, 'agent');
    const response = await api
      .http()
      .post('/users')
      .set(bearer(admin.token))
      .send({ email, displayName: 'Twin', password: TEST_PASSWORD, role: 'agent' })
      .expect(409);
    expect(response.body.code).toBe('USER_EMAIL_TAKEN');
  });

  it('answers 400 naming each invalid or unknown field', async () => {
    const response = await api
      .http()
      .post('/users')
      .set(bearer(admin.token))
      .send({ email: 'not-an-email', displayName: 'X', password: 'short', role: 'superuser', shoeSize: 44 })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = (response.body.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['email', 'password', 'role', 'shoeSize']);
    expect(response.body.message).toMatch(/password must be at least 10 characters/);

    await api.http().get('/users/not-a-uuid').set(bearer(admin.token)).expect(400, /id must be a UUID/);
  });

  it('answers 400, not 500, to malformed JSON', async () => {
    const response = await api
      .http()
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": "x@example.com", ')
      .expect(400);
    expect(response.body.statusCode).toBe(400);
  });

  it('writes sign-ins and user changes to the audit log', async () => {
    const em = api.app.get(MikroORM).em.fork();
    const actions = (await em.find(AuditEntry, {}, { orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'auth.login', 'auth.login_failed', 'user.updated']));
  });
});
