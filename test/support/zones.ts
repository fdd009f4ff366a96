import { DateTime } from 'luxon';

const CANDIDATES = [
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

const localHour = (zone: string, now: Date) => {
  const local = DateTime.fromJSDate(now).setZone(zone);
  return local.hour + local.minute / 60;
};

/**
 * Zones whose calling hours (08:00–21:00) are open now, and zones where they
 * are closed, each with an hour of margin: tests run at any time of day.
 */
export function zonesByWindow(now = new Date()): { open: string[]; closed: string[] } {
  return {
    open: CANDIDATES.filter((zone) => localHour(zone, now) >= 9 && localHour(zone, now) < 20),
    closed: CANDIDATES.filter((zone) => localHour(zone, now) < 7 || localHour(zone, now) >= 22),
  };
}
