import { IANAZone } from 'luxon';
import { lookup as zoneOfZip } from 'zipcode-to-timezone';
import type { TimezoneSource } from '../entities/lead.entity';
import { zonesOfNumber } from './phone-timezones';

export interface TimezoneInputs {
  /** A time-zone cell: an IANA name (any case) or a common abbreviation. */
  explicit?: string;
  postalCode?: string;
  /** The normalised number and its region. */
  e164?: string;
  country?: string;
}

export interface TimezoneResolution {
  /** The zone when exactly one is known; null when several are possible (see candidates) or none. */
  timezone: string | null;
  /** Every zone the lead may be in, the calling window being their intersection; empty when unknown. */
  candidates: readonly string[];
  source: TimezoneSource | null;
}

/** Abbreviations people type in spreadsheets, read as the zone they usually mean. */
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  AKST: 'America/Anchorage', AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  JST: 'Asia/Tokyo',
  GMT: 'Europe/London', BST: 'Europe/London',
}; // prettier-ignore

/**
 * Countries that keep one civil time everywhere (overseas territories have
 * their own calling codes or regions). Spain, Portugal, Australia, Brazil,
 * Mexico, Russia... are not here: their numbers need a zone column or a postal code.
 */
export const SINGLE_ZONE_COUNTRIES: Readonly<Record<string, string>> = {
  JP: 'Asia/Tokyo', GB: 'Europe/London', IE: 'Europe/Dublin', KR: 'Asia/Seoul', TW: 'Asia/Taipei',
  HK: 'Asia/Hong_Kong', SG: 'Asia/Singapore', PH: 'Asia/Manila', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh',
  IN: 'Asia/Kolkata', CN: 'Asia/Shanghai', FR: 'Europe/Paris', DE: 'Europe/Berlin', IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', CH: 'Europe/Zurich', AT: 'Europe/Vienna', SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki', PL: 'Europe/Warsaw', CZ: 'Europe/Prague',
  GR: 'Europe/Athens', IL: 'Asia/Jerusalem', ZA: 'Africa/Johannesburg', PR: 'America/Puerto_Rico',
}; // prettier-ignore

/** An area code that spans more zones than this (toll-free, non-geographic) says nothing useful. */
const MAX_AREA_CODE_ZONES = 3;

const explicitZones = new Map<string, string | null>();

/** The canonical IANA name of a zone cell, or null when it names no zone. */
export function canonicalZone(cell: string): string | null {
  const given = cell.trim();
  if (given === '') return null;
  let zone = explicitZones.get(given);
  if (zone === undefined) {
    const name = ABBREVIATIONS[given.toUpperCase()] ?? given;
    zone = IANAZone.isValidZone(name) ? new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone : null;
    explicitZones.set(given, zone);
  }
  return zone;
}

const US_ZIP = /^(\d{3,5})(?:[-\s]?\d{4})?$/;

/** The zone of a US ZIP (ZIP+4 accepted); Excel's dropped leading zeros are put back. */
export function zoneOfPostalCode(cell: string): string | null {
  const match = US_ZIP.exec(cell.trim());
  return match ? zoneOfZip(match[1].padStart(5, '0')) : null;
}

const resolved = (candidates: readonly string[], source: TimezoneSource): TimezoneResolution => ({
  timezone: candidates.length === 1 ? candidates[0] : null,
  candidates,
  source,
});

const UNKNOWN: TimezoneResolution = { timezone: null, candidates: [], source: null };

/**
 * Where the lead's local time comes from, in order: an explicit zone column,
 * a US ZIP code, the NANP area code, a single-zone country.
 */
export function resolveTimezone(inputs: TimezoneInputs): TimezoneResolution {
  const explicit = inputs.explicit ? canonicalZone(inputs.explicit) : null;
  if (explicit) return resolved([explicit], 'explicit');

  const nanp = inputs.e164?.startsWith('+1') ?? false;
  if (nanp && inputs.postalCode) {
    const zone = zoneOfPostalCode(inputs.postalCode);
    if (zone) return resolved([zone], 'postal_code');
  }
  if (nanp) {
    const zones = zonesOfNumber(inputs.e164!);
    if (zones && zones.length <= MAX_AREA_CODE_ZONES) return resolved(zones, 'area_code');
  }
  const countryZone = inputs.country ? SINGLE_ZONE_COUNTRIES[inputs.country] : undefined;
  return countryZone ? resolved([countryZone], 'country') : UNKNOWN;
}
