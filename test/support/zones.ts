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

/** A fixed-line prefix in each candidate zone (its area code says where it rings), for numbers whose zone a test needs. */
const FIXED_LINE_PREFIX: Record<string, string> = {
  'Pacific/Honolulu': '+1808555',
  'America/Anchorage': '+1907555',
  'America/Los_Angeles': '+1415555',
  'America/Denver': '+1303555',
  'America/Chicago': '+1312555',
  'America/New_York': '+1212555',
  'Europe/London': '+44207946',
  'Europe/Berlin': '+4930123',
  'Asia/Dubai': '+9714321',
  'Asia/Kolkata': '+9111234',
  'Asia/Bangkok': '+662123',
  'Asia/Tokyo': '+8131234',
  'Australia/Sydney': '+6129123',
  'Pacific/Auckland': '+649321',
};

/** A fixed-line number ringing in `zone` (one of the candidates), ending in the four digits given. */
export function fixedLineIn(zone: string, last4: string): string {
  const prefix = FIXED_LINE_PREFIX[zone];
  if (!prefix) throw new Error(`no fixed-line prefix known for ${zone}`);
  return `${prefix}${last4}`;
}
