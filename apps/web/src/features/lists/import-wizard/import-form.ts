import type { components } from '../../../api/schema';

export type ImportPreview = components['schemas']['ImportPreviewDto'];
export type ImportView = components['schemas']['ImportViewDto'];
export type UndoneImport = components['schemas']['UndoneImportDto'];
export type ImportState = ImportView['state'];
export type LeadField = ImportPreview['mapping'][string];

/** The fields a column may be mapped to, in the order the select offers them (the api's LEAD_FIELDS). */
export const LEAD_FIELDS = [
  'phone',
  'phone2',
  'phone3',
  'firstName',
  'lastName',
  'fullName',
  'nameKana',
  'email',
  'postalCode',
  'region',
  'country',
  'timezone',
  'externalId',
  'amountDue',
  'dueDate',
] as const satisfies readonly LeadField[];

/** The number columns: all a DNC or consent file is mapped by (its other columns are read by name). */
export const PHONE_FIELDS = ['phone', 'phone2', 'phone3'] as const satisfies readonly LeadField[];

/** The encodings a person may name instead of the detection (the api's SUPPORTED_ENCODINGS). */
export const ENCODINGS = ['utf-8', 'shift_jis', 'utf-16le', 'utf-16be', 'windows-1252'] as const;

/** What the uploader chose on the preview: nothing means "as detected and suggested". */
export interface ImportChoices {
  encoding?: string;
  mapping?: Record<string, string>;
}

/**
 * The multipart body of a preview or an upload. The plain fields go BEFORE the
 * file: the api reads a preview's fields only up to the file's sample. An
 * encoding is sent only when the person chose one (the api detects it otherwise).
 */
export function importForm(file: Blob & { name?: string }, choices: ImportChoices, fields: Record<string, string | undefined> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') form.append(name, value);
  if (choices.encoding) form.append('encoding', choices.encoding);
  if (choices.mapping) form.append('mapping', JSON.stringify(choices.mapping));
  form.append('file', file, file.name ?? 'upload.csv');
  return form;
}

/**
 * The mapping after one column's select changed: the effective mapping the
 * preview showed, with that column now mapped to `field` ('' = kept as a custom field).
 */
export function remap(current: Record<string, string>, column: string, field: string): Record<string, string> {
  // Column names are the file's: `__proto__` is a name like any other, so no prototype to collide with.
  const next = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(current)) if (name !== column) next[name] = value;
  if (field) next[column] = field;
  return next;
}

/** An import the page should keep polling: it is waiting for a worker or running. */
export const isActive = (state: ImportState) => state === 'queued' || state === 'running';

/** An import whose additions may be taken back (the api still refuses one whose leads were dialed). */
export const isUndoable = (state: ImportState) => state === 'completed';

/** How many column names the preview's header line lists: a 200-column file's names would push its table screens down. */
export const HEADER_NAMES_SHOWN = 12;

/** The header as the preview's facts show it: the first names, and how many more the table holds. */
export function headerLine(header: readonly string[]): { names: string; more: number } {
  return { names: header.slice(0, HEADER_NAMES_SHOWN).join(' | '), more: Math.max(0, header.length - HEADER_NAMES_SHOWN) };
}
