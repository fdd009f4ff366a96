import { DateTime } from 'luxon';
import { block, GateVerdict, pass } from './gate-verdict';

/** Reg F (12 CFR 1006.14(b)(2)): at most 7 calls per debt in 7 consecutive days. */
export const MAX_CALLS_PER_7_DAYS = 7;
/** …and none for 7 days after a conversation about the debt (the day of the conversation is day 1). */
export const QUIET_DAYS_AFTER_CONVERSATION = 7;

export interface DebtContactHistory {
  /** Every call placed about this debt in the last 7 days (more is harmless). */
  callTimes: Date[];
  /** The last telephone conversation with the person about this debt. */
  lastConversationAt?: Date | null;
}

/**
 * Counts calendar days in the callee's zone, as the rule does: the period of 7
 * consecutive days containing today is today and the 6 before it.
 */
export function checkCollectionsFrequency(now: Date, zone: string, history: DebtContactHistory): GateVerdict {
  const today = DateTime.fromJSDate(now).setZone(zone).startOf('day');
  const windowStart = today.minus({ days: MAX_CALLS_PER_7_DAYS - 1 });
  const recent = history.callTimes
    .map((time) => DateTime.fromJSDate(time).setZone(zone))
    .filter((time) => time >= windowStart && time.toMillis() <= now.getTime())
    .sort((a, b) => b.toMillis() - a.toMillis());
  const evidence = {
    callsInLast7Days: recent.length,
    lastConversationAt: history.lastConversationAt?.toISOString() ?? null,
  };

  // Stryker disable next-line ConditionalExpression: with no conversation the quiet period's end is an invalid date (NaN), which never blocks
  if (history.lastConversationAt) {
    const quietUntil = DateTime.fromJSDate(history.lastConversationAt)
      .setZone(zone)
      .startOf('day')
      .plus({ days: QUIET_DAYS_AFTER_CONVERSATION });
    if (quietUntil.toMillis() > now.getTime()) {
      return block(
        'collections_frequency',
        'CONVERSATION_QUIET_PERIOD',
        `A conversation about this debt took place on ${history.lastConversationAt.toISOString().slice(0, 10)}; no call for 7 days`,
        quietUntil.toJSDate(),
        evidence,
      );
    }
  }
  if (recent.length >= MAX_CALLS_PER_7_DAYS) {
    // Callable again once the 7th most recent call's day leaves the 7-day period.
    const seventh = recent[MAX_CALLS_PER_7_DAYS - 1].startOf('day');
    return block(
      'collections_frequency',
      'SEVEN_IN_SEVEN_REACHED',
      `${recent.length} calls about this debt in the last 7 days; the limit is ${MAX_CALLS_PER_7_DAYS}`,
      seventh.plus({ days: MAX_CALLS_PER_7_DAYS }).toJSDate(),
      evidence,
    );
  }
  return pass('collections_frequency', `${recent.length}/${MAX_CALLS_PER_7_DAYS} calls about this debt in 7 days`, evidence);
}
