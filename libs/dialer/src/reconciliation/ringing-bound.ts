/**
 * How long a call placed and not answered (initiated, ringing) may go
 * without news before Twilio is asked about it. Twilio ends a call nobody
 * answers at the campaign's ring timeout and says so (no-answer), and says at
 * once when one is answered. Silence past the ring timeout means a callback
 * was lost (the api died as it came) while the pacer counts the call in
 * flight: it is asked after the timeout plus a grace for a slow callback,
 * and never later than the old flat bound.
 */
export const RINGING_BOUND = {
  graceMs: 30_000,
  ceilingMs: 3 * 60_000,
} as const;

export function ringingQuietMs(ringTimeoutSec: number): number {
  return Math.min(RINGING_BOUND.ceilingMs, ringTimeoutSec * 1000 + RINGING_BOUND.graceMs);
}
