import type { DeskAgentState } from '@dialer/desk-events';
import type { DialingMode } from '@dialer/campaigns';

/** What the decision reads of an agent on the campaign's floor. */
export interface FloorAgent {
  state: DeskAgentState;
  /** A pause (or a supervisor's sign-out) asked for after the call in hand: they will not take another. */
  pauseAfterCall: string | null;
}

/**
 * Whether nobody is left on the campaign's floor who could take a call a
 * callee answers now or soon: no agent ready or reserved, and none on a call
 * or in wrap-up who will be free after it (an agent who announced a pause or
 * a sign-out after the call will not). Every agent paused, signed out or
 * gone: a call still ringing can only become an abandon, so the leader
 * cancels it as a campaign pause does. On a call or in wrap-up counts as
 * coming back (predictive dials ahead of exactly those agents), so one busy
 * agent is enough to keep the calls ringing. Agentless campaigns (IVR) need
 * no agent: never empty.
 */
export function nobodyToTakeACall(mode: DialingMode, agents: readonly FloorAgent[]): boolean {
  if (mode === 'agentless') return false;
  return !agents.some(
    (a) => a.state === 'ready' || a.state === 'reserved' || ((a.state === 'on_call' || a.state === 'wrap_up') && a.pauseAfterCall === null),
  );
}
