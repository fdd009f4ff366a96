/** The api's sockets (desk, floor) as this needs them: both send `error` with a code before the api closes them. */
interface ServerClosedSocket {
  connect(): unknown;
  on(event: 'error', listener: (failure: { code: string }) => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
}

/** Wait before opening again a socket the api closed. */
const REOPEN_DELAY_MS = 2_000;

/**
 * socket.io reconnects by itself after a drop, but never a socket the server
 * closed. The api closes one either to refuse its sign-in (`refusals`: the
 * page leaves for the sign-in page) or because it could not open it just
 * then (Redis or the database away, code INTERNAL_ERROR): that one is opened
 * again after a pause, as after a drop. Returns what cancels a pending reopen
 * (call it with the socket's own cleanup).
 */
export function reopenAfterServerClose(socket: ServerClosedSocket, refusals: readonly string[], delayMs = REOPEN_DELAY_MS): () => void {
  let refused = false;
  let pending: ReturnType<typeof setTimeout> | undefined;
  socket.on('error', (failure) => {
    refused = refusals.includes(failure.code);
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect' || refused) return;
    clearTimeout(pending);
    pending = setTimeout(() => socket.connect(), delayMs);
  });
  return () => clearTimeout(pending);
}
