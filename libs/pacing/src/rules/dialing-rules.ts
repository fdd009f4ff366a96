import { PacingDecision } from '../pacing.types';
import { SnapshotCounts } from '../snapshot-counts';
import { floor, max } from '../math/math-bindings';

// Guards floor() against 0.57 × 100 = 56.99999999999999: within 1e-9 of a whole number counts as it.
const EPSILON = 1e-9;

const nonNegative = (value: number) => max(0, value);

/** New calls the line ceiling still allows: maxLinesPerAgent per available agent, in flight included. */
export function lineRoom(counts: SnapshotCounts, maxLinesPerAgent: number): number {
  return nonNegative(floor(maxLinesPerAgent * counts.active + EPSILON) - counts.inFlight);
}

/** One call in flight per ready agent. */
export function progressiveCalls(counts: SnapshotCounts): number {
  return nonNegative(counts.ready - counts.inFlight);
}

/** powerRatio × ready agents, less the calls already in flight. */
export function powerCalls(counts: SnapshotCounts, powerRatio: number): number {
  return nonNegative(floor(powerRatio * counts.ready + EPSILON) - counts.inFlight);
}

/** A fixed number of concurrent lines; no agents involved. */
export function agentlessCalls(counts: SnapshotCounts, lines: number): number {
  return nonNegative(lines - counts.inFlight);
}

/** A decision for an agent mode, its dial level counted as VICIdial does (bridged lines included). */
export function agentDecision(counts: SnapshotCounts, callsToPlace: number, reason: string): PacingDecision {
  const dialLevel = counts.active === 0 ? 0 : (counts.onCall + counts.inFlight + callsToPlace) / counts.active;
  return { callsToPlace, dialLevel, reason };
}
