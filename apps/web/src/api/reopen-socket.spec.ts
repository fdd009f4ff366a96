/** @jest-environment node */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, Socket } from 'socket.io-client';
import { reopenAfterServerClose, reopenDelay, ReopenTiming } from './reopen-socket';

const SIGN_IN_ENDED = ['AUTH_INVALID_TOKEN', 'AUTH_FORBIDDEN'];

describe('reopenAfterServerClose', () => {
  let server: Server;
  let url: string;
  /** What the server answers each connection with: the refusal's code, or null to keep it. */
  let answers: (string | null)[];
  let connections: number;
  let client: Socket | undefined;

  beforeEach(async () => {
    const http = createServer();
    server = new Server(http);
    connections = 0;
    server.on('connection', (socket) => {
      const code = answers[connections++] ?? null;
      if (code === null) return void socket.emit('state', 'open');
      socket.emit('error', { code, message: 'closed by the server' });
      socket.disconnect(true);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    client?.close();
    await server.close();
  });

  const open = (firstDelayMs: number, timing: Partial<ReopenTiming> = {}) => {
    client = io(url, { transports: ['websocket'], reconnectionDelayMax: 100 });
    return { socket: client, stop: reopenAfterServerClose(client, SIGN_IN_ENDED, { firstDelayMs, maxDelayMs: 10_000, settledMs: 10_000, ...timing }) };
  };
  const opened = (socket: Socket) => new Promise<void>((resolve) => socket.once('state', () => resolve()));

  it('opens again a desk the api closed because it could not open it then (Redis or the database away)', async () => {
    answers = ['INTERNAL_ERROR', 'INTERNAL_ERROR', null];
    const { socket } = open(20);
    await opened(socket);
    expect(connections).toBe(3);
    expect(socket.connected).toBe(true);
  });

  it('leaves closed a desk whose sign-in the api refused (the page goes to sign-in)', async () => {
    answers = ['AUTH_INVALID_TOKEN', null];
    const { socket } = open(20);
    await new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(connections).toBe(1);
    expect(socket.connected).toBe(false);
  });

  it('opens nothing again once the page let the socket go', async () => {
    answers = ['INTERNAL_ERROR', null];
    const { socket, stop } = open(100);
    await new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    stop();
    socket.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toBe(1);
  });

  it('waits longer each time the api closes the desk again soon after opening it', async () => {
    answers = ['INTERNAL_ERROR', 'INTERNAL_ERROR', 'INTERNAL_ERROR', null];
    const closedAt: number[] = [];
    const { socket } = open(40);
    socket.on('disconnect', () => closedAt.push(Date.now()));
    const openedAt: number[] = [];
    socket.on('connect', () => openedAt.push(Date.now()));
    await opened(socket);
    // Waits drawn from [20, 40], [40, 80], [80, 160] ms: each at least the last one's lower bound doubled.
    const waits = closedAt.map((closed, i) => openedAt[i + 1] - closed);
    expect(waits[0]).toBeGreaterThanOrEqual(19);
    expect(waits[1]).toBeGreaterThanOrEqual(39);
    expect(waits[2]).toBeGreaterThanOrEqual(79);
  });

  it('waits the first delay again once the desk stayed open a while', async () => {
    answers = ['INTERNAL_ERROR', 'INTERNAL_ERROR', null, null];
    const { socket } = open(200, { settledMs: 50 });
    await opened(socket);
    await new Promise((resolve) => setTimeout(resolve, 100)); // open longer than settledMs
    const closed = Date.now();
    for (const remote of await server.fetchSockets()) {
      remote.emit('error', { code: 'INTERNAL_ERROR', message: 'closed by the server' });
      remote.disconnect(true);
    }
    await opened(socket);
    // A third close in a row would wait 400-800 ms; the count started again: 100-200 ms.
    expect(Date.now() - closed).toBeLessThan(400);
  });
});

describe('reopenDelay', () => {
  const timing: ReopenTiming = { firstDelayMs: 2_000, maxDelayMs: 30_000, settledMs: 10_000 };

  it('doubles the wait with each close in a row, up to the maximum', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((n) => reopenDelay(n, timing, top))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('draws the wait from the upper half, so desks closed together do not all come back together', () => {
    expect(reopenDelay(1, timing, () => 0)).toBe(1_000);
    expect(reopenDelay(1, timing, () => 0.5)).toBe(1_500);
    expect(reopenDelay(5, timing, () => 0)).toBe(15_000);
  });
});
