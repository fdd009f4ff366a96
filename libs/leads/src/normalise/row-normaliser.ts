import { CountryCode } from 'libphonenumber-js/core';
import type { ImportTarget } from '../entities/import-job.entity';
import { ColumnMapping, LEAD_FIELDS, LeadField, PHONE_FIELDS } from '../mapping/header-mapping';
import { ConsentColumns, readConsentCells } from './consent-row';
import { isKnownCountry, knownCountries, NormalisedPhone, normalisePhone, PhoneResult } from './phone-normaliser';
import { canonicalZone, resolveTimezone, TimezoneResolution, zoneCellText } from './timezone-resolver';

/** Reasons a row does not become a lead; DUPLICATE is decided later, in the database. */
export type RejectionCode =
  | 'RAGGED_ROW'
  | 'ROW_TOO_LONG'
  | 'BROKEN_QUOTE'
  | 'INVALID_CHARACTERS'
  | 'MISSING_PHONE'
  | 'INVALID_PHONE'
  | 'INVALID_CONSENT'
  | 'INVALID_COUNTRY'
  | 'INVALID_TIMEZONE'
  | 'DUPLICATE';

export interface Rejection {
  code: RejectionCode;
  message: string;
  /** The figures a client words it by: a ragged row's cell and column counts, a country or zone cell's value. Not stored. */
  params?: RejectionParams;
}

export interface RejectionParams {
  /** RAGGED_ROW: the row's cells, and the header's columns. */
  cellCount?: number;
  columnCount?: number;
  /** INVALID_COUNTRY, INVALID_TIMEZONE: the cell as written (cut at 40 characters). */
  value?: string;
}

/** A row longer than this is junk (a runaway field), and is not worth storing whole. */
export const MAX_ROW_CHARS = 32 * 1024;

export interface ImportPlan {
  target: ImportTarget;
  defaultCountry: CountryCode;
  columns: readonly string[];
  /** Column index of each mapped field. */
  fields: Partial<Record<LeadField, number>>;
  /** A consent list: where its own fields are, and the instant no consent may be granted after. */
  consent?: ConsentColumns & { notAfter: Date };
}

export function createImportPlan(
  columns: readonly string[],
  mapping: ColumnMapping,
  defaultCountry: CountryCode,
  target: ImportTarget,
): ImportPlan {
  const fields: Partial<Record<LeadField, number>> = {};
  for (const [column, field] of Object.entries(mapping)) {
    // Fields are checked (mappingProblems) before a plan is made: a key outside LEAD_FIELDS is a bug, not input.
    if (!(LEAD_FIELDS as readonly string[]).includes(field)) throw new Error(`${JSON.stringify(field)} is not a lead field`);
    fields[field] = columns.indexOf(column);
  }
  return { target, defaultCountry, columns, fields };
}

export interface StagedRow {
  /** 1-based data row (the header is row 0). */
  row: number;
  /** The cells as read (rejected rows keep a bounded copy). */
  cells: readonly string[];
  rejection?: Rejection;
  phone?: NormalisedPhone;
  altPhones: NormalisedPhone[];
  timezone?: TimezoneResolution;
  /** Custom fields to add beyond the unmapped columns: alternates that are not valid numbers, as given. */
  extra?: Record<string, string>;
}

/** Names people write for a few countries beyond what Intl calls them. */
const COUNTRY_ALIASES = new Map<string, CountryCode>([
  ['usa', 'US'], ['america', 'US'], ['united states of america', 'US'], ['アメリカ', 'US'], ['米国', 'US'],
  ['uk', 'GB'], ['england', 'GB'], ['britain', 'GB'], ['great britain', 'GB'], ['英国', 'GB'],
]); // prettier-ignore

let countryNames: Map<string, CountryCode> | undefined;

/**
 * Country names → codes, for every country libphonenumber knows, in English
 * and Japanese as Intl (ICU's maintained data) writes them — "Germany",
 * "United Arab Emirates", "ドイツ" — plus a few aliases.
 */
function countryByName(name: string): CountryCode | undefined {
  if (!countryNames) {
    countryNames = new Map(COUNTRY_ALIASES);
    for (const locale of ['en', 'ja']) {
      const names = new Intl.DisplayNames([locale], { type: 'region' });
      for (const code of knownCountries()) {
        const written = names.of(code);
        if (written && written !== code) countryNames.set(written.normalize('NFKC').toLowerCase(), code);
      }
    }
  }
  return countryNames.get(name.normalize('NFKC').toLowerCase());
}

/**
 * The country a row's country cell names (an ISO 3166-1 alpha-2 code, any
 * case, or a name), undefined for an empty cell, or why it names none: a row
 * whose country is wrong would have its numbers read as another country's,
 * and call someone else, so it is rejected (INVALID_COUNTRY) rather than
 * read with the list's default country.
 */
function countryOfCell(cell: string | undefined): { country?: CountryCode } | Rejection {
  const text = cell?.trim();
  if (!text) return {};
  // Two characters are a code only if they are one: "uk" and "日本" are names (an alias, and Japanese for Japan).
  const upper = text.toUpperCase();
  const code = text.length === 2 && isKnownCountry(upper) ? upper : countryByName(text);
  if (code && isKnownCountry(code)) return { country: code };
  const value = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return { code: 'INVALID_COUNTRY', message: `${JSON.stringify(value)} is not a country we know: write its ISO code (US, JP, GB…) or its name`, params: { value } };
}

