import type { DeskPresence } from '@dialer/desk-events';
import type { CallMemory } from './call-memory';

/**
 * Whether the server's state says the agent no longer holds the call on screen: another call is in hand, or none
 * is (ready is refused while an outcome is owed). Paused or offline says nothing: an owed call's pop follows the state.
 * `confirmed`: the first state after the desk connected, which the server follows with the call in hand; later a
 * live call's pop may come before the push of its reservation (another process publishes it), so ready and
 * reserved only let go of a call that is over or whose outcome is in.
 */
export function callLetGo(next: DeskPresence, call: CallMemory, confirmed: boolean): boolean {
  if (next.attemptId === call.pop.attemptId) return false;
  if (next.state === 'on_call' || next.state === 'wrap_up') return true;
  if (next.state === 'ready' || next.state === 'reserved') return confirmed || call.ended || call.savedCode !== null;
  return false;
}

/** When the call began by the server's clock: on_call's since, once the state says this call is on. */
export const callStartedAt = (shown: DeskPresence | null, attemptId: string): number | null =>
  shown?.state === 'on_call' && shown.attemptId === attemptId ? shown.sinceMs : null;
