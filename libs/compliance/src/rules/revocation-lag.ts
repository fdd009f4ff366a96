import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/** FCC 24-18 (47 CFR 64.1200(a)(10)): a revocation is honoured within 10 business days. */
export const REVOCATION_DEADLINE_BUSINESS_DAYS = 10;

/** The zone whose calendar counts business days (federal offices keep Washington's). */
const FEDERAL_ZONE = 'America/New_York';

const federalHolidays = new Map<number, ReadonlySet<string>>();

/** US federal holidays of a year (observed days included), as `YYYY-MM-DD`. */
function holidaysOf(year: number): ReadonlySet<string> {
  let days = federalHolidays.get(year);
  if (!days) {
    // Substitute days count whatever their type: date-holidays files the
    // observed Veterans Day (Fri 2028-11-10, Mon 2029-11-12) as 'bank', yet
    // 5 U.S.C. 6103(b) closes federal offices on it like any observed holiday.
    days = new Set(
      (new Holidays('US').getHolidays(year) || []).filter((h) => h.type === 'public' || h.substitute).map((h) => h.date.slice(0, 10)),
    );
    federalHolidays.set(year, days);
  }
  return days;
}

export function isUsBusinessDay(day: DateTime): boolean {
  return day.weekday <= 5 && !holidaysOf(day.year).has(day.toISODate() ?? '');
}

/**
 * US business days from receipt to honouring: the business days after the
 * day of receipt up to and including the day it was honoured (so the same
 * day is 0, and a Friday revocation honoured on Monday is 1). Days are read
 * in Washington's calendar.
 */
export function usBusinessDaysBetween(receivedAt: Date, honouredAt: Date): number {
  const first = DateTime.fromJSDate(receivedAt).setZone(FEDERAL_ZONE).startOf('day');
  const last = DateTime.fromJSDate(honouredAt).setZone(FEDERAL_ZONE).startOf('day');
  if (last <= first) return 0;
  // Counted by whole weeks and then each year's holidays, not day by day: a
  // revocation received years ago (or typed with the wrong century) would
  // otherwise cost a loop over every day of the span on each report request.
  const days = Math.round(last.diff(first, 'days').days);
  let count = Math.floor(days / 7) * 5;
  for (let day = first.plus({ days: Math.floor(days / 7) * 7 + 1 }); day <= last; day = day.plus({ days: 1 })) {
    if (day.weekday <= 5) count++;
  }
  const from = first.toISODate() ?? '';
  const to = last.toISODate() ?? '';
  for (let year = first.year; year <= last.year; year++) {
    for (const date of holidaysOf(year)) {
      if (date > from && date <= to && DateTime.fromISO(date, { zone: FEDERAL_ZONE }).weekday <= 5) count--;
    }
  }
  return count;
}

export interface RevocationLag {
  /** Counted up to `now` while not honoured. */
  businessDays: number;
  honoured: boolean;
  overDeadline: boolean;
}

/** How long a revocation took (or has taken so far) to honour, against the 10-business-day deadline. */
export function revocationLag(receivedAt: Date, honouredAt: Date | null | undefined, now: Date): RevocationLag {
  const businessDays = usBusinessDaysBetween(receivedAt, honouredAt ?? now);
  return { businessDays, honoured: !!honouredAt, overDeadline: businessDays > REVOCATION_DEADLINE_BUSINESS_DAYS };
}
