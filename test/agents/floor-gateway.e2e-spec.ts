import { JwtService } from '@nestjs/jwt';
import { io, Socket } from 'socket.io-client';
import { createTestContext, query, TestContext } from '@dialer/testing';
import { WallboardService } from '@dialer/dialer';
import { FloorGateway } from '../../apps/api/src/floor/floor.gateway';
import { RunningApi, SignedIn, signInAs, startApi, TEST_PASSWORD } from '../support/apps';

/** The /floor socket as hostile clients use it: no token, the wrong role, garbage to watch, a flood of watches, a sign-in that ends. */
describe('wallboard socket /floor (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let manager: SignedIn;
  let campaignId: string;
  const sockets: Socket[] = [];

  const connect = (token?: string, on: RunningApi = api) => {
    const socket = io(`${on.url}/floor`, { auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return socket;
  };
  const refusal = (socket: Socket) =>
    new Promise<{ code: string; disconnected: boolean }>((resolve) => {
      socket.once('error', (error: { code: string }) => socket.once('disconnect', () => resolve({ code: error.code, disconnected: true })));
    });
  type Ack = { ok: boolean; data?: { campaignId: string | null; at: string }; error?: { code: string; message: string } };
  const watch = (socket: Socket, body: unknown) => new Promise<Ack>((resolve) => socket.emit('watch', body, resolve));

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    manager = await signInAs(api, 'manager');
    const created = await api
      .http()
      .post('/campaigns')
      .set({ Authorization: `Bearer ${manager.token}` })
      .send({ name: 'Floor flood', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' })
      .expect(201);
    campaignId = created.body.id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await api?.close();
    await ctx?.cleanup();
  });

  it('turns away a socket without a token, and an agent’s, each with the reason', async () => {
    await expect(refusal(connect())).resolves.toEqual({ code: 'AUTH_INVALID_TOKEN', disconnected: true });
    await expect(refusal(connect('not-a-jwt'))).resolves.toEqual({ code: 'AUTH_INVALID_TOKEN', disconnected: true });
    const agent = await signInAs(api, 'agent');
    await expect(refusal(connect(agent.token))).resolves.toEqual({ code: 'AUTH_FORBIDDEN', disconnected: true });
  });

  it('answers `clock` with the server’s time, for the wallboard’s time in state', async () => {
    const socket = connect(manager.token);
    const before = Date.now();
    const answer = await new Promise<{ ok: boolean; data: { serverMs: number } }>((resolve) => socket.emit('clock', {}, resolve));
    expect(answer.ok).toBe(true);
    expect(answer.data.serverMs).toBeGreaterThanOrEqual(before);
    expect(answer.data.serverMs).toBeLessThanOrEqual(Date.now());
  });

  it('answers a watch of garbage or of a campaign that does not exist with a clear refusal', async () => {
    const socket = connect(manager.token);
    await expect(watch(socket, { campaignId: 'nope' })).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    await expect(watch(socket, 'garbage')).resolves.toMatchObject({ ok: true, data: { campaignId: null } });
    await expect(watch(socket, { campaignId: '00000000-0000-4000-8000-000000000000' })).resolves.toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_FOUND' } });
  });

  it('cuts off an open wallboard once its token runs out or its account is disabled (its sign-in is checked again every minute)', async () => {
    // A token that runs out in two seconds, signed as the api signs them.
    const claims = JSON.parse(Buffer.from(manager.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    const shortLived = await api.app.get(JwtService).signAsync({ ...claims, exp: Math.floor(Date.now() / 1000) + 2 });
    const expiring = connect(shortLived);
    await expect(watch(expiring, { campaignId })).resolves.toMatchObject({ ok: true });
    const colleague = await signInAs(api, 'manager');
    const disabled = connect(colleague.token);
    await expect(watch(disabled, { campaignId })).resolves.toMatchObject({ ok: true });
    const still = connect(manager.token);
    await expect(watch(still, { campaignId })).resolves.toMatchObject({ ok: true });

    await query(api.app, `update users set active = false where id = ?`, [colleague.userId]);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const refusals = [refusal(expiring), refusal(disabled)];
    await api.app.get(FloorGateway).recheckWatchers();
    await expect(Promise.all(refusals)).resolves.toEqual([
      { code: 'AUTH_INVALID_TOKEN', disconnected: true },
      { code: 'AUTH_INVALID_TOKEN', disconnected: true },
    ]);
    // A wallboard whose sign-in holds watches on.
    expect(still.connected).toBe(true);
    await expect(watch(still, { campaignId })).resolves.toMatchObject({ ok: true });
  });

  it('cuts off an open wallboard whose user is made an agent, and turns the same token away when it connects again', async () => {
    const demoted = await signInAs(api, 'manager');
    const socket = connect(demoted.token);
    await expect(watch(socket, { campaignId })).resolves.toMatchObject({ ok: true });
    await query(api.app, `update users set role = 'agent' where id = ?`, [demoted.userId]);
    const refused = refusal(socket);
    await api.app.get(FloorGateway).recheckWatchers();
    await expect(refused).resolves.toEqual({ code: 'AUTH_FORBIDDEN', disconnected: true });
    // A storm of reconnects with it: each turned away, none left watching.
    const storm = Array.from({ length: 20 }, () => connect(demoted.token));
    await expect(Promise.all(storm.map(refusal))).resolves.toEqual(storm.map(() => ({ code: 'AUTH_FORBIDDEN', disconnected: true })));
  });

  it('closes at once, on every api process, the wallboards of a user deactivated, whose password is reset or who is made an agent; a rename keeps them', async () => {
    const admin = await signInAs(api, 'admin');
    const change = (userId: string, body: object) =>
      api.http().patch(`/users/${userId}`).set({ Authorization: `Bearer ${admin.token}` }).send(body).expect(200);
    /** What `refusals` came to within a couple of seconds of the change's answer (the minute's re-check is not run here). */
    const soon = <T>(refusals: Promise<T>) => Promise.race([refusals, new Promise((resolve) => setTimeout(() => resolve('still open after 3 s'), 3_000))]);
    // A second api process: the change is made through the first, the wallboards are on both.
    const other = await startApi(ctx.config);
    try {
      const watching = async (user: SignedIn) => {
        const screens = [connect(user.token), connect(user.token, other)];
        for (const screen of screens) await expect(watch(screen, { campaignId })).resolves.toMatchObject({ ok: true });
        return screens;
      };
      const renamed = await signInAs(api, 'manager');
      const kept = await watching(renamed);
      await change(renamed.userId, { displayName: 'Renamed manager' });

      const changes: [object, string][] = [
        [{ active: false }, 'AUTH_INVALID_TOKEN'],
        [{ password: `${TEST_PASSWORD}-reset` }, 'AUTH_INVALID_TOKEN'],
        [{ role: 'agent' }, 'AUTH_FORBIDDEN'],
      ];
      for (const [body, code] of changes) {
        const user = await signInAs(api, 'manager');
        const screens = await watching(user);
        const refusals = Promise.all(screens.map(refusal));
        await change(user.userId, body);
        await expect(soon(refusals)).resolves.toEqual(screens.map(() => ({ code, disconnected: true })));
      }
      // A rename ends nothing: the renamed manager's wallboards watch on, after the changes above reached every wallboard.
      for (const screen of kept) {
        expect(screen.connected).toBe(true);
        await expect(watch(screen, { campaignId })).resolves.toMatchObject({ ok: true });
      }
    } finally {
      await other.close();
    }
  });

  it('computes the figures once for a flood of watches of one campaign, not once per message', async () => {
    const wallboard = api.app.get(WallboardService);
    const computed = jest.spyOn(wallboard, 'campaign');
    try {
      const screens = [connect(manager.token), connect(manager.token)];
      const acks = await Promise.all(screens.flatMap((socket) => Array.from({ length: 100 }, () => watch(socket, { campaignId }))));
      expect(acks.every((ack) => ack.ok && ack.data?.campaignId === campaignId)).toBe(true);
      // The once-a-second beat may add a computation or two meanwhile; 200 messages must not mean 200 computations.
      expect(computed.mock.calls.length).toBeLessThanOrEqual(5);
    } finally {
      computed.mockRestore();
    }
  });
});
