import type { StagedRow } from '../normalise/row-normaliser';

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
      extra jsonb${cells ? `, ${cells}` : ''}
    )`;
}

export const COPY_INTO_STAGING = `copy ${STAGING_TABLE} from stdin`;

const NULL = '\\N';
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** NUL, and UTF-16 surrogates without their pair: PostgreSQL text and jsonb cannot hold them. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
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

const INVALID_CHARACTERS = { code: 'INVALID_CHARACTERS', message: 'the row holds a NUL or an invalid character, which cannot be stored' };

function rejectedLine(row: StagedRow, rejection: { code: string; message: string }, columns: number): string {
  const cells = row.cells.map((cell) => cell.replace(UNSTORABLE_ALL, '\ufffd'));
  const fields = [String(row.row), text(rejection.code), text(rejection.message), text(JSON.stringify(cells))];
  return `${fields.join('\t')}${`\t${NULL}`.repeat(9 + columns)}\n`;
}

/** One staging row in COPY's text format; `columns` is the file's column count. */
export function stagingLine(row: StagedRow, columns: number): string {
  if (row.rejection || !row.phone) return rejectedLine(row, row.rejection ?? { code: 'MISSING_PHONE', message: 'no phone number' }, columns);
  let cells = '';
  for (const cell of row.cells) {
    if (SPECIAL.test(cell)) {
      if (UNSTORABLE.test(cell)) return rejectedLine(row, INVALID_CHARACTERS, columns);
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
  ];
  return `${fields.join('\t')}${cells}\n`;
}
