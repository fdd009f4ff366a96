import { io, Socket } from 'socket.io-client';
import type { DeskAck, DeskClientEvents, DeskPresence, DeskServerEvents, ServerTime } from '@dialer/desk-events';

/** The desk protocol from the browser's side, typed once in @dialer/desk-events. */
export type DeskSocket = Socket<DeskServerEvents, DeskClientEvents>;

/** Opens the agent desk's socket (namespace /agents); it reconnects by itself after a drop. */
export function openDeskSocket(token: string, url = ''): DeskSocket {
  return io(`${url}/agents`, { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 3_000 });
}

/** Sends a desk message and resolves with its data, or rejects with the server's readable error. */
export async function deskAction(
  socket: DeskSocket,
  event: 'ready' | 'leave' | 'join' | 'pause' | 'extend_wrap_up',
  body: Record<string, string> = {},
): Promise<DeskPresence> {
  const timed = socket.timeout(8_000);
  const send = timed.emitWithAck as (e: string, b: unknown) => Promise<DeskAck<DeskPresence>>;
  const answer = await send.call(timed, event, body);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.data;
}

/** The server's time (its `clock` answer), for the page's ServerClock; rejects when not answered in time. */
export async function askServerTime(socket: { timeout(ms: number): { emitWithAck: unknown } }): Promise<number> {
  const timed = socket.timeout(5_000);
  const send = timed.emitWithAck as (e: 'clock', b: Record<string, never>) => Promise<DeskAck<ServerTime>>;
  const answer = await send.call(timed, 'clock', {});
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.data.serverMs;
}
