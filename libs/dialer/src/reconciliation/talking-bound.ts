/**
 * How long an answered call may go without news before Twilio is asked about
 * it. Its completed callback may be lost (the api died as it came): the
 * agent would be held `on_call` and the lead `dialing` until someone asked.
 * A call rarely outlasts the campaign's own long calls, so the bound is a
 * multiple of the observed 99th-percentile talk time, never under a floor
 * (asking Twilio about a call that simply runs long costs one request), and
 * never over the old two hours. Without enough calls to know, a default.
 */
export const TALKING_BOUND = {
  multiple: 3,
  floorMs: 60_000,
  ceilingMs: 2 * 3600_000,
  /** Fewer answered calls than this in the look-back, and the p99 says little. */
  minSamples: 20,
  defaultMs: 10 * 60_000,
} as const;

export function talkingQuietMs(talk: { samples: number; p99Sec: number | null }): number {
  if (talk.samples < TALKING_BOUND.minSamples || talk.p99Sec === null || !Number.isFinite(talk.p99Sec)) return TALKING_BOUND.defaultMs;
  const bound = TALKING_BOUND.multiple * talk.p99Sec * 1000;
  return Math.min(TALKING_BOUND.ceilingMs, Math.max(TALKING_BOUND.floorMs, bound));
}
