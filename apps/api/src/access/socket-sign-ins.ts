import type { Namespace, Socket } from 'socket.io';
import { RECHECK_SIGN_IN, SIGNED_IN_NAMESPACES } from '@dialer/agents';
import type { Principal } from '@dialer/auth';
import { DomainError } from '@dialer/core';

/** Who the token signs in, if this channel is theirs; throws a DomainError (its code goes to the client) when not. */
export type SocketAuthoriser = (token: string) => Promise<Principal>;

/** How often open sockets (desks, wallboards) are checked against their sign-in again. */
export const SOCKET_RECHECK_MS = 60_000;

/**
 * The sign-ins behind a namespace's open sockets, checked again: a desk or a
 * wallboard stays open for hours, and one whose token ran out, whose account
 * was disabled or whose role no longer fits is told why and cut off (its
 * disconnect handler runs as for any other). A check that fails for another
 * reason (the database away) keeps the socket. An account change has its
 * user's sockets checked at once, on every api process (SignInRechecks).
 */
export class SocketSignIns {
  private rechecking?: Promise<void>;

  constructor(
    private readonly authorise: SocketAuthoriser,
    private readonly onCheckFailed: (error: unknown) => void,
  ) {}

  /** The socket's principal from its handshake token, remembered for the checks that follow. */
  async admit(socket: Socket): Promise<Principal> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string') throw new DomainError('AUTH_INVALID_TOKEN', 'Send the access token as auth.token', 'unauthenticated');
    const principal = await this.authorise(token);
    socket.data.token = token;
    socket.data.principal = principal;
    return principal;
  }

  /** Checks every socket again; a pass still under way (a slow database) is joined, not doubled. */
  recheck(sockets: Iterable<Socket>): Promise<void> {
    this.rechecking ??= this.recheckEach(sockets).finally(() => (this.rechecking = undefined));
    return this.rechecking;
  }

  /**
   * Checks a user's sockets in this namespace (on this process) again when an
   * account change asks for it (SignInRechecks, from whichever process made it).
   */
  answerRechecks(namespace: Namespace): void {
    if (!SIGNED_IN_NAMESPACES.includes(namespace.name)) throw new Error(`${namespace.name} is not in SIGNED_IN_NAMESPACES: account changes would not reach its sockets`);
    namespace.on(RECHECK_SIGN_IN, (userId: unknown) => {
      if (typeof userId !== 'string') return; // not SignInRechecks': whoever else can publish on the channel gets no work done
      // A socket still opening has no principal yet, but may be this user's with a sign-in read before the change: it is checked once open.
      const sockets = [...namespace.sockets.values()].filter((socket) => {
        const principal = socket.data.principal as Principal | undefined;
        return principal === undefined || principal.userId === userId;
      });
      void this.recheckEach(sockets, userId);
    });
  }

  /** Tells the socket why it is refused and closes it. */
  turnAway(socket: Socket, error: unknown): void {
    // Only a refusal says the sign-in ended: anything else (Redis or the database away) is ours, and the page retries.
    const refusal =
      error instanceof DomainError
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL_ERROR', message: 'The desk could not open; it tries again' };
    socket.emit('error', refusal);
    socket.disconnect(true);
  }

  /**
   * Checks one socket's sign-in now (before a desk acts on it): null while it
   * holds, else the refusal, and the socket is cut off. A check that fails for
   * another reason (the database away) keeps the socket, as the re-check does.
   */
  async check(socket: Socket): Promise<DomainError | null> {
    // A socket still opening is checked once it is open: cut off mid-way, its connection handler would undo its disconnect's work.
    await (socket.data.opened as Promise<void> | undefined);
    const token = socket.data.token as string | undefined;
    if (!token || !socket.connected) return null;
    return this.apply(socket, this.authorise(token));
  }

  /** Checks the sockets (only `userId`'s, once open, if given) again. */
  private async recheckEach(sockets: Iterable<Socket>, userId?: string): Promise<void> {
    // One check per sign-in, however many sockets it has open.
    const checked = new Map<string, Promise<Principal>>();
    for (const socket of sockets) {
      // Its token and principal are known once it is open.
      await (socket.data.opened as Promise<void> | undefined);
      const token = socket.data.token as string | undefined;
      if (!token || !socket.connected) continue;
      if (userId !== undefined && (socket.data.principal as Principal | undefined)?.userId !== userId) continue;
      if (!checked.has(token)) checked.set(token, this.authorise(token));
      await this.apply(socket, checked.get(token)!);
    }
  }

  /** Keeps the socket's principal fresh, or cuts it off when its sign-in was refused. */
  private async apply(socket: Socket, check: Promise<Principal>): Promise<DomainError | null> {
    try {
      socket.data.principal = await check;
      return null;
    } catch (error) {
      if (!(error instanceof DomainError)) {
        this.onCheckFailed(error);
        return null;
      }
      this.turnAway(socket, error);
      return error;
    }
  }
}
