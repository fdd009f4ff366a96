import type { FloorAck, FloorClientEvents, FloorServerEvents, FloorSnapshot } from '@dialer/desk-events';
import { useEffect, useState } from 'react';
import { io, Socket } from 'socket.io-client';
import { askServerTime } from '../../api/desk-socket';
import { reopenAfterServerClose } from '../../api/reopen-socket';
import { keepServerClock } from '../../api/server-clock';
import { SIGN_IN_ENDED } from '../../app/session';
import { AbandonSample, tilesOf, withAbandonSample, withAgent } from './wallboard-figures';

type FloorSocket = Socket<FloorServerEvents, FloorClientEvents>;

export interface FloorLive {
  snapshot: FloorSnapshot | null;
  abandonSamples: AbandonSample[];
  /** The socket is connected and the server answered the watch. */
  live: boolean;
  error: { code: string; message: string } | null;
}

/**
 * The wallboard's live feed (socket.io namespace /floor): the snapshot the
 * server answers `watch` with, then its pushes — fresh figures every second,
 * each agent's state change the moment it happens. socket.io reconnects by
 * itself; the watch is sent again on every connect.
 */
export function useFloor(token: string, campaignId: string | null, onSignInEnded: () => void): FloorLive {
  const [state, setState] = useState<FloorLive>({ snapshot: null, abandonSamples: [], live: false, error: null });

  useEffect(() => {
    setState({ snapshot: null, abandonSamples: [], live: false, error: null });
    const socket: FloorSocket = io('/floor', { auth: { token }, transports: ['websocket'], reconnectionDelayMax: 3_000 });
    const stopReopening = reopenAfterServerClose(socket, SIGN_IN_ENDED);
    const take = (snapshot: FloorSnapshot) =>
      setState((current) => ({
        snapshot,
        abandonSamples: withAbandonSample(current.abandonSamples, tilesOf(snapshot.campaigns), snapshot.at),
        live: true,
        error: null,
      }));
    // Time in state is counted from the server's `sinceMs`, on its clock (api/server-clock, read by useNow).
    let stopClock: (() => void) | null = null;
    socket.on('connect', () => {
      stopClock ??= keepServerClock(() => askServerTime(socket));
      const timed = socket.timeout(15_000);
      const send = timed.emitWithAck as (event: 'watch', body: unknown) => Promise<FloorAck<FloorSnapshot>>;
      send
        .call(timed, 'watch', { campaignId })
        .then((answer) => (answer.ok ? take(answer.data) : setState((current) => ({ ...current, live: false, error: answer.error }))))
        .catch((error: Error) => setState((current) => ({ ...current, live: false, error: { code: 'TIMEOUT', message: error.message } })));
    });
    socket.on('disconnect', () => {
      stopClock?.();
      stopClock = null;
      setState((current) => ({ ...current, live: false }));
    });
    socket.on('snapshot', take);
    socket.on('agent', (presence) => {
      if (presence) setState((current) => (current.snapshot ? { ...current, snapshot: withAgent(current.snapshot, presence) } : current));
    });
    socket.on('error', (error) => {
      if (SIGN_IN_ENDED.includes(error.code)) onSignInEnded();
      else setState((current) => ({ ...current, error }));
    });
    return () => {
      stopReopening();
      stopClock?.();
      socket.removeAllListeners();
      socket.close();
    };
  }, [token, campaignId, onSignInEnded]);

  return state;
}
