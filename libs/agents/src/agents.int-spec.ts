import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { createServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, Socket as ClientSocket } from 'socket.io-client';
import { AuditModule } from '@dialer/audit';
import { REDIS } from '@dialer/core';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';
import { DESK_NAMESPACE, deskRoom, socketIoKey } from './socket-rooms';
import { DeskPresence } from './desk-presence';
import { AgentStateStore } from './agent-state.store';
import { AgentsModule } from './agents.module';
import { AgentsService } from './agents.service';
import { AgentStateChange } from './entities/agent-state-change.entity';

describe('agents on the floor (integration: Redis + PostgreSQL)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let agents: AgentsService;
  let campaign: string;
  /** A socket.io server as the api runs it (Redis adapter), whose desks join their agent's room. */
  let http: HttpServer;
  let sockets: Server;
  let url: string;
  const redisClients: Redis[] = [];
  beforeEach(() => {
    campaign = randomUUID(); // each test its own floor
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, AgentsModule]);
    agents = app.get(AgentsService);
    http = createServer();
    redisClients.push(new Redis(ctx.config.redis.url), new Redis(ctx.config.redis.url));
    sockets = new Server(http, { adapter: createAdapter(redisClients[0], redisClients[1], { key: socketIoKey(ctx.config) }) });
    sockets.of(DESK_NAMESPACE).on('connection', (socket) => void socket.join(deskRoom((socket.handshake.auth as { agentId: string }).agentId)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (sockets ? sockets.close(() => resolve()) : resolve()));
    for (const client of redisClients) client.disconnect();
    await app?.close();
    await ctx?.cleanup();
  });

  const onFloor = async (count: number) => {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const [i, id] of ids.entries()) {
      await agents.join(id, campaign, `Agent ${i}`);
      await agents.ready(id);
    }
    return ids;
  };

  it('never reserves one agent for two calls, however many calls answer at once', async () => {
    const ready = await onFloor(5);
    const reservations = await Promise.all(Array.from({ length: 20 }, () => agents.reserveNext(campaign, randomUUID(), randomUUID())));
    const reserved = reservations.filter((r) => r !== null).map((r) => r!.agentId);
    expect(reserved.sort()).toEqual([...ready].sort());
    expect(await agents.reserveNext(campaign, randomUUID(), randomUUID())).toBeNull();
  });

  it('gives the call to the agent who has waited longest', async () => {
    const [first, second] = await onFloor(2);
    const presence = await agents.reserveNext(campaign, randomUUID(), randomUUID());
    expect(presence?.agentId).toBe(first);
    expect((await agents.reserveNext(campaign, randomUUID(), randomUUID()))?.agentId).toBe(second);
  });

  it('honours a pause asked for while holding a reservation that comes to nothing (a skipped preview)', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserve(agent, attempt, randomUUID());
    expect(await agents.pause(agent, 'break')).toMatchObject({ state: 'reserved', pauseAfterCall: 'break' });
    expect((await agents.release(agent, attempt))?.presence).toMatchObject({ state: 'paused', pauseReason: 'break', attemptId: null });
    // A released reservation with no pause asked goes back to ready; releaseTo can park it paused with a reason.
    await agents.ready(agent);
    const next = randomUUID();
    await agents.reserve(agent, next, randomUUID());
    expect((await agents.releaseTo(agent, next, 'paused', 'preview_timeout'))?.presence).toMatchObject({ state: 'paused', pauseReason: 'preview_timeout' });
  });

  it('turns a pause that meets a reservation made at the same moment into a pause after that call, never an error', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    const store = app.get(AgentStateStore);
    const move = store.move.bind(store);
    // The dialer reserves the agent between the pause's look at their state and its move.
    const spy = jest.spyOn(store, 'move').mockImplementationOnce(async (id, request) => {
      await agents.reserve(agent, attempt, randomUUID());
      return move(id, request);
    });
    try {
      expect(await agents.pause(agent, 'no_audio')).toMatchObject({ state: 'reserved', attemptId: attempt, pauseAfterCall: 'no_audio' });
    } finally {
      spy.mockRestore();
    }
    expect((await agents.release(agent, attempt))?.presence).toMatchObject({ state: 'paused', pauseReason: 'no_audio' });

    // Reserved and that call already over (wrap-up) by the time of the move: a pause after the wrap-up, too.
    await agents.ready(agent);
    const ended = randomUUID();
    const endingSpy = jest.spyOn(store, 'move').mockImplementationOnce(async (id, request) => {
      await agents.reserve(agent, ended, randomUUID());
      await agents.endCall(agent, ended);
      return move(id, request);
    });
    try {
      expect(await agents.pause(agent, 'break')).toMatchObject({ state: 'wrap_up', attemptId: ended, pauseAfterCall: 'break' });
    } finally {
      endingSpy.mockRestore();
    }
  });

  it('walks a call from reservation to wrap-up and back to ready, ignoring a stale attempt', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    const reserved = await agents.reserveNext(campaign, attempt, 'lead-1');
    expect(reserved).toMatchObject({ agentId: agent, state: 'reserved', attemptId: attempt, leadId: 'lead-1' });

    expect(await agents.connect(agent, randomUUID())).toBeNull(); // another call's callback
    expect((await agents.connect(agent, attempt))?.presence.state).toBe('on_call');
    const wrap = await agents.endCall(agent, attempt);
    expect(wrap?.presence).toMatchObject({ state: 'wrap_up', attemptId: attempt });

    expect(await agents.finishWrapUp(agent, wrap!.presence.epoch - 1)).toBeNull(); // a stale timer
    expect((await agents.finishWrapUp(agent, wrap!.presence.epoch))?.presence.state).toBe('ready');
  });

  it('keeps a pause asked during a call for after the wrap-up', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserveNext(campaign, attempt, 'lead-2');
    await agents.connect(agent, attempt);
    expect(await agents.pause(agent, 'break')).toMatchObject({ state: 'on_call', pauseAfterCall: 'break' });
    await agents.endCall(agent, attempt);
    expect((await agents.finishWrapUp(agent))?.presence).toMatchObject({ state: 'paused', pauseReason: 'break' });
  });

  it('keeps a pause (or a sign-out) asked for during the call when the wrap-up ends in a pause of its own (after-call work), however late it was asked', async () => {
    const [agent, signedOut] = await onFloor(2);
    for (const [who, lead] of [[agent, 'lead-6'], [signedOut, 'lead-7']]) {
      const attempt = randomUUID();
      await agents.reserveNext(campaign, attempt, lead);
      await agents.connect(who, attempt);
      await agents.endCall(who, attempt);
    }
    // Asked during the wrap-up, after the timer read the agent's state: the pause it applies must not drop it.
    await agents.pause(agent, 'lunch');
    await agents.signOutAfterCall(signedOut);
    expect((await agents.finishWrapUp(agent, undefined, 'after_call_work'))?.presence).toMatchObject({ state: 'paused', pauseReason: 'lunch', pauseAfterCall: null });
    expect((await agents.finishWrapUp(signedOut, undefined, 'after_call_work'))?.presence).toMatchObject({ state: 'offline' });
  });

  it('signs an agent out for a supervisor: now when idle, else once the call and its wrap-up are over', async () => {
    const [idle, busy] = await onFloor(2);
    expect(await agents.signOut(idle)).toMatchObject({ state: 'offline' });
    expect(await agents.list(campaign)).toHaveLength(1);
    const attempt = randomUUID();
    await agents.reserveNext(campaign, attempt, 'lead-4');
    await agents.connect(busy, attempt);
    await expect(agents.signOut(busy)).rejects.toMatchObject({ code: 'AGENT_BUSY' });
    // Announced at once (the pacer's snapshot reads pauseAfterCall as an announced pause), applied after the wrap-up.
    expect(await agents.signOutAfterCall(busy)).toMatchObject({ state: 'on_call', pauseAfterCall: 'signed_out' });
    await agents.endCall(busy, attempt);
    expect((await agents.finishWrapUp(busy))?.presence).toMatchObject({ state: 'offline' });
    expect(await agents.list(campaign)).toEqual([]);
    await expect(agents.signOutAfterCall(busy)).rejects.toMatchObject({ code: 'AGENT_NOT_IN_CAMPAIGN' });
  });

  it('keeps a supervisor’s sign-out-after-call when the agent (or a lost audio leg) asks for a pause during the call', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserveNext(campaign, attempt, 'lead-5');
    await agents.connect(agent, attempt);
    await agents.signOutAfterCall(agent);
    expect(await agents.pause(agent, 'break')).toMatchObject({ state: 'on_call', pauseAfterCall: 'signed_out' });
    await agents.endCall(agent, attempt);
    expect((await agents.finishWrapUp(agent))?.presence).toMatchObject({ state: 'offline' });
  });

  it('refuses what an agent may not do, in words', async () => {
    const stranger = randomUUID();
    await expect(agents.ready(stranger)).rejects.toMatchObject({ code: 'AGENT_NOT_IN_CAMPAIGN' });
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserveNext(campaign, attempt, 'lead-3');
    await agents.connect(agent, attempt);
    await expect(agents.leave(agent)).rejects.toMatchObject({ code: 'AGENT_BUSY' });
    await expect(agents.join(agent, randomUUID(), 'x')).rejects.toMatchObject({ code: 'AGENT_BUSY' });
    await expect(agents.ready(agent)).rejects.toMatchObject({ code: 'AGENT_BUSY' });
  });

  it('answers ready pressed the instant the dialer reserved the agent with where they are, not an error', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserveNext(campaign, attempt, 'lead-6');
    expect(await agents.ready(agent)).toMatchObject({ state: 'reserved', attemptId: attempt });
    expect(await agents.get(agent)).toMatchObject({ state: 'reserved', attemptId: attempt });
  });

  it('logs every state period in PostgreSQL and tells the agent’s screen', async () => {
    const [agent] = await onFloor(1);
    const desk: ClientSocket = io(`${url}${DESK_NAMESPACE}`, { auth: { agentId: agent }, transports: ['websocket'] });
    const states: string[] = [];
    desk.on('state', (presence: { state: string }) => states.push(presence.state));
    await new Promise<void>((resolve) => desk.once('connect', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the room is joined on the server's side
    await agents.pause(agent, 'lunch');
    await agents.leave(agent);
    const log = await app.get(MikroORM).em.fork().find(AgentStateChange, { agentId: agent }, { orderBy: { id: 'asc' } });
    expect(log.map((row) => [row.state, row.reason ?? null, row.endedAt !== undefined && row.endedAt !== null])).toEqual([
      ['paused', 'not_ready', true],
      ['ready', null, true],
      ['paused', 'lunch', true],
    ]);
    for (let waited = 0; states.length < 2 && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    desk.close();
    // Through socket.io's Redis emitter and adapter, once each.
    expect(states).toEqual(['paused', 'offline']);
  });

  describe('a desk that died with its api process (its heartbeat expired)', () => {
    const expire = (agentId: string) => app.get(DeskPresence).beat([agentId], 'api-that-dies').then(() => app.get<Redis>(REDIS).del(`${ctx.queuePrefix}:desk:${agentId}`));

    it('is passed over for a call, and its agent paused as disconnected', async () => {
      const [dead, alive] = await onFloor(2);
      await app.get(DeskPresence).beat([alive], 'api-alive');
      await expire(dead); // waited longest: it would get the call
      const reserved = await agents.reserveNext(campaign, randomUUID(), randomUUID());
      expect(reserved?.agentId).toBe(alive);
      expect(await agents.get(dead)).toMatchObject({ state: 'paused', pauseReason: 'disconnected' });
      expect(await agents.reserveNext(campaign, randomUUID(), randomUUID())).toBeNull();
    });

    it('is never put through a call it was reserved for, nor reserved by name', async () => {
      const [agent] = await onFloor(1);
      const attempt = randomUUID();
      expect(await agents.reserveNext(campaign, attempt, randomUUID())).toMatchObject({ agentId: agent });
      await expire(agent);
      expect(await agents.connect(agent, attempt)).toBeNull();
      expect(await app.get(DeskPresence).gone([agent])).toEqual([agent]);
      const [other] = await onFloor(1);
      await expire(other);
      expect(await agents.reserve(other, randomUUID(), randomUUID())).toBeNull();
    });

    it('does not concern an agent who never attached a desk, nor one whose desk is alive', async () => {
      const [restOnly, withDesk] = await onFloor(2);
      await app.get(DeskPresence).beat([withDesk], 'api-alive');
      expect(await app.get(DeskPresence).gone([restOnly, withDesk])).toEqual([]);
      expect(await agents.reserveNext(campaign, randomUUID(), randomUUID())).toMatchObject({ agentId: restOnly });
      expect(await agents.reserveNext(campaign, randomUUID(), randomUUID())).toMatchObject({ agentId: withDesk });
    });
  });
});
