import { io, Socket } from 'socket.io-client';
import type { DeskClientEvents, DeskServerEvents } from '@dialer/desk-events';

/** The desk protocol as the client sees it (typed once in @dialer/desk-events). */
export type DeskSocket = Socket<DeskServerEvents, DeskClientEvents>;

/** An agent desktop's socket, with helpers to wait for pushed messages. */
export class AgentSocket {
  readonly received: { event: string; payload: unknown }[] = [];
  private constructor(readonly socket: DeskSocket) {
    socket.onAny((event: string, payload: unknown) => this.received.push({ event, payload }));
  }

  /**
   * `reconnect`: when the connection drops (the api restarted, died, or the
   * network blinked), try again as a browser's desk would — with a growing,
   * jittered delay (0.5 s doubling up to 5 s) and for as long as it takes.
   */
  static async connect(apiUrl: string, token: string, options: { reconnect?: boolean } = {}): Promise<AgentSocket> {
    const socket: DeskSocket = io(`${apiUrl}/agents`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: options.reconnect === true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
    });
    const agent = new AgentSocket(socket);
    // The desk is live once the server has authenticated it and sent the agent's state.
    await new Promise<void>((resolve, reject) => {
      socket.once('state', () => resolve());
      socket.once('error', () => resolve()); // refused: the caller reads the error message
      socket.once('connect_error', reject);
    });
    return agent;
  }

  emit<T = unknown>(event: keyof DeskClientEvents, payload?: unknown): Promise<T> {
    // Tests also send malformed bodies on purpose: the payload is not narrowed to the event's.
    const timed = this.socket.timeout(5_000);
    return (timed.emitWithAck as (e: string, p: unknown) => Promise<unknown>).call(timed, event, payload ?? {}) as Promise<T>;
  }

  /** Forgets the messages of this kind received so far (what comes next is news). */
  forget(event: string): void {
    for (let i = this.received.length - 1; i >= 0; i--) if (this.received[i].event === event) this.received.splice(i, 1);
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
