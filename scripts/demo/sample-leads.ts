import { DateTime } from 'luxon';

/**
 * Where the demo's callees live: a number prefix per zone, written as a
 * telemarketing list would carry them. US rows show the ZIP and area-code
 * sources of the time zone, single-zone countries the country source, and
 * Australia and New Zealand (several zones) an explicit time-zone column.
 */
const REGIONS: { zone: string; prefix: string; length: number; zip?: string; explicitZone?: boolean }[] = [
  { zone: 'America/New_York', prefix: '+1212555', length: 12, zip: '10001' },
  { zone: 'America/Chicago', prefix: '+1312555', length: 12, zip: '60601' },
  { zone: 'America/Denver', prefix: '+1303555', length: 12 },
  { zone: 'America/Los_Angeles', prefix: '+1415555', length: 12, zip: '94103' },
  { zone: 'Pacific/Honolulu', prefix: '+1808555', length: 12 },
  { zone: 'Europe/London', prefix: '+447911', length: 13 },
  { zone: 'Europe/Paris', prefix: '+3361', length: 12 },
  { zone: 'Europe/Berlin', prefix: '+4930', length: 13 },
  { zone: 'Asia/Dubai', prefix: '+97150', length: 13 },
  { zone: 'Asia/Kolkata', prefix: '+9198', length: 13 },
  { zone: 'Asia/Bangkok', prefix: '+6681', length: 12 },
  { zone: 'Asia/Tokyo', prefix: '+813', length: 12 },
  { zone: 'Australia/Sydney', prefix: '+6129', length: 12, explicitZone: true },
  { zone: 'Pacific/Auckland', prefix: '+6421', length: 12, explicitZone: true },
];

const FIRST = ['Aiko', 'Ben', 'Chloé', 'Dev', 'Emma', 'Farah', 'Grace', 'Hiro', 'Isla', 'Jonas', 'Kai', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya'];
const LAST = ['Sato', 'Smith', 'Dubois', 'Patel', 'Müller', 'Khan', 'Lee', 'Tanaka', 'Brown', 'Schmidt', 'Nguyen', 'Garcia', 'Wilson', 'Ito'];
const PLANS = ['Basic', 'Plus', 'Family', 'Business'];

export interface SampleLeads {
  csv: string;
  rows: number;
  /** Numbers to put on the do-not-call list before the import (flagged there)... */
  dncBeforeImport: string[];
  /** ...and after it: the dialer must still refuse them at dial time. */
  dncAfterImport: string[];
  openZones: string[];
  closedZones: string[];
}

/** A seeded linear congruential generator: the same sample on every run. */
const seededRandom = (seed: number) => () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;

/**
 * The demo's lead list: mostly callees whose local time is inside calling
 * hours now (with margin), some whose window is closed, a few invalid
 * numbers and repeated rows, and a few do-not-call numbers.
 */
export function sampleLeads(count: number, now = new Date(), seed = 42): SampleLeads {
  const random = seededRandom(seed);
  const localHour = (zone: string) => DateTime.fromJSDate(now).setZone(zone).hour;
  const open = REGIONS.filter((r) => localHour(r.zone) >= 9 && localHour(r.zone) < 19);
  const closed = REGIONS.filter((r) => !open.includes(r));
  const serials = new Map<string, number>();
  const numberIn = (region: (typeof REGIONS)[number]) => {
    const serial = (serials.get(region.prefix) ?? 1000) + 1;
    serials.set(region.prefix, serial);
    return `${region.prefix}${String(serial).padStart(region.length - region.prefix.length, '1')}`;
  };

  const lines = ['phone,first_name,last_name,zip,timezone,plan'];
  const dnc: string[] = [];
  const pickFrom = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  for (let i = 0; i < count; i++) {
    const name = `${pickFrom(FIRST)},${pickFrom(LAST)}`;
    const roll = random();
    if (roll < 0.02) {
      lines.push(`555-01${String(i % 100).padStart(2, '0')},${name},,,${pickFrom(PLANS)}`); // no area code: rejected
      continue;
    }
    if (roll < 0.03 && lines.length > 2) {
      lines.push(lines[1 + Math.floor(random() * (lines.length - 1))]); // the same row twice: a duplicate
      continue;
    }
    const region = roll < 0.1 && closed.length > 0 ? pickFrom(closed) : pickFrom(open.length > 0 ? open : REGIONS);
    const phone = numberIn(region);
    if (random() < 0.02) dnc.push(phone);
    const zip = region.zip && random() < 0.5 ? region.zip : '';
    lines.push(`${phone},${name},${zip},${region.explicitZone ? region.zone : ''},${pickFrom(PLANS)}`);
  }
  const half = Math.ceil(dnc.length / 2);
  return {
    csv: `${lines.join('\n')}\n`,
    rows: lines.length - 1,
    dncBeforeImport: dnc.slice(0, half),
    dncAfterImport: dnc.slice(half),
    openZones: open.map((r) => r.zone),
    closedZones: closed.map((r) => r.zone),
  };
}
