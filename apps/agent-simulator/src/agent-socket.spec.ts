import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { AgentSocket } from './agent-socket';

describe('AgentSocket: a desk the api closed', () => {
  let server: Server;
  let url: string;
  /** What the api answers each connection of /agents with: a refusal's code, or null to open the desk. */
  let answers: (string | null)[];
  let connections: number;
  let desk: AgentSocket | undefined;

  beforeEach(async () => {
    const http = createServer();
    server = new Server(http);
    connections = 0;
    server.of('/agents').on('connection', (socket) => {
      const code = answers[connections++] ?? null;
      if (code === null) return void socket.emit('state', null);
      socket.emit('error', { code, message: 'closed by the api' });
      socket.disconnect(true);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    desk?.close();
    await server.close();
  });

  it('is opened again when the api could not open it just then (Redis or the database away), as the browser desk is', async () => {
    answers = ['INTERNAL_ERROR', null];
    desk = await AgentSocket.connect(url, 'token', { reconnect: true });
    await desk.next('state', () => true, 5_000);
    expect(connections).toBe(2);
    expect(desk.socket.connected).toBe(true);
  });

  it('stays closed when the api refused its sign-in', async () => {
    answers = ['AUTH_FORBIDDEN', null];
    desk = await AgentSocket.connect(url, 'token', { reconnect: true });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(connections).toBe(1);
  });

  it('stays closed when it was not asked to reconnect', async () => {
    answers = ['INTERNAL_ERROR', null];
    desk = await AgentSocket.connect(url, 'token', { reconnect: false });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(connections).toBe(1);
  });
});
