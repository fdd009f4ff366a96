import { io, Socket } from 'socket.io-client';
import type { DeskClientEvents, DeskServerEvents } from '@dialer/desk-events';

/** The desk protocol as the client sees it (typed once in @dialer/desk-events). */
export type DeskSocket = Socket<DeskServerEvents, DeskClientEvents>;

/** The api's refusals of a sign-in: a desk so refused stays closed (a person would be sent to the sign-in page). */
const SIGN_IN_ENDED = ['AUTH_INVALID_TOKEN', 'AUTH_FORBIDDEN'];
/** Wait before opening again a desk the api closed without refusing its sign-in. */
const REOPEN_DELAY_MS = 2_000;

/** An agent desktop's socket, with helpers to wait for pushed messages. */
export class AgentSocket {
  readonly received: { event: string; payload: unknown }[] = [];
  private closed = false;
  private reopening?: ReturnType<typeof setTimeout>;

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
    const reopens = options.reconnect === true;
    if (reopens) agent.reopenAfterServerClose();
    // The desk is live once the server has authenticated it and sent the agent's state.
    await new Promise<void>((resolve, reject) => {
      const refused = (failure: { code: string }) => {
        // Refused: the caller reads the error message. Turned away for another reason (INTERNAL_ERROR), a desk
        // that reconnects is opened again: it is live once that connection's state comes, and not before (its
        // caller would act on a closed socket, and the restore that runs on the next connect would do it all again).
        if (reopens && !SIGN_IN_ENDED.includes(failure.code)) return;
        socket.off('error', refused);
        resolve();
      };
      socket.once('state', () => {
        socket.off('error', refused);
        resolve();
      });
      socket.on('error', refused);
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
    this.closed = true;
    clearTimeout(this.reopening);
    this.socket.close();
  }

  /**
   * socket.io never reconnects a socket the server closed. The api closes a
   * desk to refuse its sign-in, or because it could not open it just then
   * (Redis or the database away, INTERNAL_ERROR): the browser's desk opens
   * that one again after a pause (apps/web reopen-socket.ts), and so does this.
   */
  private reopenAfterServerClose(): void {
    let refused = false;
    this.socket.on('error', (failure) => (refused = SIGN_IN_ENDED.includes(failure.code)));
    this.socket.on('disconnect', (reason) => {
      if (reason !== 'io server disconnect' || refused || this.closed) return;
      clearTimeout(this.reopening);
      this.reopening = setTimeout(() => this.closed || this.socket.connect(), REOPEN_DELAY_MS);
    });
  }
}
