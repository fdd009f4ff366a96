import Papa from 'papaparse';
import { ImportFileError } from '../import.errors';
import { isKnownHeader, looksLikePhone } from '../mapping/header-mapping';
import { BrokenQuoteReason, CsvRecordParser, QuoteNote, RecordProblem } from './csv-record-reader';
import { DetectedEncoding, detectEncoding, givenEncoding, SAMPLE_BYTES } from './encoding-detection';
import { decodeStrict, withReplacementCharacters } from './strict-decoder';

/** More columns than this is not a lead list (and a wide row of junk would be costly to keep). */
export const MAX_COLUMNS = 200;

/** How much of a file is read to find its encoding, delimiter and header, and to preview it. */
export const SNIFF_BYTES = SAMPLE_BYTES;

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvLayout {
  encoding: DetectedEncoding['encoding'];
  encodingSource: DetectedEncoding['source'];
  delimiter: string;
  /** False for plain lists of numbers (registry extracts): the first line is then data. */
  hasHeader: boolean;
  /** The header row as written (empty without one). */
  header: string[];
  /** Unique, non-empty column names: mappings and custom fields use these. */
  columns: string[];
}

export interface SniffedCsv {
  layout: CsvLayout;
  /** The file opens with Excel's `sep=X` line, which names the delimiter: not the header, nor a row (the import skips it too). */
  sepLine: boolean;
  /** The data records found whole in the sample (blank ones left out), numbered as the import numbers them. */
  records: SniffedRecord[];
  /** Quoting that looks wrong in the sample (read leniently, or a row rejected for it), row by row. */
  warnings: PreviewWarning[];
}

/**
 * One thing in a file's sample worth checking before the import: a stable
 * `code` and its figures (`params`) for a client to word in its language, and
 * `message`, the same in English (support, scripts, the API's readers).
 * `row` 0 is the header.
 */
export const PREVIEW_WARNING_CODES = ['BROKEN_QUOTE', 'QUOTE_IN_UNQUOTED_CELL', 'QUOTED_CELL_HOLDS_ROWS', 'TEXT_AFTER_CLOSING_QUOTE', 'MORE_QUOTE_WARNINGS'] as const;

export type PreviewWarning =
  | { code: 'BROKEN_QUOTE'; message: string; params: { row: number; column: number; reason: BrokenQuoteReason } }
  | { code: QuoteNote['code']; message: string; params: { row: number; column: number; lines?: number } }
  | { code: 'MORE_QUOTE_WARNINGS'; message: string; params: { count: number } };

export interface SniffedRecord {
  row: number;
  cells: string[];
  /** The reader rejects this record (a broken quote, too long). */
  problem?: RecordProblem;
  /** Quoting read leniently in this record. */
  quoteNote?: QuoteNote;
}

/** How many quoting warnings the preview lists before counting the rest. */
const QUOTE_WARNINGS = 5;

export interface SniffOptions {
  encoding?: string;
}

export const isBlankRecord = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** "", "Phone", "Phone" → "column 1", "Phone", "Phone (2)". */
export function columnLabels(header: readonly string[], count = header.length): string[] {
  const used = new Set<string>();
  return Array.from({ length: count }, (_, index) => {
    const base = (header[index] ?? '').trim() || `column ${index + 1}`;
    let label = base;
    for (let n = 2; used.has(label); n++) label = `${base} (${n})`;
    used.add(label);
    return label;
  });
}

/** Lines of nothing but delimiters, quotes and spaces. */
const ONLY_DELIMITERS = new RegExp(`^[${DELIMITERS.join('')}"\\s]*$`);

/**
 * papaparse's guess (the delimiter giving the most fields, equally many on
 * every line), made on non-blank lines: a trailing newline would otherwise
 * spoil the guess for a short file. One column (a list of numbers): ",".
 * A file of nothing but delimiters (and quotes): the first of them it holds,
 * for papaparse skips lines that are empty under a delimiter, and would
 * answer "," for `;;;` (one cell: not blank, but a header).
 */
export function detectDelimiter(text: string): string {
  if (ONLY_DELIMITERS.test(text)) return DELIMITERS.find((delimiter) => text.includes(delimiter)) ?? ',';
  return Papa.parse<string[]>(text, { delimitersToGuess: [...DELIMITERS], skipEmptyLines: 'greedy', preview: 50 }).meta.delimiter;
}

/** Excel's first line naming the delimiter: `sep=;`, or quoted, `"sep=;"` (only the delimiters we read). */
const SEP_LINE = new RegExp(`^(?:sep=([${DELIMITERS.join('')}])|"sep=([${DELIMITERS.join('')}])")(?:\r\n|\r|\n|$)`, 'i');

/** The delimiter an Excel `sep=` line names, and the text after that line; undefined without one. */
export function excelSepLine(text: string): { delimiter: string; rest: string } | undefined {
  const match = SEP_LINE.exec(text);
  return match ? { delimiter: match[1] ?? match[2], rest: text.slice(match[0].length) } : undefined;
}

/**
 * Reads the start of a file (`complete` when that is the whole file) and
 * says how to read the rest, or throws the ImportFileError a user must fix.
 */
