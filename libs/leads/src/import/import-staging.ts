import { ImportPlan, reject, Rejection, StagedRow } from '../normalise/row-normaliser';
import type { SupportedEncoding } from '../parsing/encoding-detection';
import { DecodedAs, ENCODING_LABELS, LONE_SURROGATE } from '../parsing/strict-decoder';

/**
 * Every row of a file, normalised, lands here first (COPY, no index, no WAL):
 * a session-local temporary table, so a worker that dies takes its half-read
 * import with it and the retry starts from a clean slate. A row's cells are
 * kept one column each (plain text is the cheapest thing to COPY); a
 * rejected row keeps its cells as JSON instead, as many as it had.
 */
export const STAGING_TABLE = 'import_staging';

export const cellColumn = (index: number) => `c${index}`;

export function createStagingTableSql(columns: number): string {
  const cells = Array.from({ length: columns }, (_, i) => `${cellColumn(i)} text`).join(', ');
  return `
    create temporary table ${STAGING_TABLE} (
      row_number int not null,
      reject_code text,
      reject_message text,
      rejected_cells jsonb,
      phone text,
      phone_type text,
      country text,
      alt_phones text[],
      alt_phone_types text[],
      timezone text,
      timezone_source text,
      timezone_candidates text[],
      extra jsonb,
      phone_extension text${cells ? `, ${cells}` : ''}
    )`;
}

/** The staging columns the finaliser joins and filters on (its dedupe key among them): the planner needs their statistics only. */
export function stagingJoinColumns(plan: ImportPlan): string[] {
  return ['row_number', 'reject_code', 'phone', ...(plan.fields.externalId === undefined ? [] : [cellColumn(plan.fields.externalId)])];
}

export const COPY_INTO_STAGING = `copy ${STAGING_TABLE} from stdin`;

const NULL = '\\N';
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * NUL, and lone UTF-16 surrogates: PostgreSQL text and jsonb cannot hold them.
 * A lone surrogate is how the decoder marks bytes that are not valid in the
 * file's encoding (INVALID_BYTES).
 */
const UNSTORABLE = new RegExp(`\u0000|${LONE_SURROGATE.source}`);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');
/** What COPY's text format escapes, and what text cannot hold: one scan tells a plain cell. */
// eslint-disable-next-line no-control-regex -- as above
const SPECIAL = /[\\\t\n\r\u0000\ud800-\udfff]/;

/** A value in COPY's text format. */
function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

/** A text[] of values that need no quoting (E.164 numbers, number types, IANA zone names). */
const plainArray = (values: readonly string[]) => `{${values.join(',')}}`;

const storable = (value: string) => value.replace(UNSTORABLE_ALL, '\ufffd');

/**
 * The file's encoding, as the import read it: a name, or what its decoder found (DecodedAs) — a `guessed`
 * encoding (the bytes after an ASCII start matched none) is worth a hint in each rejection.
 */
export type RowsEncoding = SupportedEncoding | DecodedAs;

/** Bytes that are not valid in the file's encoding: they may be why anything else about the row is wrong. */
function invalidBytes(row: number, cells: readonly string[], read: RowsEncoding): Rejection | undefined {
  if (!cells.some((cell) => LONE_SURROGATE.test(cell))) return undefined;
  const { encoding, guessed } = typeof read === 'string' ? { encoding: read, guessed: false } : read;
  const hint = guessed
    ? ': the file began with plain ASCII, and the bytes after it match no encoding that could be detected; if it is Shift_JIS or Windows-1252, import it again choosing its encoding'
    : '';
  return { code: 'INVALID_CHARACTERS', message: `row ${row} has bytes that are not valid ${ENCODING_LABELS[encoding]}${hint}` };
}

/** Why a row cannot be stored as it is: bytes not valid in the encoding, or a NUL. */
function unstorable(row: number, cells: readonly string[], encoding: RowsEncoding): Rejection {
  return (
    invalidBytes(row, cells, encoding) ?? { code: 'INVALID_CHARACTERS', message: `row ${row} holds a NUL character, which cannot be stored` }
  );
}

/**
 * The outcome a normalised row is staged with (the preview shows the same):
 * bytes not valid in the file's encoding reject it whatever else it got
 * (INVALID_CHARACTERS, "row N has bytes that are not valid Shift_JIS"), never
 * stored as U+FFFD; a row that would be a lead but holds a NUL is rejected too.
 */
export function settleRow(row: StagedRow, encoding: RowsEncoding): StagedRow {
  if (row.rejection || !row.phone) {
    const invalid = invalidBytes(row.row, row.cells, encoding);
    return invalid ? { ...row, rejection: invalid } : row;
  }
  if (!row.cells.some((cell) => UNSTORABLE.test(cell))) return row;
  const { code, message } = unstorable(row.row, row.cells, encoding);
  return reject(row.row, row.cells, code, message);
}

function rejectedLine(row: StagedRow, rejection: Rejection, columns: number, encoding: RowsEncoding): string {
  const settled = invalidBytes(row.row, row.cells, encoding) ?? rejection;
  const cells = row.cells.map(storable);
  const fields = [String(row.row), text(settled.code), text(storable(settled.message)), text(JSON.stringify(cells))];
  return `${fields.join('\t')}${`\t${NULL}`.repeat(10 + columns)}\n`;
}

/**
 * One staging row in COPY's text format, settled as `settleRow` says;
 * `columns` is the file's column count, `encoding` the file's (as its decoder found it).
 */
export function stagingLine(row: StagedRow, columns: number, encoding: RowsEncoding): string {
  if (row.rejection || !row.phone) {
    return rejectedLine(row, row.rejection ?? { code: 'MISSING_PHONE', message: 'no phone number' }, columns, encoding);
  }
  let cells = '';
  for (const cell of row.cells) {
    if (SPECIAL.test(cell)) {
      if (UNSTORABLE.test(cell)) return rejectedLine(row, unstorable(row.row, row.cells, encoding), columns, encoding);
      cells += `\t${text(cell)}`;
    } else cells += `\t${cell}`;
  }
  const { phone, timezone: zone } = row;
  const fields = [
    String(row.row),
    NULL,
    NULL,
    NULL,
    phone.e164,
    phone.type,
    text(phone.country),
    plainArray(row.altPhones.map((p) => p.e164)),
    plainArray(row.altPhones.map((p) => p.type)),
    text(zone?.timezone),
    text(zone?.source),
    zone ? plainArray(zone.candidates) : '{}',
    row.extra ? text(JSON.stringify(row.extra)) : NULL,
    text(phone.extension),
  ];
  return `${fields.join('\t')}${cells}\n`;
}
