/** The api's sockets (desk, floor) as this needs them: both send `error` with a code before the api closes them. */
interface ServerClosedSocket {
  connect(): unknown;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'error', listener: (failure: { code: string }) => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
}

export interface ReopenTiming {
  /** The wait after the first close. */
  firstDelayMs: number;
  /** The longest wait, however many closes in a row. */
  maxDelayMs: number;
  /** Open this long, a socket counts as open again: the next close waits the first delay. */
  settledMs: number;
}

const REOPEN_TIMING: ReopenTiming = { firstDelayMs: 2_000, maxDelayMs: 30_000, settledMs: 10_000 };

/**
 * The wait before opening again after `closesInARow` closes: doubled each
 * time up to the maximum, then drawn from its upper half, so a floor of
 * desks closed at once by an api that lost Redis does not come back at once
 * (socket.io spreads its own reconnections the same way).
 */
export function reopenDelay(closesInARow: number, timing: ReopenTiming, random: () => number = Math.random): number {
  const ceiling = Math.min(timing.maxDelayMs, timing.firstDelayMs * 2 ** Math.max(0, closesInARow - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * socket.io reconnects by itself after a drop, but never a socket the server
 * closed. The api closes one either to refuse its sign-in (`refusals`: the
 * page leaves for the sign-in page) or because it could not open it just
 * then (Redis or the database away, code INTERNAL_ERROR): that one is opened
 * again after a pause, longer each time it is closed again soon after.
 * Returns what cancels a pending reopen (call it with the socket's own cleanup).
 */
export function reopenAfterServerClose(socket: ServerClosedSocket, refusals: readonly string[], timing: ReopenTiming = REOPEN_TIMING): () => void {
  let refused = false;
  let closesInARow = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let settling: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect', () => {
    clearTimeout(settling);
    settling = setTimeout(() => (closesInARow = 0), timing.settledMs);
  });
  socket.on('error', (failure) => {
    refused = refusals.includes(failure.code);
  });
  socket.on('disconnect', (reason) => {
    clearTimeout(settling);
    if (reason !== 'io server disconnect' || refused) return;
    clearTimeout(pending);
    pending = setTimeout(() => socket.connect(), reopenDelay(++closesInARow, timing));
  });
  return () => {
    clearTimeout(pending);
    clearTimeout(settling);
  };
}
