import { JwtService } from '@nestjs/jwt';
import { createTestContext, query, TestContext } from '@dialer/testing';
import { PasswordHasher } from '@dialer/auth';
import { RunningApi, signInAs, startApi, TEST_PASSWORD } from './support/apps';

/** Attacks on the session version (commit 527ab13). */
describe('session version under concurrent account changes (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let admin: { token: string; userId: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    admin = await signInAs(api, 'admin');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await api?.close();
    await ctx?.cleanup();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const sessionVersion = async (id: string) => (await query(api.app, `select session_version from users where id = ?`, [id]))[0].session_version;

  /** Holds the password hasher's next `method` call once it has started, until `release`. */
  const holdNext = (method: 'hash' | 'verify') => {
    const hasher = api.app.get(PasswordHasher);
    const original = hasher[method].bind(hasher) as (...args: string[]) => Promise<unknown>;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const started = new Promise<void>((resolve) => (begun = resolve));
    jest.spyOn(hasher, method).mockImplementationOnce((async (...args: string[]) => {
      begun();
      await gate;
      return original(...args);
    }) as never);
    return { started, release };
  };

  it('moves the version on once per reset or deactivation, however they interleave (no lost update)', async () => {
    const agent = await signInAs(api, 'agent');
    // The reset's hashing is slow (argon2); here it is held until the other changes are done.
    const { started, release } = holdNext('hash');

    const reset = api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ password: `${TEST_PASSWORD}-new` }).then((r) => r);
    await started; // the reset is hashing the new password
    await api.http().delete(`/users/${agent.userId}`).set(bearer(admin.token)).expect(200); // version 0 -> 1
    await api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ active: true }).expect(200);
    // Signed in with the old password, before the reset lands: a token of version 1.
    const before = await api.http().post('/auth/login').send({ email: agent.email, password: TEST_PASSWORD }).expect(200);
    release();
    expect((await reset).status).toBe(200); // its increment lands on top of the deactivation's

    // A token obtained with the old password, before the reset, must not outlive the reset.
    await api.http().get('/auth/me').set(bearer(before.body.accessToken)).expect(401);
    expect(await sessionVersion(agent.userId)).toBe(2);
  });

  it('counts two password resets at once as two', async () => {
    const agent = await signInAs(api, 'agent');
    await Promise.all(
      ['a', 'b'].map((s) => api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ password: `${TEST_PASSWORD}-${s}` }).expect(200)),
    );
    expect(await sessionVersion(agent.userId)).toBe(2);
  });

  // Checks that held (kept here as guards).
  it('accepts a token from before session versions (no sv) until the account changes, refuses odd sv types', async () => {
    const agent = await signInAs(api, 'agent');
    const jwt = api.app.get(JwtService);
    const claims = JSON.parse(Buffer.from(agent.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const { sv, ...legacy } = claims;
    expect(sv).toBe(0);
    const legacyToken = await jwt.signAsync(legacy);
    await api.http().get('/auth/me').set(bearer(legacyToken)).expect(200);
    for (const odd of ['0', 0.5, -1, null, 2 ** 53, '']) {
      const res = await api.http().get('/auth/me').set(bearer(await jwt.signAsync({ ...legacy, sv: odd })));
      if (odd === null) expect(res.status).toBe(200); // null counts as absent (0)
      else expect(res.status).toBe(401);
    }
    await api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ role: 'manager' }).expect(200);
    await api.http().get('/auth/me').set(bearer(agent.token)).expect(200); // a role change does not sign out
    await api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ password: `${TEST_PASSWORD}-x` }).expect(200);
    await api.http().get('/auth/me').set(bearer(legacyToken)).expect(401);
  });

  it('refuses, after a re-activation too, a token whose login raced the deactivation', async () => {
    const agent = await signInAs(api, 'agent');
    const { started, release } = holdNext('verify');
    const login = api.http().post('/auth/login').send({ email: agent.email, password: TEST_PASSWORD }).then((r) => r);
    await started; // the login read the account (active, version 0)
    await api.http().delete(`/users/${agent.userId}`).set(bearer(admin.token)).expect(200);
    await api.http().patch(`/users/${agent.userId}`).set(bearer(admin.token)).send({ active: true }).expect(200);
    release();
    const raced = await login;
    expect(raced.status).toBe(200); // minted from the read before the deactivation
    await api.http().get('/auth/me').set(bearer(raced.body.accessToken)).expect(401);
  });

  it('signs out the admin who resets their own password (no new token in the answer)', async () => {
    const me = await signInAs(api, 'admin');
    const res = await api.http().patch(`/users/${me.userId}`).set(bearer(me.token)).send({ password: `${TEST_PASSWORD}-own` }).expect(200);
    expect(res.body.accessToken).toBeUndefined();
    await api.http().get('/auth/me').set(bearer(me.token)).expect(401);
  });
  // Last: it leaves only one of this file's admins active.
  it('keeps one admin when the last two demote each other at once (one is refused, neither deadlocks)', async () => {
    const [a, b] = [await signInAs(api, 'admin'), await signInAs(api, 'admin')];
    await query(api.app, `update users set active = false where role = 'admin' and id not in (?, ?)`, [a.userId, b.userId]);
    const answers = await Promise.all([
      api.http().patch(`/users/${b.userId}`).set(bearer(a.token)).send({ role: 'manager' }),
      api.http().patch(`/users/${a.userId}`).set(bearer(b.token)).send({ role: 'manager' }),
    ]);
    // The other is refused as the last admin, or (demoted first) no longer allowed on the route.
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, expect.any(Number)]);
    expect([403, 409]).toContain(answers.map((answer) => answer.status).sort()[1]);
    expect(await query(api.app, `select count(*)::int as n from users where role = 'admin' and active`)).toEqual([{ n: 1 }]);
  });
});
