import { CountryCode } from 'libphonenumber-js/core';
import type { ImportTarget } from '../entities/import-job.entity';
import { ColumnMapping, LeadField, PHONE_FIELDS } from '../mapping/header-mapping';
import { isKnownCountry, NormalisedPhone, normalisePhone, PhoneResult } from './phone-normaliser';
import { resolveTimezone, TimezoneResolution } from './timezone-resolver';

/** Reasons a row does not become a lead; DUPLICATE is decided later, in the database. */
export type RejectionCode =
  | 'RAGGED_ROW'
  | 'ROW_TOO_LONG'
  | 'BROKEN_QUOTE'
  | 'INVALID_CHARACTERS'
  | 'MISSING_PHONE'
  | 'INVALID_PHONE'
  | 'DUPLICATE';

export interface Rejection {
  code: RejectionCode;
  message: string;
}

/** A row longer than this is junk (a runaway field), and is not worth storing whole. */
export const MAX_ROW_CHARS = 32 * 1024;
/** Rejected rows keep at most this much of each cell, and this many cells. */
const KEPT_CELL_CHARS = 1000;
const KEPT_CELLS = 250;

export interface ImportPlan {
  target: ImportTarget;
  defaultCountry: CountryCode;
  columns: readonly string[];
  /** Column index of each mapped field. */
  fields: Partial<Record<LeadField, number>>;
}

export function createImportPlan(
  columns: readonly string[],
  mapping: ColumnMapping,
  defaultCountry: CountryCode,
  target: ImportTarget,
): ImportPlan {
  const fields: Partial<Record<LeadField, number>> = {};
  for (const [column, field] of Object.entries(mapping)) fields[field] = columns.indexOf(column);
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

/** Country names people write instead of codes. */
const COUNTRY_NAMES: Record<string, string> = {
  japan: 'JP', 日本: 'JP', usa: 'US', 'united states': 'US', america: 'US', アメリカ: 'US', 米国: 'US',
  uk: 'GB', 'united kingdom': 'GB', england: 'GB', britain: 'GB', イギリス: 'GB', 英国: 'GB',
}; // prettier-ignore

function countryOfCell(cell: string | undefined): CountryCode | undefined {
  const text = cell?.trim();
  if (!text) return undefined;
  const code = text.length === 2 ? text.toUpperCase() : COUNTRY_NAMES[text.toLowerCase()];
  return code && isKnownCountry(code) ? code : undefined;
}

function keptCells(cells: readonly string[]): string[] {
  return cells
    .slice(0, KEPT_CELLS)
    .map((cell) => (cell.length > KEPT_CELL_CHARS ? `${cell.slice(0, KEPT_CELL_CHARS)}…` : cell));
}

export const reject = (row: number, cells: readonly string[], code: RejectionCode, message: string): StagedRow => ({
  row,
  cells: keptCells(cells),
  rejection: { code, message },
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
    return reject(row, cells, 'RAGGED_ROW', `the row has ${cells.length} cells but the header has ${columns}`);
  }

  const country = countryOfCell(cells[plan.fields.country ?? -1]) ?? plan.defaultCountry;
  const primary = normalisePhone(cells[plan.fields.phone!], country);
  const altPhones: NormalisedPhone[] = [];
  let extra: Record<string, string> | undefined;
  let phone = primary.ok ? primary.phone : undefined;
  for (const field of PHONE_FIELDS.slice(1)) {
    const index = plan.fields[field];
    if (index === undefined || cells[index].trim() === '') continue;
    const alternate = normalisePhone(cells[index], country);
    if (!alternate.ok) (extra ??= {})[plan.columns[index]] = cells[index];
    // An empty primary cell takes the first valid alternate: a list with a home and a mobile column often fills only one.
    else if (!phone && !primary.ok && primary.problem.code === 'MISSING_PHONE') phone = alternate.phone;
    else if (alternate.phone.e164 !== phone?.e164 && !altPhones.some((p) => p.e164 === alternate.phone.e164)) altPhones.push(alternate.phone);
  }
  if (!phone) {
    const { problem } = primary as Extract<PhoneResult, { ok: false }>;
    return reject(row, cells, problem.code, problem.message);
  }

  const timezone =
    plan.target === 'leads'
      ? resolveTimezone({
          explicit: cells[plan.fields.timezone ?? -1],
          postalCode: cells[plan.fields.postalCode ?? -1],
          e164: phone.e164,
          country: phone.country,
        })
      : undefined;
  return { row, cells, phone, altPhones, timezone, extra };
}
