/** @jest-environment node */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, Socket } from 'socket.io-client';
import { reopenAfterServerClose } from './reopen-socket';

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

  const open = (delayMs: number) => {
    client = io(url, { transports: ['websocket'], reconnectionDelayMax: 100 });
    return { socket: client, stop: reopenAfterServerClose(client, SIGN_IN_ENDED, delayMs) };
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
});
