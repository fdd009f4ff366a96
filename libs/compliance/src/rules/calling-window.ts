import { DateTime } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock times, `HH:mm`; a call may start at `start` and must start before `end`. */
export interface DailyWindow {
  start: string;
  end: string;
}

export interface CallingHours {
  /** A missing or null day means no calls that day. */
  weekly: Partial<Record<Weekday, DailyWindow | null>>;
  /** Dates (`YYYY-MM-DD`) in the callee's own calendar on which nobody is called. */
  holidays: string[];
}

export type WindowClosedReason = 'NO_TIMEZONE' | 'HOLIDAY' | 'NO_CALLS_THAT_DAY' | 'OUTSIDE_CALLING_HOURS';

export interface ZoneWindowState {
  zone: string;
  /** The callee's local time in this zone, e.g. `2026-11-22T20:45:00.000-05:00`. */
  localTime: string;
  open: boolean;
  reason?: WindowClosedReason;
}

export interface CallingWindowCheck {
  open: boolean;
  zones: ZoneWindowState[];
  /** Earliest instant every candidate zone is open (null: none within the search horizon). */
  nextOpenAt: Date | null;
}

const SEARCH_DAYS = 14;

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

function weekdayOf(local: DateTime): Weekday {
  return WEEKDAYS[local.weekday - 1];
}

function stateIn(zone: string, instant: DateTime, hours: CallingHours): ZoneWindowState {
  const local = instant.setZone(zone);
  const base = { zone, localTime: local.toISO() ?? '' };
  if (hours.holidays.some((holiday) => holiday === local.toISODate())) return { ...base, open: false, reason: 'HOLIDAY' };
  const window = hours.weekly[weekdayOf(local)];
  if (!window) return { ...base, open: false, reason: 'NO_CALLS_THAT_DAY' };
  const minute = local.hour * 60 + local.minute;
  const open = minute >= minutesOf(window.start) && minute < minutesOf(window.end);
  return open ? { ...base, open } : { ...base, open, reason: 'OUTSIDE_CALLING_HOURS' };
}

/** Every window opening in `zone` from the start of today (local) for the horizon. */
function openingsIn(zone: string, from: DateTime, hours: CallingHours): DateTime[] {
  const day0 = from.setZone(zone).startOf('day');
  // Stryker disable next-line ArrayDeclaration: a stray non-date entry never passes nextOpening's `candidate > from` filter
  const openings: DateTime[] = [];
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = day0.plus({ days: offset });
    const window = hours.weekly[weekdayOf(day)];
    if (!window) continue;
    const start = minutesOf(window.start);
    openings.push(day.set({ hour: Math.floor(start / 60), minute: start % 60 }));
  }
  return openings;
}

/**
 * Whether a callee may be called at `now`, given every time zone their number
 * may be in. With several candidates the window is the intersection: open only
 * when it is open everywhere the callee might be.
 */
export function checkCallingWindow(now: Date, zones: readonly string[], hours: CallingHours): CallingWindowCheck {
  const instant = DateTime.fromJSDate(now);
  if (zones.length === 0) return { open: false, zones: [], nextOpenAt: null };
  const states = zones.map((zone) => stateIn(zone, instant, hours));
  const open = states.every((state) => state.open);
  return { open, zones: states, nextOpenAt: open ? now : nextOpening(instant, zones, hours) };
}

/**
 * The intersection of the zones' windows opens when the last of them opens,
 * so the earliest common opening is one of the zones' own openings: try them
 * in time order.
 */
function nextOpening(from: DateTime, zones: readonly string[], hours: CallingHours): Date | null {
  const candidates = zones
    .flatMap((zone) => openingsIn(zone, from, hours))
    .filter((candidate) => candidate > from)
    .sort((a, b) => a.toMillis() - b.toMillis());
  for (const candidate of candidates) {
    if (zones.every((zone) => stateIn(zone, candidate, hours).open)) return candidate.toJSDate();
  }
  return null;
}

/** The same hours every day of the week. */
export function everyDay(start: string, end: string): CallingHours['weekly'] {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, { start, end }]));
}
