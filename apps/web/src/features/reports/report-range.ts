/** How many days the reports page shows at first (today included). */
export const DEFAULT_DAYS = 7;

const isoDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The last `days` local days up to `today`, as the date inputs hold them (YYYY-MM-DD). */
export function dayRange(today: Date, days: number): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return { from: isoDay(from), to: isoDay(today) };
}

type DayRange = { from: string; to: string };

const midnight = (day: string) => new Date(`${day}T00:00:00`);

/** The instants the api is asked for: from the first day's local midnight to the end of the last day. */
export function rangeInstants(days: DayRange): DayRange {
  return { from: midnight(days.from).toISOString(), to: new Date(midnight(days.to).getTime() + 86_400_000).toISOString() };
}

/**
 * The range once the user picks a day in one of the date inputs; unchanged
 * while the input holds no whole date, or one a Date cannot hold (Chromium
 * lets a user type a year up to 275760: "99999-12-06" made toISOString throw
 * and took the whole page down).
 */
export function chooseDay(days: DayRange, end: keyof DayRange, value: string): DayRange {
  if (!value || Number.isNaN(midnight(value).getTime())) return days;
  return { ...days, [end]: value };
}

/**
 * A KPI row's period ('2026-11-02 19:00:00', local to the report's zone) as
 * chart seconds: read as if UTC, so the chart's axis shows the period as written.
 */
export function periodStartSec(key: string): number {
  return Date.parse(`${key.slice(0, 19).replace(' ', 'T')}Z`) / 1000;
}
