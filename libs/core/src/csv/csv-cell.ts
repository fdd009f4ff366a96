/**
 * Characters that make a spreadsheet treat a cell as a formula (or, for tab and
 * carriage return, that some importers strip before evaluating one). A cell we
 * write that starts with one is prefixed with a single quote, which spreadsheets
 * display as text (OWASP "CSV injection").
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** The cell as a spreadsheet will show it, never as a formula it would run. */
export function neutraliseCsvCell(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]) ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 line (with CRLF) of neutralised cells, for every CSV the product writes. */
export function formatCsvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells
    .map((cell) => {
      const text = neutraliseCsvCell(cell === null || cell === undefined ? '' : String(cell));
      return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}

/** UTF-8 byte order mark: lets Excel open UTF-8 CSV (Japanese names included) correctly. */
export const CSV_UTF8_BOM = '\ufeff';
