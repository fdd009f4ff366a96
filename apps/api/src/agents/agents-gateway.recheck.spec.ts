import { InvalidTokenError, Principal } from '@dialer/auth';
import { systemClock } from '@dialer/core';
import { AgentsGateway } from './agents.gateway';

/**
 * Attack probes of the desk's sign-in re-check (SocketSignIns in AgentsGateway),
 * with the gateway's collaborators stubbed: what a disabled agent can still do,
 * and the re-check racing a desk that is still opening.
 */

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

interface FakeSocket {
  id: string;
  handshake: { auth: { token: string } };
  data: Record<string, unknown>;
  rooms: Set<string>;
  connected: boolean;
  emitted: { event: string; payload: unknown; connected: boolean }[];
  emit(event: string, payload: unknown): boolean;
  join(room: string): Promise<void>;
  disconnect(close: boolean): void;
}

function harness() {
  const agent: Principal = { userId: 'agent-1', email: 'a@example.com', role: 'agent', displayName: 'Ann' };
  const account = { active: true };
  const log: string[] = [];
  const sockets = new Map<string, FakeSocket>();
  let beatGate: Promise<void> | null = null;

  const auth = {
    authenticate: jest.fn(async () => {
      if (!account.active) throw new InvalidTokenError('account disabled');
      return agent;
    }),
  };
  const agents = {
    cancelPauseAfterCall: jest.fn(async (agentId: string) => {
      log.push(`cancelPauseAfterCall ${agentId}`);
      return null;
    }),
    get: jest.fn(async () => ({ agentId: agent.userId, state: 'on_call', campaignId: 'c1' })),
    leave: jest.fn(),
  };
  const agentCalls = {
    deskLost: jest.fn(async (agentId: string) => void log.push(`deskLost ${agentId}`)),
    join: jest.fn(),
  };
  const readiness = {
    ready: jest.fn(async (agentId: string) => {
      log.push(`ready ${agentId}`);
      return { agentId, state: 'ready' };
    }),
    owedCall: jest.fn(async () => null),
    pause: jest.fn(),
    // Not back within the grace of a pause its going away put on: nothing to resume.
    resumeAfterDeskBack: jest.fn(async () => null),
  };
  const desks = {
    beat: jest.fn(async (ids: Iterable<string>) => {
      log.push(`beat ${[...ids].join(',')}`);
      if (beatGate) await beatGate;
    }),
    detach: jest.fn(async (agentId: string) => void log.push(`detach ${agentId}`)),
  };
  const logger = { setContext: jest.fn(), warn: jest.fn(), error: jest.fn(), info: jest.fn() };
  const orm = { em: { name: 'default', fork: () => ({}) } };

  const gateway = new AgentsGateway(
    auth as never,
    agents as never,
    agentCalls as never,
    readiness as never,
    {} as never,
    { compose: jest.fn() } as never,
    desks as never,
    orm as never,
    logger as never,
    systemClock,
  );
  const server = {
    sockets,
    in: (room: string) => ({ fetchSockets: async () => [...sockets.values()].filter((s) => s.rooms.has(room)) }),
  };
  (gateway as unknown as { server: unknown }).server = server;

  const open = (id: string): FakeSocket => {
    const socket: FakeSocket = {
      id,
      handshake: { auth: { token: 'token-1' } },
      data: {},
      rooms: new Set(),
      connected: true,
      emitted: [],
      emit(event, payload) {
        this.emitted.push({ event, payload, connected: this.connected });
        return true;
      },
      async join(room) {
        this.rooms.add(room);
      },
      disconnect() {
        if (!this.connected) return;
        this.connected = false;
        this.rooms.clear();
        sockets.delete(this.id);
        log.push(`disconnected ${this.id}`);
        // socket.io's disconnect event: Nest calls the gateway's handler.
        void gateway.handleDisconnect(this as never);
      },
    };
    // socket.io adds the socket to the namespace before its connection handler runs.
    sockets.set(id, socket);
    return socket;
  };

  return {
    gateway,
    account,
    log,
    open,
    desks,
    holdBeat: () => {
      const gate = deferred();
      beatGate = gate.promise;
      return () => {
        beatGate = null;
        gate.resolve();
      };
    },
  };
}

describe('desk sign-in re-check: races, refusals and a Redis blip', () => {
  it('does not withdraw the pause of a desk the re-check cut off while it was still opening', async () => {
    const { gateway, account, log, open, holdBeat } = harness();
    const release = holdBeat(); // the desk's first heartbeat is slow (Redis busy)
    const socket = open('s1');
    const connecting = gateway.handleConnection(socket as never);
    await flush(); // admitted: token and principal remembered; now waiting on the heartbeat

    account.active = false; // the admin disables the agent
    const rechecking = gateway.recheckDesks(); // the minute's re-check lands while the desk is still opening
    await flush();

    release();
    await Promise.all([connecting, rechecking]);
    await flush();
    expect(socket.connected).toBe(false);
    expect(log).toContain('deskLost agent-1');
    // The connection handler carries on as if the desk were open: it withdraws the very pause the
    // cut-off asked for (an agent on a call would take calls again after it) and sends state to a closed socket.
    const lost = log.indexOf('deskLost agent-1');
    const cancelledAfter = log.findIndex((line, i) => i > lost && line.startsWith('cancelPauseAfterCall'));
    expect({ log, cancelledAfter }).toEqual({ log, cancelledAfter: -1 });
    expect(socket.emitted.filter((e) => e.event === 'state' && !e.connected)).toEqual([]);
  });

  it('refuses ready from a desk whose account was disabled, without waiting for the next minute’s re-check', async () => {
    const { gateway, account, log, open } = harness();
    const socket = open('s1');
    await gateway.handleConnection(socket as never);
    expect(socket.connected).toBe(true);

    account.active = false; // disabled; the next re-check is up to SOCKET_RECHECK_MS away
    const ack = await gateway.ready(socket as never);
    // Today: accepted (act() trusts the principal remembered at the handshake), so the disabled agent is
    // offered callees — with their screen pops — until the re-check comes round.
    expect({ ack, log }).toEqual({ ack: expect.objectContaining({ ok: false }), log: expect.not.arrayContaining(['ready agent-1']) });
  });

  it('does not tell a desk its sign-in ended when Redis (or anything but the sign-in) failed while it opened', async () => {
    const { gateway, open, desks } = harness();
    // The api's Redis client has no offline queue: during a Redis restart every command fails at once.
    desks.beat.mockRejectedValueOnce(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    const socket = open('s1');
    await gateway.handleConnection(socket as never);
    const refusal = socket.emitted.find((e) => e.event === 'error')?.payload as { code: string } | undefined;
    // The web app (use-desk, SIGN_IN_ENDED) signs the agent out on AUTH_INVALID_TOKEN / AUTH_FORBIDDEN:
    // a Redis blip while desks reconnect would send the whole floor back to the sign-in page.
    expect(['AUTH_INVALID_TOKEN', 'AUTH_FORBIDDEN']).not.toContain(refusal?.code);
  });

  it('does nothing a desk asks for once the api has closed it (turned away while it opened: Redis away)', async () => {
    const { gateway, log, open, desks } = harness();
    desks.beat.mockRejectedValueOnce(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    const socket = open('s1');
    await gateway.handleConnection(socket as never);
    expect(socket.connected).toBe(false);

    // A ready sent in the same tick as the connect (the desk had not heard yet): no agent made ready behind a closed desk.
    const ack = await gateway.ready(socket as never);
    expect(ack).toMatchObject({ ok: false });
    expect(log).not.toContain('ready agent-1');
  });
});
