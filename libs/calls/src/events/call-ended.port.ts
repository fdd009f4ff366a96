/**
 * Who hears that a call ended, in the process whose webhook (or
 * reconciliation) recorded it: the dialer runtime frees the call's agent and
 * settles its lead there and then, whatever the campaign's state — a paused,
 * completed or never-started campaign has no pacing leader to do it. Bind it
 * with `CallsModule.forRoot({ callEndedListener })`; without one nothing is
 * called (the pacing leader and the reconciler still apply endings).
 */
export const CALL_ENDED_LISTENER = Symbol('CALL_ENDED_LISTENER');

export interface CallEndedListener {
  /** Idempotent: it may hear one ending several times, and race the pacing leader. */
  onCallEnded(attemptId: string): Promise<void>;
}
