import Papa from 'papaparse';
import { ImportFileError } from '../import.errors';
import { isKnownHeader, looksLikePhone } from '../mapping/header-mapping';
import { QUOTE_MESSAGES } from './csv-record-reader';
import { DetectedEncoding, detectEncoding, givenEncoding } from './encoding-detection';
import { decodeStrict, withReplacementCharacters } from './strict-decoder';

/** More columns than this is not a lead list (and a wide row of junk would be costly to keep). */
export const MAX_COLUMNS = 200;

/** How much of a file is read to find its encoding, delimiter and header, and to preview it. */
export const SNIFF_BYTES = 256 * 1024;

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
  /** The data records found whole in the sample (blank ones left out), numbered as the import numbers them. */
  records: { row: number; cells: string[]; brokenQuote?: string }[];
}

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

/**
 * papaparse's guess (the delimiter giving the most fields, equally many on
 * every line), made on non-blank lines: a trailing newline would otherwise
 * spoil the guess for a short file. One column (a list of numbers): ",".
 */
export function detectDelimiter(text: string): string {
  return Papa.parse<string[]>(text, { delimitersToGuess: [...DELIMITERS], skipEmptyLines: 'greedy', preview: 50 }).meta.delimiter;
}

/**
 * Reads the start of a file (`complete` when that is the whole file) and
 * says how to read the rest, or throws the ImportFileError a user must fix.
 */
export function sniffCsv(sample: Buffer, complete: boolean, options: SniffOptions = {}): SniffedCsv {
  if (sample.length === 0) throw new ImportFileError('EMPTY_FILE', 'The file is empty');
  const detected = options.encoding ? givenEncoding(options.encoding, sample, complete) : detectEncoding(sample, complete);
  // Bytes not valid in the encoding stay marked (INVALID_BYTES): the preview rejects their rows as the import will.
  let text = decodeStrict(sample, detected.encoding, complete);
  if (!complete) {
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0) {
      throw new ImportFileError('NOT_A_CSV', `The first line is longer than ${SNIFF_BYTES / 1024} KiB: this does not look like a CSV file`);
    }
    text = text.slice(0, lastNewline + 1);
  }
  if (text.trim() === '') throw new ImportFileError('EMPTY_FILE', 'The file holds no data, only blank lines');

  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const records = parsed.data;
  const brokenQuotes = new Map(parsed.errors.filter((e) => e.type === 'Quotes').map((e) => [e.row, QUOTE_MESSAGES[e.code] ?? e.message]));
  if (!complete && records.length > 1) records.pop(); // may be cut short by the sample's end
  while (records.length > 0 && isBlankRecord(records[records.length - 1])) records.pop();

  const first = records[0];
  if (first.length > MAX_COLUMNS) {
    throw new ImportFileError('TOO_MANY_COLUMNS', `The file has ${first.length} columns; at most ${MAX_COLUMNS} are accepted`, {
      columns: first.length,
      limit: MAX_COLUMNS,
    });
  }
  const hasHeader = first.some(isKnownHeader) || !first.some(looksLikePhone);
  // The header is row 0; without one the first line is row 1.
  const data = records
    .map((cells, index) => ({ row: hasHeader ? index : index + 1, cells, brokenQuote: brokenQuotes.get(index) }))
    .filter(({ row, cells }) => row > 0 && !isBlankRecord(cells));
  if (complete && data.length === 0) throw new ImportFileError('NO_ROWS', 'The file has a header but no rows');

  const header = hasHeader ? first.map(withReplacementCharacters) : [];
  return {
    layout: {
      encoding: detected.encoding,
      encodingSource: detected.source,
      delimiter,
      hasHeader,
      header,
      columns: hasHeader ? columnLabels(header) : columnLabels([], first.length),
    },
    records: data,
  };
}
