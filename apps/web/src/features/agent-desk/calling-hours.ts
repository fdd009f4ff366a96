/**
 * The callee's calling hours, checked in the browser before a callback is
 * booked (the api checks again with the compliance rules). Pure: no React, no I/O.
 */
export interface DailyWindow {
  start: string;
  end: string;
}
export interface CallingHours {
  weekly: Partial<Record<Weekday, DailyWindow | null>>;
  holidays: string[];
}
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The UTC offset (minutes) of `zone` at the instant `utcMs`. */
function offsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** A wall-clock `YYYY-MM-DDTHH:mm` in `zone` as an instant (the later reading when a clock change repeats it). */
export function zonedToInstant(local: string, zone: string): Date | null {
  const match = LOCAL.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset across a clock change.
  let guess = naive - offsetMinutes(zone, naive) * 60_000;
  guess = naive - offsetMinutes(zone, guess) * 60_000;
  return new Date(guess);
}

/** An instant as the callee's wall clock `YYYY-MM-DDTHH:mm` in `zone`. */
export function instantToZoned(at: Date, zone: string): string {
  const shifted = new Date(at.getTime() + offsetMinutes(zone, at.getTime()) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** The ISO instant with the zone's offset, e.g. `2026-12-07T10:30:00+09:00` (what the api's date-times take). */
export function zonedIso(local: string, zone: string): string | null {
  const at = zonedToInstant(local, zone);
  if (!at) return null;
  const offset = offsetMinutes(zone, at.getTime());
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export type CallbackCheck =
  | { ok: true; at: Date }
  | { ok: false; reason: 'invalid' | 'past' | 'closed' | 'outside'; window?: DailyWindow; /** Where it is closed, when not the zone typed in. */ otherZone?: string };

/** Whether the callee's wall clock `YYYY-MM-DDTHH:mm` falls within their calling hours: closed that day, outside its window, or open. */
function windowAt(local: string, hours: CallingHours): { open: true } | { open: false; reason: 'closed' | 'outside'; window?: DailyWindow } {
  const [date, time] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  const window = hours.weekly[weekday];
  if (!window || hours.holidays.includes(date)) return { open: false, reason: 'closed' };
  if (time < window.start || time >= window.end) return { open: false, reason: 'outside', window };
  return { open: true };
}

/**
 * Whether a callback at the callee's local `YYYY-MM-DDTHH:mm` (in `zone`) is
 * in the future and inside their calling hours there and in every other zone
 * their number may be in (`otherZones`): the api allows only the intersection.
 */
export function checkCallback(local: string, zone: string, hours: CallingHours, now: Date = new Date(), otherZones: readonly string[] = []): CallbackCheck {
  const at = zonedToInstant(local, zone);
  if (!at) return { ok: false, reason: 'invalid' };
  if (at.getTime() <= now.getTime()) return { ok: false, reason: 'past' };
  const here = windowAt(local, hours);
  if (!here.open) return { ok: false, reason: here.reason, window: here.window };
  for (const other of otherZones) {
    const there = windowAt(instantToZoned(at, other), hours);
    if (!there.open) return { ok: false, reason: there.reason, window: there.window, otherZone: other };
  }
  return { ok: true, at };
}
