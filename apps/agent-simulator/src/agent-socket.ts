import { io, Socket } from 'socket.io-client';

/** An agent desktop's socket, with helpers to wait for pushed messages. */
export class AgentSocket {
  readonly received: { event: string; payload: unknown }[] = [];
  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => this.received.push({ event, payload }));
  }

  static async connect(apiUrl: string, token: string): Promise<AgentSocket> {
    const socket = io(`${apiUrl}/agents`, { auth: { token }, transports: ['websocket'], reconnection: false });
    const agent = new AgentSocket(socket);
    // The desk is live once the server has authenticated it and sent the agent's state.
    await new Promise<void>((resolve, reject) => {
      socket.once('state', () => resolve());
      socket.once('error', () => resolve()); // refused: the caller reads the error message
      socket.once('connect_error', reject);
    });
    return agent;
  }

  emit<T = unknown>(event: string, payload?: unknown): Promise<T> {
    return this.socket.timeout(5_000).emitWithAck(event, payload ?? {}) as Promise<T>;
  }

  /** Resolves with the first message of this kind (already received or to come) matching `where`. */
  async next<T>(event: string, where: (payload: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => m.event === event && where(m.payload as T));
      if (found) {
        this.received.splice(this.received.indexOf(found), 1);
        return found.payload as T;
      }
      if (Date.now() > deadline) throw new Error(`no ${event} within ${timeoutMs} ms; got ${JSON.stringify(this.received.map((m) => m.event))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}
