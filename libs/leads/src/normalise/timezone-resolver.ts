import { getCountry, getTimezone } from 'countries-and-timezones';
import { IANAZone } from 'luxon';
import { lookup as zoneOfZip } from 'zipcode-to-timezone';
import type { TimezoneSource } from '../entities/lead.entity';
import { callingCodeOf, isKnownCountry } from './phone-normaliser';
import { longestPrefixZones } from './phone-timezones';

export interface TimezoneInputs {
  /** A time-zone cell: an IANA name (any case) or a common abbreviation. */
  explicit?: string;
  postalCode?: string;
  /** The normalised number, its region and its type (NormalisedPhone). */
  e164?: string;
  country?: string;
  phoneType?: string;
}

export interface TimezoneResolution {
  /** The zone when exactly one is known; null when several are possible (see candidates) or none. */
  timezone: string | null;
  /** Every zone the lead may be in, the calling window being their intersection; empty when unknown. */
  candidates: readonly string[];
  source: TimezoneSource | null;
}

/** Abbreviations people type in spreadsheets, read as the zone they usually mean. */
const ABBREVIATIONS = new Map<string, string>(Object.entries({
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  AKST: 'America/Anchorage', AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  JST: 'Asia/Tokyo',
  GMT: 'Europe/London', BST: 'Europe/London',
})); // prettier-ignore

/** Google's data writes this where a prefix has no zone (international numbers such as +800). */
const UNKNOWN_ZONE = 'Etc/Unknown';

/**
 * Number types whose prefix says where the line is (libphonenumber's
 * isNumberGeographical): fixed lines, and US-style numbers that may be either.
 * Other numbers (mobiles, toll-free, VoIP...) can be anywhere in their country.
 */
const GEOGRAPHIC_TYPES: ReadonlySet<string | undefined> = new Set(['fixed_line', 'fixed_line_or_mobile']);
/**
 * Service numbers (toll-free, premium, shared-cost, a company's universal
 * number) ring wherever their owner routes them: in a country of one zone
 * that is their zone (a Japanese 0120 number); in a country of several,
 * nothing says which, so the lead is kept without a zone and says why.
 */
const SERVICE_TYPES: ReadonlySet<string | undefined> = new Set(['toll_free', 'premium_rate', 'shared_cost', 'uan']);
/** Calling codes whose mobile numbers are assigned by area all the same (libphonenumber's GEO_MOBILE_COUNTRIES: MX, AR, BR, ID, CN). */
const GEOGRAPHIC_MOBILE_CALLING_CODES: ReadonlySet<string | undefined> = new Set(['52', '54', '55', '62', '86']);

/** The IANA name a link points to (Asia/Calcutta → Asia/Kolkata, Europe/Guernsey → Europe/London), so both sources compare. */
function canonicalName(zone: string): string {
  return getTimezone(zone)?.aliasOf ?? zone;
}

/** Canonical, deduplicated and sorted, without the unknown marker. */
const tidy = (zones: Iterable<string>): string[] => [...new Set([...zones].filter((z) => z !== UNKNOWN_ZONE).map(canonicalName))].sort();

/**
 * A million rows share a few thousand prefixes, countries and cells: each
 * answer is worked out once. A pure speed-up (the answer is the same worked
 * out again), so no test can tell it is there.
 */
function remembered<K, V>(cache: Map<K, V>, key: K, work: (key: K) => V): V {
  // Stryker disable next-line ConditionalExpression: working the answer out again gives the same answer, only slower
  if (!cache.has(key)) cache.set(key, work(key));
  return cache.get(key) as V;
}

const countryZones = new Map<string | undefined, ReadonlySet<string>>();

/**
 * Every zone of a country (ISO 3166-1 alpha-2), canonical and sorted, from
 * countries-and-timezones (kept up to date with the tz database); empty for
 * a code it does not know, or none.
 */
export function zonesOfCountry(country: string | undefined): ReadonlySet<string> {
  return remembered(countryZones, country, () => {
    // Only two capital letters reach the package: it answers odd keys such as "constructor" with junk.
    const found = country?.match(/^[A-Z]{2}$/) ? getCountry(country as Parameters<typeof getCountry>[0])?.timezones : undefined;
    return new Set(tidy(found ?? []));
  });
}

