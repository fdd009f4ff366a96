import type { DeskBack, DeskPresence, DeskScreenPop } from '@dialer/desk-events';
import { useCallback, useEffect, useRef, useState } from 'react';
import { askServerTime, deskAction, DeskSocket, openDeskSocket } from '../../api/desk-socket';
import { reopenAfterServerClose } from '../../api/reopen-socket';
import { keepServerClock, serverNow } from '../../api/server-clock';
import { SIGN_IN_ENDED } from '../../app/session';
import { useErrorText } from '../../ui/error-text';
import { callLetGo, callStartedAt } from './call-held';
import { callMemory, CallMemory } from './call-memory';
import { screenPopReceived } from './screen-pop-timing';

export interface DeskLive {
  connected: boolean;
  presence: DeskPresence | null;
  /** The call on screen (live, or ended and waiting for its disposition). */
  call: CallMemory | null;
  preview: DeskScreenPop | null;
  error: string | null;
  /** The desk went away and is back: whether the agent was put back to ready, or why not (until their next action). */
  back: DeskBack | null;
  act(event: 'ready' | 'leave' | 'join' | 'pause' | 'extend_wrap_up', body?: Record<string, string>): Promise<DeskPresence | null>;
  /** Like `act`, but a refusal is thrown (with the server's message) for the caller to show where it was asked. */
  send(event: 'extend_wrap_up'): Promise<DeskPresence>;
  updateCall(change: (call: CallMemory) => CallMemory): void;
  /** The call's outcome is in (saved here or elsewhere): an ended call leaves the screen, a live one stays until it ends. */
  outcomeSaved(attemptId: string, code: string): void;
  /** The call leaves the screen (the server no longer holds it for this agent). */
  finishCall(): void;
  clearPreview(): void;
  /** The refusal shown no longer holds (e.g. the audio it wanted is connected now). */
  clearError(): void;
}

/**
 * The desk's live state over its socket: the agent's state, the call's screen
 * pop, previews, the call's end. The call survives a reload (sessionStorage)
 * and a dropped socket (socket.io reconnects; the server withdraws the pause it
 * would put on a desk that went away, and takes back within a minute the one it
 * put on at once, saying so: `back`).
 */
/**
 * An action's answer, unless a push overtook it: the api answers ready after telling the dialer, which may reserve
 * the agent (a preview, a call) and push that first. The epoch numbers the agent's states.
 * Only a push that came while the answer was awaited overtakes it: a state shown from before may have a higher
 * epoch than any now (Redis lost the agent, whose epoch counts from 1 again), and the answer's own push may be lost.
 */
const unlessOvertaken = (answer: DeskPresence, pushedMeanwhile: boolean, shown: DeskPresence | null) =>
  pushedMeanwhile && shown?.agentId === answer.agentId && shown.epoch > answer.epoch ? shown : answer;

/**
 * A push older than the state shown: the api and the dialer publish on their own Redis connections, so the api's
 * ready may come after the reservation the dialer made of it (or after ready's answer). Older is a lower epoch for a
 * state that began no later: once Redis lost the agent their epoch counts from 1 again, for states that began after.
 */
const olderThanShown = (next: DeskPresence | null, shown: DeskPresence | null) =>
  !!next && shown?.agentId === next.agentId && shown.epoch > next.epoch && shown.sinceMs >= next.sinceMs;