/**
 * Why a row's time-zone cell names no zone, or undefined (a zone, or empty).
 * Like a country cell: a zone that is wrong is not replaced silently by the
 * ZIP code's or the number's (it was written to override them, and calling
 * hours depend on it), the row is rejected (INVALID_TIMEZONE) for the user
 * to correct. Invisible characters around or in it (an RTL mark) are not
 * the writer's meaning, and are ignored.
 */
function zoneProblemOfCell(cell: string | undefined): Rejection | undefined {
  const text = zoneCellText(cell ?? '');
  if (!text || canonicalZone(text)) return undefined;
  const value = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return {
    code: 'INVALID_TIMEZONE',
    params: { value },
    message: `${JSON.stringify(value)} is not a time zone we know: write its IANA name (America/New_York, Asia/Tokyo…) or EST, PST, JST…, or leave it empty for the zone of the ZIP code or the number`,
  };
}

/** A rejected row keeps its cells whole, as read, up to MAX_ROW_CHARS in all: rejections.csv gives the user everything back. */
function keptCells(cells: readonly string[]): readonly string[] {
  let room = MAX_ROW_CHARS;
  const kept: string[] = [];
  for (const cell of cells) {
    if (cell.length > room) {
      kept.push(cell.slice(0, room));
      break;
    }
    kept.push(cell);
    room -= cell.length;
  }
  return kept;
}

export const reject = (row: number, cells: readonly string[], code: RejectionCode, message: string, params?: RejectionParams): StagedRow => ({
  row,
  cells: keptCells(cells),
  rejection: { code, message, ...(params && { params }) },
  altPhones: [],
});

const rowLength = (cells: readonly string[]) => cells.reduce((sum, cell) => sum + cell.length, 0);

/**
 * A data row checked and normalised as it will be stored: its numbers in
 * E.164 with their type, its time zone and where that came from, or the
 * reason it is rejected.
 */
export function normaliseRecord(plan: ImportPlan, row: number, record: readonly string[]): StagedRow {
  const columns = plan.columns.length;
  let cells = record;
  if (cells.length > columns && cells.slice(columns).every((cell) => cell === '')) cells = cells.slice(0, columns);

  const length = rowLength(cells);
  if (length > MAX_ROW_CHARS) {
    return reject(row, cells, 'ROW_TOO_LONG', `the row is ${length} characters long; at most ${MAX_ROW_CHARS} are accepted`);
  }
  if (cells.length !== columns) {
    return reject(row, cells, 'RAGGED_ROW', `the row has ${cells.length} cells but the header has ${columns}`, { cellCount: cells.length, columnCount: columns });
  }

  const ofCell = countryOfCell(cells[plan.fields.country ?? -1]);
  if ('code' in ofCell) return reject(row, cells, ofCell.code, ofCell.message, ofCell.params);
  const zoneProblem = plan.target === 'leads' ? zoneProblemOfCell(cells[plan.fields.timezone ?? -1]) : undefined;
  if (zoneProblem) return reject(row, cells, zoneProblem.code, zoneProblem.message, zoneProblem.params);
  const country = ofCell.country ?? plan.defaultCountry;
  const primary = normalisePhone(cells[plan.fields.phone!], country);
  const altPhones: NormalisedPhone[] = [];
  let extra: Record<string, string> | undefined;
  let phone = primary.ok ? primary.phone : undefined;
  for (const field of PHONE_FIELDS.slice(1)) {
    const index = plan.fields[field];
    if (index === undefined || cells[index].trim() === '') continue;
    const alternate = normalisePhone(cells[index], country);
    // Keyed by a column name: a null-prototype object, so `__proto__` is a name like any other.
    if (!alternate.ok) (extra ??= Object.create(null) as Record<string, string>)[plan.columns[index]] = cells[index];
    // An empty primary cell takes the first valid alternate: a list with a home and a mobile column often fills only one.
    else if (!phone && !primary.ok && primary.problem.code === 'MISSING_PHONE') phone = alternate.phone;
    else if (alternate.phone.e164 !== phone?.e164 && !altPhones.some((p) => p.e164 === alternate.phone.e164)) altPhones.push(alternate.phone);
  }
  if (!phone) {
    const { problem } = primary as Extract<PhoneResult, { ok: false }>;
    // A country no number is known in is the row's country cell's fault (the list's own is checked when it is made).
    return reject(row, cells, problem.code === 'UNKNOWN_COUNTRY' ? 'INVALID_COUNTRY' : problem.code, problem.message);
  }

  if (plan.consent) {
    const consent = readConsentCells(cells, plan.consent, plan.consent.notAfter);
    if (!consent.ok) return reject(row, cells, 'INVALID_CONSENT', consent.message);
    return { row, cells, phone, altPhones, extra: { ...consent.value } };
  }

  const timezone =
    plan.target === 'leads'
      ? resolveTimezone({
          explicit: cells[plan.fields.timezone ?? -1],
          postalCode: cells[plan.fields.postalCode ?? -1],
          e164: phone.e164,
          country: phone.country,
          phoneType: phone.type,
        })
      : undefined;
  return { row, cells, phone, altPhones, timezone, extra };
}
