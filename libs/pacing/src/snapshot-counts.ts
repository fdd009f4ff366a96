import { PacingSnapshot } from './pacing.types';

/** What every mode needs to know about a snapshot, counted in one pass. */
export interface SnapshotCounts {
  ready: number;
  onCall: number;
  wrapUp: number;
  paused: number;
  /** Logged in and not paused: the agents calls can be placed for. */
  active: number;
  ringing: number;
  waiting: number;
  /** Placed, not yet bridged or ended (ringing + answered and waiting). */
  inFlight: number;
}

export function countSnapshot(snapshot: PacingSnapshot): SnapshotCounts {
  let ready = 0;
  let onCall = 0;
  let wrapUp = 0;
  let paused = 0;
  for (const agent of snapshot.agents) {
    // Leaving after this call: counted as paused already, so nothing is dialed for them.
    if (agent.announcedPause) paused++;
    else if (agent.state === 'ready') ready++;
    else if (agent.state === 'on_call') onCall++;
    else if (agent.state === 'wrap_up') wrapUp++;
    else paused++;
  }
  let ringing = 0;
  for (const call of snapshot.calls) if (call.state === 'ringing') ringing++;
  const inFlight = snapshot.calls.length;
  return {
    ready,
    onCall,
    wrapUp,
    paused,
    active: ready + onCall + wrapUp,
    ringing,
    waiting: inFlight - ringing,
    inFlight,
  };
}