export function useDesk(token: string, userId: string, onSignInEnded: () => void): DeskLive {
  const socketRef = useRef<DeskSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [presence, setPresence] = useState<DeskPresence | null>(null);
  // The state shown, for the handlers to compare what comes with.
  const shownRef = useRef<DeskPresence | null>(null);
  const show = useCallback((next: DeskPresence | null) => {
    shownRef.current = next;
    setPresence(next);
  }, []);
  const [call, setCall] = useState<CallMemory | null>(() => callMemory.load(userId));
  const [preview, setPreview] = useState<DeskScreenPop | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [back, setBack] = useState<DeskBack | null>(null);
  // Read by the socket's handlers, set up once per sign-in: the language may change meanwhile.
  const errorText = useErrorText({ withOriginal: true });
  const errorTextRef = useRef(errorText);
  errorTextRef.current = errorText;
  const signInEndedRef = useRef(onSignInEnded);
  signInEndedRef.current = onSignInEnded;
  // The states pushed so far: an action's answer is only overtaken by those pushed while it was awaited.
  const pushesRef = useRef(0);

  const keepCall = useCallback((next: CallMemory | null) => {
    callMemory.save(userId, next);
    setCall(next);
  }, [userId]);
  const loadCall = useCallback(() => callMemory.load(userId), [userId]);

  // Saved here or, pushed, in another tab: a finished call leaves the screen, a live one shows its outcome saved.
  const outcomeSaved = useCallback(
    (attemptId: string, code: string) => {
      const current = loadCall();
      if (current?.pop.attemptId === attemptId) keepCall(current.ended ? null : { ...current, savedCode: code });
    },
    [keepCall, loadCall],
  );

  useEffect(() => {
    const socket = openDeskSocket(token);
    socketRef.current = socket;
    const stopReopening = reopenAfterServerClose(socket, SIGN_IN_ENDED);
    // The state last pushed, for the screen pop handler: state and pop come in that order on connect.
    let state: DeskPresence['state'] | null = null;
    // Calls this desk heard end: the api no longer waits for the screen pop before answering Twilio, so a slow pop
    // may come after its call's end, and after the agent is ready again (a machine found after the bridge).
    const heardEnded = new Set<string>();
    // The first state after (re)connecting is followed by the call in hand, if any: it tells which call the agent holds.
    let firstState = true;
    // The server's clock, measured while the desk is live: every time on the desk is counted on it (api/server-clock).
    let stopClock: (() => void) | null = null;
    socket.on('disconnect', () => {
      firstState = true;
      stopClock?.();
      stopClock = null;
      setConnected(false);
    });
    // The server's first `state` says the desk is live (authenticated, in its room): only then is it online.
    socket.on('state', (next) => {
      setConnected(true);
      stopClock ??= keepServerClock(() => askServerTime(socket));
      if (olderThanShown(next, shownRef.current)) return;
      const confirmed = firstState;
      firstState = false;
      pushesRef.current += 1;
      state = next?.state ?? null;
      show(next);
      setError(null);
      const current = loadCall();
      if (!next || !current) return;
      // Another call in hand or none (the outcome saved in another tab): this one is done here too. Its outcome in,
      // the call's end moves the desk on as a saved outcome does.
      if (callLetGo(next, current, confirmed) || (next.state === 'wrap_up' && current.savedCode !== null)) keepCall(null);
      // In wrap-up the call is over, whether or not this desk heard it end (it opened afterwards).
      else if (next.state === 'wrap_up' && !current.ended) keepCall({ ...current, ended: true, endedAtMs: serverNow() });
      else {
        const began = callStartedAt(next, current.pop.attemptId);
        if (began !== null && !current.ended && began !== current.startedAtMs) keepCall({ ...current, startedAtMs: began });
      }
    });
    socket.on('error', (failure) => {
      // Disabled, no longer an agent, or the token ran out: back to the sign-in page, as the api's 401 would.
      if (SIGN_IN_ENDED.includes(failure.code)) signInEndedRef.current();
      else setError(errorTextRef.current(failure));
    });
    // Said after the state: kept through the pushes that follow (ready, a preview), until the agent acts.
    socket.on('desk_back', (said) => setBack(said));
    socket.on('preview', (pop) => setPreview(pop));
    socket.on('screen_pop', (pop) => {
      setPreview((current) => (current?.attemptId === pop.attemptId ? null : current));
      // The server sends the call in hand again to a desk that (re)connects: the one this tab holds is kept as it is.
      if (loadCall()?.pop.attemptId === pop.attemptId) return;
      // Ready holds no call, and this one is over with nothing owed (ready is refused while an outcome is): not a
      // live call to show, timed until the next pop replaces it.
      if (state === 'ready' && heardEnded.has(pop.attemptId)) return;
      // Paused (or off the floor, joining: the pop may come before the state), the pop is a call that is over
      // and whose outcome is owed (the wrap-up ran out before this desk opened, or before the agent left); in
      // wrap-up, one that ended before this desk heard of it (sent again after a Redis outage): its disposition
      // form, not a new call to time.
      if (state === 'paused' || state === 'wrap_up' || state === 'offline' || state === null) {
        keepCall({ pop, ended: true, startedAtMs: serverNow(), endedAtMs: serverNow(), disclosure: { items: [], confirmedAt: null }, savedCode: null });
        return;
      }
      screenPopReceived(pop.attemptId);
      // Timed from when the call began, not from this pop: a desk opened mid-call shows the call's length.
      const startedAtMs = callStartedAt(shownRef.current, pop.attemptId) ?? serverNow();
      keepCall({ pop, ended: false, startedAtMs, endedAtMs: null, disclosure: { items: [], confirmedAt: null }, savedCode: null });
    });
    // Pushed to every tab: paused or ready says nothing of the call, so a tab that did not save learns it here.
    socket.on('outcome_saved', ({ attemptId, code }) => outcomeSaved(attemptId, code));
    socket.on('call_ended', ({ attemptId }) => {
      heardEnded.add(attemptId);
      setPreview((current) => (current?.attemptId === attemptId ? null : current));
      const current = loadCall();
      if (current?.pop.attemptId !== attemptId) return;
      if (current.savedCode !== null) keepCall(null);
      else if (!current.ended) keepCall({ ...current, ended: true, endedAtMs: serverNow() });
    });
    return () => {
      stopReopening();
      stopClock?.();
      socket.removeAllListeners();
      socket.close();
      socketRef.current = null;
    };
  }, [token, keepCall, loadCall, show, outcomeSaved]);

  const act = useCallback(async (event: 'ready' | 'leave' | 'join' | 'pause' | 'extend_wrap_up', body: Record<string, string> = {}) => {
    const socket = socketRef.current;
    if (!socket) return null;
    setBack(null);
    try {
      const pushes = pushesRef.current;
      const next = await deskAction(socket, event, body);
      show(unlessOvertaken(next, pushesRef.current !== pushes, shownRef.current));
      setError(null);
      return next;
    } catch (failure) {
      setError(errorTextRef.current(failure));
      return null;
    }
  }, [show]);

  /** The same message as `act`, for a caller that shows the refusal where it was asked for. */
  const send = useCallback(async (event: 'extend_wrap_up') => {
    const socket = socketRef.current;
    if (!socket) throw new Error('offline');
    const pushes = pushesRef.current;
    const next = await deskAction(socket, event);
    show(unlessOvertaken(next, pushesRef.current !== pushes, shownRef.current));
    return next;
  }, [show]);

  const updateCall = useCallback(
    (change: (current: CallMemory) => CallMemory) => {
      const current = loadCall();
      if (current) keepCall(change(current));
    },
    [keepCall, loadCall],
  );


  return {
    connected,
    presence,
    call,
    preview,
    error,
    back,
    act,
    send,
    updateCall,
    outcomeSaved,
    finishCall: useCallback(() => keepCall(null), [keepCall]),
    clearPreview: useCallback(() => setPreview(null), []),
    clearError: useCallback(() => setError(null), []),
  };
}
