import { DateTime } from 'luxon';
import { block, GateVerdict, pass } from './gate-verdict';

export interface AttemptLimits {
  /** Attempts a lead may ever get in this campaign. */
  lifetime: number;
  /** Attempts per calendar day in the callee's own zone. */
  perDay: number;
}

export interface AttemptHistory {
  total: number;
  /** Attempts started since local midnight in the callee's zone. */
  today: number;
}

/** The start of the callee's current day and of the next one, for counting and for retrying. */
export function localDayBounds(now: Date, zone: string): { start: Date; next: Date } {
  const start = DateTime.fromJSDate(now).setZone(zone).startOf('day');
  return { start: start.toJSDate(), next: start.plus({ days: 1 }).toJSDate() };
}

export function checkAttemptLimits(now: Date, zone: string, limits: AttemptLimits, history: AttemptHistory): GateVerdict {
  const evidence = { ...history, limits };
  if (history.total >= limits.lifetime) {
    return block('attempt_limits', 'LIFETIME_ATTEMPTS_REACHED', `All ${limits.lifetime} attempts allowed for this lead are used`, null, evidence);
  }
  if (history.today >= limits.perDay) {
    return block(
      'attempt_limits',
      'DAILY_ATTEMPTS_REACHED',
      `${history.today} of ${limits.perDay} attempts allowed today (callee's local day) are used`,
      localDayBounds(now, zone).next,
      evidence,
    );
  }
  return pass('attempt_limits', `${history.total}/${limits.lifetime} attempts, ${history.today}/${limits.perDay} today`, evidence);
}
