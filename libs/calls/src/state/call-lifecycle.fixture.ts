import type { AnsweredBy } from '@dialer/telephony';
import type { ProgressReport } from './attempt-state-machine';

/**
 * Realistic reports of one call, for the state machine's tests: what Twilio
 * sends, in order. Free of any test framework so specs can build arbitraries on it.
 */
export const CALL_OUTCOMES = ['human', 'machine', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface LifecycleSpec {
  outcome: CallOutcome;
  /** Seconds between consecutive events (at least 1, so every stamp differs). */
  gaps: readonly number[];
  /** Twilio asked for async AMD: a verdict arrives on its own after the answer. */
  asyncAmd: boolean;
  /** The callee was bridged into an agent's conference. */
  bridged: boolean;
}

const START = Date.UTC(2026, 10, 22, 16, 0, 0);

/** The reports of one call in the order they happened. */
export function lifecycleOf(spec: LifecycleSpec): ProgressReport[] {
  let second = 0;
  let gap = 0;
  const next = () => new Date(START + 1000 * (second += Math.max(1, spec.gaps[gap++ % Math.max(1, spec.gaps.length)] ?? 1)));
  const reports: ProgressReport[] = [];
  let sequence = 0;
  const status = (report: Omit<ProgressReport, 'sequenceNumber' | 'at'>) =>
    reports.push({ ...report, sequenceNumber: sequence++, at: next() });

  status({ status: 'initiated' });
  if (spec.outcome === 'failed') {
    status({ status: 'failed', durationSec: 0, sipResponseCode: 404 });
    return reports;
  }
  status({ status: 'ringing' });
  if (spec.outcome === 'busy' || spec.outcome === 'no-answer' || spec.outcome === 'canceled') {
    status({ status: spec.outcome, durationSec: 0, sipResponseCode: spec.outcome === 'busy' ? 486 : 487 });
    return reports;
  }
  const answeredBy: AnsweredBy = spec.outcome === 'human' ? 'human' : 'machine_end_beep';
  status({ status: 'in-progress' });
  if (spec.asyncAmd) reports.push({ answeredBy, at: next() });
  if (spec.bridged) reports.push({ joinedConference: true, at: next() });
  status({ status: 'completed', durationSec: 30, sipResponseCode: 200, ...(spec.asyncAmd ? { answeredBy } : {}) });
  return reports;
}

/**
 * The same reports as delivered: each of `duplicates` (indexes, modulo the
 * count) sent twice, then everything shuffled by `shuffle` (a Fisher-Yates
 * walk driven by the given numbers).
 */
export function deliveryOf(reports: readonly ProgressReport[], shuffle: readonly number[], duplicates: readonly number[]): ProgressReport[] {
  const delivered = [...reports, ...duplicates.map((index) => reports[index % reports.length]!)];
  for (let i = delivered.length - 1; i > 0; i -= 1) {
    const j = (shuffle[i % Math.max(1, shuffle.length)] ?? 0) % (i + 1);
    [delivered[i], delivered[j]] = [delivered[j]!, delivered[i]!];
  }
  return delivered;
}
