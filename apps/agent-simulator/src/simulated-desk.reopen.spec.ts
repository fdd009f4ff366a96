import { createServer, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { SimulatedDesk } from './simulated-desk';

/**
 * A simulated desk whose first connection the api turned away without
 * refusing its sign-in (Redis or the database away, INTERNAL_ERROR): it is
 * opened again after a pause, and the desk must open once — one join, one
 * audio leg — not once by SimulatedDesk.open and again by the restore that
 * runs on every connect.
 */
describe('SimulatedDesk: a first connection the api turned away', () => {
  let api: Server;
  let apiHttp: HttpServer;
  let emulator: HttpServer;
  let apiUrl: string;
  let emulatorUrl: string;
  let connections: number;
  /** Connections (by number, from 1) the api turns away (INTERNAL_ERROR). */
  let turnedAway: number[];
  const joins: number[] = [];
  const legs: string[] = [];
  let desk: SimulatedDesk | undefined;
  const sockets: { conn: { close(): void } }[] = [];
  const offline = () => ({ state: 'offline', campaignId: null as string | null, attemptId: null, pauseReason: null as string | null });
  /** The agent as the api holds them. */
  let presence = offline();

  const listen = async (server: HttpServer) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeEach(async () => {
    connections = 0;
    turnedAway = [1];
    joins.length = 0;
    legs.length = 0;
    apiHttp = createServer();
    api = new Server(apiHttp);
    presence = offline();
    api.of('/agents').on('connection', (socket) => {
      sockets.push(socket);
      if (turnedAway.includes(++connections)) {
        socket.emit('error', { code: 'INTERNAL_ERROR', message: 'The desk could not open; it tries again' });
        return void socket.disconnect(true);
      }
      socket.emit('state', presence);
      socket.on('join', (body: { campaignId: string }, ack: (answer: unknown) => void) => {
        joins.push(connections);
        presence = { ...presence, state: 'paused', campaignId: body.campaignId, pauseReason: 'joined' };
        socket.emit('state', presence);
        ack({ ok: true, data: presence });
      });
      socket.on('ready', (_body: unknown, ack: (answer: unknown) => void) => {
        presence = { ...presence, state: 'ready', pauseReason: null };
        socket.emit('state', presence);
        ack({ ok: true, data: presence });
      });
    });
    apiUrl = await listen(apiHttp);
    // The emulator's agents: a leg posted is in the room at once.
    emulator = createServer((request, response) => {
      if (request.method === 'POST') {
        legs.push('connect');
        response.writeHead(201).end('{}');
      } else if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(legs.length ? [{ identity: 'agent-1', state: 'available' }] : []));
      } else response.writeHead(204).end();
    });
    emulatorUrl = await listen(emulator);
  });

  afterEach(async () => {
    await desk?.close().catch(() => undefined);
    await api.close();
    await new Promise((resolve) => emulator.close(resolve));
  });

  it('opens once when its first connection was turned away and opened again', async () => {
    desk = await SimulatedDesk.open({ apiUrl, emulatorUrl, token: 't', userId: 'agent-1', campaignId: 'c1' });
    // Whatever a restore would do has had time to happen.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(connections).toBe(2);
    expect(desk.presence?.state).toBe('ready');
    expect(joins).toHaveLength(1);
    expect(legs).toHaveLength(1);
  }, 20_000);

  it('picks up once after a drop whose first reconnection the api turned away', async () => {
    turnedAway = [];
    desk = await SimulatedDesk.open({ apiUrl, emulatorUrl, token: 't', userId: 'agent-1', campaignId: 'c1' });
    expect(joins).toHaveLength(1);
    // The api restarts: the connection drops; the desk's first reconnection finds Redis still away and is turned
    // away; the one opened again 2 s later finds the agent off the floor (the restart forgot them).
    turnedAway = [connections + 1];
    presence = offline();
    sockets.at(-1)!.conn.close();
    for (let i = 0; i < 300 && desk.restored === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(connections).toBe(3);
    expect(desk.restored).toBe(1);
    expect(joins).toEqual([1, 3]);
  }, 20_000);
});