/**
 * The zones of a number. A geographic number (GEOGRAPHIC_TYPES) whose area
 * code libphonenumber's data knows: that area's zones, narrowed to the zones
 * of the number's country (which tells apart the countries sharing a calling
 * code: +1, +44, +7...). Any other number — a mobile, a VoIP line — may
 * be anywhere in its country: every zone of the country, from the
 * maintained country → zones package (the prefix data's own country-level
 * lists miss zones, e.g. Kaliningrad, Darwin), or failing that the calling
 * code's entry. Several zones: the calling window is their intersection.
 */
function zonesOfPhone(e164: string, country: string | undefined, type: string | undefined): TimezoneResolution {
  const callingCode = callingCodeIn(country);
  const kind: NumberKind =
    SERVICE_TYPES.has(type)
      ? 'service'
      : type === undefined || GEOGRAPHIC_TYPES.has(type) || (type === 'mobile' && GEOGRAPHIC_MOBILE_CALLING_CODES.has(callingCode))
        ? 'geographic'
        : 'anywhere';
  const match = longestPrefixZones(e164);
  // A million rows share a few thousand prefixes: the answer depends on these three only.
  return remembered(phoneZones, `${match?.prefix}|${country}|${kind}`, () => zonesOfPrefix(match, country, callingCode, kind));
}

/** Where a number's prefix says it is (geographic), or not: anywhere in its country, or wherever its owner routes it (service). */
type NumberKind = 'geographic' | 'anywhere' | 'service';

const phoneZones = new Map<string, TimezoneResolution>();
const callingCodes = new Map<string | undefined, string | undefined>();

/** libphonenumber builds its metadata object on every call: once per country here. */
function callingCodeIn(country: string | undefined): string | undefined {
  return remembered(callingCodes, country, () => (isKnownCountry(country) ? callingCodeOf(country) : undefined));
}

function zonesOfPrefix(
  match: ReturnType<typeof longestPrefixZones>,
  country: string | undefined,
  callingCode: string | undefined,
  kind: NumberKind,
): TimezoneResolution {
  const ofCountry = zonesOfCountry(country);
  if (kind === 'service') return ofCountry.size === 1 ? resolved([...ofCountry], 'country') : UNKNOWN;
  if (kind === 'geographic' && match && callingCode && match.prefix.length > callingCode.length) {
    const ofArea = tidy(match.zones);
    const narrowed = ofCountry.size > 0 ? ofArea.filter((zone) => ofCountry.has(zone)) : ofArea;
    // An area code that narrows nothing (a single-zone country) says no more than the country does.
    if (narrowed.length > 0 && narrowed.length < ofCountry.size) return resolved(narrowed, 'area_code');
    if (narrowed.length > 0 && ofCountry.size === 0) return resolved(narrowed, 'area_code');
  }
  if (ofCountry.size > 0) return resolved([...ofCountry], 'country');
  const ofCallingCode = tidy(match?.zones ?? []);
  return ofCallingCode.length > 0 ? resolved(ofCallingCode, 'country') : UNKNOWN;
}

const explicitZones = new Map<string, string | null>();

/**
 * Characters no zone name holds, which a copy from a web page or a
 * right-to-left document brings along unseen: bidi marks, embeddings and
 * isolates, zero-width spaces and joiners, word joiners, the BOM, a soft hyphen.
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** A zone cell as its writer sees it: invisible characters taken out, spaces trimmed. */
export function zoneCellText(cell: string): string {
  return cell.replace(INVISIBLE, '').trim();
}

/** The canonical IANA name of a zone cell, or null when it names no zone. */
export function canonicalZone(cell: string): string | null {
  return remembered(explicitZones, zoneCellText(cell), (given) => {
    const name = ABBREVIATIONS.get(given.toUpperCase()) ?? given;
    return IANAZone.isValidZone(name) ? new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone : null;
  });
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
 * a US ZIP code, the number's area code, its country (several zones: the
 * calling window is their intersection).
 */
export function resolveTimezone(inputs: TimezoneInputs): TimezoneResolution {
  const explicit = inputs.explicit ? canonicalZone(inputs.explicit) : null;
  if (explicit) return resolved([explicit], 'explicit');

  if (inputs.e164?.startsWith('+1') && inputs.postalCode) {
    const zone = zoneOfPostalCode(inputs.postalCode);
    if (zone) return resolved([zone], 'postal_code');
  }
  if (inputs.e164) return zonesOfPhone(inputs.e164, inputs.country, inputs.phoneType);
  const ofCountry = zonesOfCountry(inputs.country);
  return ofCountry.size > 0 ? resolved([...ofCountry], 'country') : UNKNOWN;
}
