/**
 * Who hears that a call ended, in the process whose webhook (or
 * reconciliation) recorded it: the dialer runtime frees the call's agent and
 * settles its lead there and then (a beat later, with the other endings of
 * the moment), whatever the campaign's state — a paused, completed or
 * never-started campaign has no pacing leader to do it. Bind it
 * with `CallsModule.forRoot({ callEndedListener })`; without one nothing is
 * called (the pacing leader and the reconciler still apply endings).
 */
export const CALL_ENDED_LISTENER = Symbol('CALL_ENDED_LISTENER');

export interface CallEndedListener {
  /**
   * The calls that ended, a batch at a time (those recorded within the same
   * fraction of a second). Idempotent: it may hear one ending several times,
   * and race the pacing leader. It reports its own failures, attempt by attempt.
   */
  onCallsEnded(attemptIds: readonly string[]): Promise<void>;
}