export function sniffCsv(sample: Buffer, complete: boolean, options: SniffOptions = {}): SniffedCsv {
  if (sample.length === 0) throw new ImportFileError('EMPTY_FILE', 'The file is empty');
  const detected = options.encoding ? givenEncoding(options.encoding, sample, complete) : detectEncoding(sample, complete);
  // Bytes not valid in the encoding stay marked (INVALID_BYTES): the preview rejects their rows as the import will.
  const decoded = decodeStrict(sample, detected.encoding, complete);
  const sep = excelSepLine(decoded);
  const text = sep?.rest ?? decoded;
  // Any line ending ends a record: a file of CR line endings (old Mac exports) is cut at its last CR.
  const lines = complete ? text : text.slice(0, Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);
  // No whole line of the sample holds anything (blank lines aside): the first that does runs past it.
  if (!complete && lines.trim() === '') {
    throw new ImportFileError('NOT_A_CSV', `The first line is longer than ${SNIFF_BYTES / 1024} KiB: this does not look like a CSV file`);
  }
  if (text.trim() === '') throw new ImportFileError('EMPTY_FILE', 'The file holds no data, only blank lines');

  const delimiter = sep?.delimiter ?? detectDelimiter(lines);
  // The import's own reader: the preview reads the sample exactly as the import will read the file. Of a partial
  // sample, a record the sample cuts is left out, unless the reader has already rejected it as too long, as the
  // import will (a first row bigger than the whole sample is then shown, not "0 rows").
  const parser = new CsvRecordParser(delimiter);
  parser.write(text);
  if (complete) parser.end();
  const { records, problems, quoteNotes } = parser.take();
  while (records.length > 0 && isBlankRecord(records[records.length - 1])) records.pop();
  if (records.length === 0) {
    throw new ImportFileError('NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes', { reason: 'ONLY_DELIMITERS' });
  }

  // Blank lines before the first that holds anything are not the header, nor rows: the import skips them too.
  const lead = records.findIndex((cells) => !isBlankRecord(cells));
  const first = records[lead];
  const hasHeader = first.some(isKnownHeader) || !first.some(looksLikePhone);
  // The header is row 0; without one the first line is row 1.
  const numbered = records.slice(lead).map(
    (cells, at): SniffedRecord => ({ row: hasHeader ? at : at + 1, cells, problem: problems.get(lead + at), quoteNote: quoteNotes.get(lead + at) }),
  );
  const data = numbered.filter(({ row, cells }) => row > 0 && !isBlankRecord(cells));
  // Excel writes empty header cells after the last column it saw used: not columns, unless a sampled row fills them.
  const used = data.reduce((most, record) => (record.problem ? most : Math.max(most, filledWidth(record.cells))), filledWidth(first));
  const width = Math.min(first.length, used);
  if (width > MAX_COLUMNS) {
    throw new ImportFileError('TOO_MANY_COLUMNS', `The file has ${width} columns; at most ${MAX_COLUMNS} are accepted`, {
      columns: width,
      limit: MAX_COLUMNS,
    });
  }
  if (complete && data.length === 0) throw new ImportFileError('NO_ROWS', 'The file has a header but no rows', { reason: 'HEADER_ONLY' });

  const header = hasHeader ? first.slice(0, width).map(withReplacementCharacters) : [];
  return {
    sepLine: sep !== undefined,
    layout: {
      encoding: detected.encoding,
      encodingSource: detected.source,
      delimiter,
      hasHeader,
      header,
      columns: hasHeader ? columnLabels(header, width) : columnLabels([], width),
    },
    records: data.map(({ problem, quoteNote, ...record }) => ({ ...record, ...(problem && { problem }), ...(quoteNote && { quoteNote }) })),
    warnings: quoteWarnings(numbered),
  };
}

/** The cells up to the last one that holds something. */
function filledWidth(cells: readonly string[]): number {
  let width = cells.length;
  while (width > 0 && cells[width - 1].trim() === '') width--;
  return width;
}

function quoteWarnings(records: readonly SniffedRecord[]): PreviewWarning[] {
  const odd = records.filter((record) => (record.problem?.code === 'BROKEN_QUOTE' || record.quoteNote) && !isBlankRecord(record.cells));
  const warnings = odd.slice(0, QUOTE_WARNINGS).map(({ row, problem, quoteNote }): PreviewWarning => {
    const where = row === 0 ? 'The header' : `Row ${row}`;
    if (problem?.code === 'BROKEN_QUOTE') {
      return {
        code: 'BROKEN_QUOTE',
        message: `${where} is rejected: ${problem.message}`,
        params: { row, column: problem.column ?? 0, reason: problem.reason ?? 'NEVER_CLOSED' },
      };
    }
    const note = quoteNote!;
    return {
      code: note.code,
      message: `${where}: ${note.message}`,
      params: { row, column: note.column, ...(note.lines !== undefined && { lines: note.lines }) },
    };
  });
  const more = odd.length - QUOTE_WARNINGS;
  if (more > 0) warnings.push({ code: 'MORE_QUOTE_WARNINGS', message: `${more} more rows of the sample have quotes like these`, params: { count: more } });
  return warnings;
}
