import { Readable } from 'node:stream';
import { MAX_ROW_CHARS } from '../normalise/row-normaliser';

/**
 * A quoted cell that spans more line breaks than this is not a cell but a
 * quote opened by mistake: addresses and notes take a few lines, not a hundred.
 */
export const MAX_QUOTED_LINES = 100;

/** Why a quote broke its record: never closed, too many lines, text after a closing quote on a later line, a row too long. */
export const BROKEN_QUOTE_REASONS = ['NEVER_CLOSED', 'TOO_MANY_LINES', 'TEXT_AFTER_LATE_CLOSE', 'ROW_TOO_LONG'] as const;
export type BrokenQuoteReason = (typeof BROKEN_QUOTE_REASONS)[number];

const BROKEN_QUOTE_WHY: Record<BrokenQuoteReason, string> = {
  NEVER_CLOSED: 'it is never closed',
  TOO_MANY_LINES: `it spans more than ${MAX_QUOTED_LINES} lines`,
  TEXT_AFTER_LATE_CLOSE: 'its closing quote, on a later line, is followed by more text',
  ROW_TOO_LONG: `its row runs over ${MAX_ROW_CHARS / 1024} KiB`,
};

/** Why the reader itself rejects a record (its cells are the text as written); a broken quote says where and why, for a client to word. */
export interface RecordProblem {
  code: 'BROKEN_QUOTE' | 'ROW_TOO_LONG';
  message: string;
  /** BROKEN_QUOTE: the 1-based column whose quote broke, and why. */
  column?: number;
  reason?: BrokenQuoteReason;
}

/** Quoting read leniently: what (a stable code), in which 1-based column, over how many lines; `message` in English. */
export interface QuoteNote {
  code: 'QUOTE_IN_UNQUOTED_CELL' | 'QUOTED_CELL_HOLDS_ROWS' | 'TEXT_AFTER_CLOSING_QUOTE';
  column: number;
  lines?: number;
  message: string;
}

export interface CsvBatch {
  records: string[][];
  /** Records the reader could not read as cells, by index into `records`: reject them with this. */
  problems: Map<number, RecordProblem>;
  /** Quoting that was read leniently and may be why the record looks wrong, by index into `records`. */
  quoteNotes: Map<number, QuoteNote>;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** In a quoted cell, just after a quote: an escaped quote, the end of the cell, or text after it. */
const QUOTE_IN_QUOTED = 3;
/** A record was cut (a broken quote, too long): the rest of its line is part of it, already rejected. */
const SKIP_LINE = 4;

/**
 * The quoting rules (what Excel and LibreOffice write, read leniently, as
 * csv-parse with `relax_quotes` does — the property test holds us to it):
 * - CRLF, LF and CR each end a record, anywhere in the file, mixed.
 * - A cell is quoted only when it starts with `"`; inside it `""` is a quote,
 *   and delimiters and line breaks are text. A quote anywhere else is text
 *   (`=HYPERLINK("x")`, `5" floppy`).
 * - A quoted cell whose closing quote is followed by more text on the same
 *   line is read as written, quotes included (`"Bob" Smith` stays `"Bob" Smith`).
 * - A quoted cell that cannot be a cell — never closed, closed only after a
 *   line break and then followed by text, spanning more than MAX_QUOTED_LINES
 *   lines or MAX_ROW_CHARS characters — is a broken quote: the line on which
 *   it opened is rejected (BROKEN_QUOTE, its text kept as written) and reading
 *   resumes on the next line. One stray quote costs one row, never the file.
 * - A record longer than MAX_ROW_CHARS is rejected (ROW_TOO_LONG) up to the
 *   end of its line, keeping its first MAX_ROW_CHARS characters.
 */
export class CsvRecordParser {
  private readonly delimiter: number;
  private state = FIELD_START;
  /** The record's finished cells, and their total length. */
  private cells: string[] = [];
  private kept = 0;
  /** The current cell's text read so far (a quoted cell: unescaped, without its quotes). */
  private field = '';
  /** A quoted cell's text as written (from its opening quote) in earlier input. */
  private raw = '';
  /** In the current quoted cell: line breaks, where the first one is (in `raw` terms; none yet: undefined), whether the last character was CR. */
  private quotedLines = 0;
  private firstBreak: number | undefined;
  // Stryker disable next-line BooleanLiteral: read only when a chunk starts inside a quoted cell, and the scan that ended in it set it
  private lastWasCr = false;
  /** A CR just ended a record: an LF right after it is the same line ending. */
  private skipLf = false;
  private note: QuoteNote | undefined;
  private records: string[][] = [];
  private problems = new Map<number, RecordProblem>();
  private quoteNotes = new Map<number, QuoteNote>();

  constructor(delimiter: string) {
    if (delimiter.length !== 1 || '"\r\n'.includes(delimiter)) throw new Error(`Unusable delimiter ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads more of the file; the records it finishes wait in `take()`. */
  write(text: string): void {
    // Text to read again after a broken quote comes before the rest of the input: a stack.
    const pending = [text];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const cut = this.scan(next);
      if (cut) pending.push(cut.remainder, cut.again);
    }
  }

  /** The end of the file: finishes the last record (a quote still open is broken). Nothing is written after it. */
  end(): void {
    while (this.state === QUOTED) this.write(this.breakQuote(this.raw, 'NEVER_CLOSED'));
    const state = this.state;
    // The last line has no line ending: its record ends here (after a delimiter, with an empty cell).
    if (state === UNQUOTED || state === QUOTE_IN_QUOTED || (state === FIELD_START && this.cells.length > 0)) {
      this.pushCell(this.field);
      this.emit(this.cells);
    }
  }

  /** The records finished so far (each taken once). */
  take(): CsvBatch {
    const batch = { records: this.records, problems: this.problems, quoteNotes: this.quoteNotes };
    this.records = [];
    this.problems = new Map();
    this.quoteNotes = new Map();
    return batch;
  }

  /** Reads `text` from where the state stands; returns what to read again when a broken quote cut a record. */
  private scan(text: string): { again: string; remainder: string } | undefined {
    const delimiter = this.delimiter;
    const n = text.length;
    let i = 0;
    let start = 0; // where the current cell's unread text starts in `text`
    let rawStart = 0; // where the current quoted cell's text as written starts in `text`
    while (i < n) {
      const state = this.state;
      if (state === FIELD_START) {
        const code = text.charCodeAt(i);
        if (this.skipLf) {
          this.skipLf = false;
          if (code === LF) {
            i++;
            continue;
          }
        }
        if (code === QUOTE) {
          this.state = QUOTED;
          this.quotedLines = 0;
          this.firstBreak = undefined;
          rawStart = i;
          start = ++i;
          continue;
        }
        this.state = UNQUOTED;
        start = i;
        continue;
      }
      if (state === UNQUOTED) {
        // The hot loop: most cells are plain text.
        let code = 0;
        while (i < n) {
          code = text.charCodeAt(i);
          if (code === delimiter || code === CR || code === LF) break;
          if (code === QUOTE) this.note ??= quoteNote('QUOTE_IN_UNQUOTED_CELL', this.cells.length + 1);
          i++;
        }
        if (i === n) break;
        this.pushCell(this.field + text.slice(start, i));
        this.field = '';
        i++;
        if (code === delimiter) this.state = FIELD_START;
        else this.endLine(code);
        continue;
      }
      if (state === QUOTED) {
        let code = 0;
        while (i < n) {
          code = text.charCodeAt(i);
          if (code === QUOTE) break;
          if (code === LF || code === CR) {
            if (!(code === LF && (i > 0 ? text.charCodeAt(i - 1) === CR : this.lastWasCr))) {
              this.firstBreak ??= this.raw.length + i - rawStart;
              if (++this.quotedLines > MAX_QUOTED_LINES) {
                return this.cut(text, rawStart, i, 'TOO_MANY_LINES');
              }
            }
          }
          i++;
        }
        if (i === n) break;
        // The same limit as at the end of the input (below), whether or not a chunk ends inside the cell.
        if (this.kept + this.raw.length + i - rawStart > MAX_ROW_CHARS) return this.cut(text, rawStart, i, 'ROW_TOO_LONG');
        this.field += text.slice(start, i);
        this.state = QUOTE_IN_QUOTED;
        start = ++i;
        continue;
      }
      if (state === QUOTE_IN_QUOTED) {
        const code = text.charCodeAt(i);
        if (code === QUOTE) {
          // An escaped quote: the quote is text, the cell goes on.
          this.field += '"';
          this.state = QUOTED;
          start = ++i;
          continue;
        }
        if (code === delimiter || code === CR || code === LF) {
          // Later lines holding delimiters inside one quoted cell may be rows a stray quote took in.
          if (this.firstBreak !== undefined && this.field.includes(String.fromCharCode(delimiter), this.field.search(/[\r\n]/))) {
            this.note ??= quoteNote('QUOTED_CELL_HOLDS_ROWS', this.cells.length + 1, this.quotedLines + 1);
          }
          this.pushCell(this.field);
          this.field = '';
          this.raw = '';
          i++;
          if (code === delimiter) this.state = FIELD_START;
          else this.endLine(code);
          continue;
        }
        // Text after the closing quote.
        if (this.firstBreak !== undefined) return this.cut(text, rawStart, i, 'TEXT_AFTER_LATE_CLOSE');
        this.note ??= quoteNote('TEXT_AFTER_CLOSING_QUOTE', this.cells.length + 1);
        this.field = this.raw + text.slice(rawStart, i);
        this.raw = '';
        this.state = UNQUOTED;
        start = i;
        continue;
      }
      // SKIP_LINE
      const code = text.charCodeAt(i++);
      if (code === CR || code === LF) {
        this.state = FIELD_START;
        this.skipLf = code === CR;
      }
    }
    // The input ends inside a record: keep what it holds of it.
    const state = this.state;
    if (state === QUOTED || state === QUOTE_IN_QUOTED) {
      if (state === QUOTED) this.field += text.slice(start);
      this.lastWasCr = text.endsWith('\r');
      this.raw += text.slice(rawStart);
      if (this.kept + this.raw.length > MAX_ROW_CHARS) return this.cut('', 0, 0, 'ROW_TOO_LONG');
      return undefined;
    }
    if (state === UNQUOTED) this.field += text.slice(start);
    // Memory stays bounded whatever the line: a record past the limit is cut here (a line being skipped holds nothing).
    if (this.kept + this.field.length > MAX_ROW_CHARS) this.tooLong();
    return undefined;
  }

  /** A broken quote in `text` at `at`: cut its record, and say what to read again. */
  private cut(text: string, rawStart: number, at: number, why: BrokenQuoteReason) {
    const again = this.breakQuote(this.raw + text.slice(rawStart, at), why);
    return { again, remainder: text.slice(at) };
  }

  /**
   * Rejects the record up to the end of the line on which the broken quote
   * opened (its text as written) and returns the text after that line, to
   * read again as new records.
   */
  private breakQuote(written: string, why: BrokenQuoteReason): string {
    const column = this.cells.length + 1;
    const line = this.firstBreak === undefined ? written : written.slice(0, this.firstBreak);
    const problem: RecordProblem = {
      code: 'BROKEN_QUOTE',
      message: `the quote that opens column ${column} is broken (${BROKEN_QUOTE_WHY[why]}): this line was rejected as written and reading resumed on the next line`,
      column,
      reason: why,
    };
    const cells = this.cells;
    cells.push(line.slice(0, Math.max(0, MAX_ROW_CHARS - this.kept)));
    this.emit(cells, problem);
    this.field = '';
    this.raw = '';
    if (this.firstBreak === undefined) {
      // Still on the line where the quote opened: the rest of it belongs to the rejected record.
      this.state = SKIP_LINE;
      return '';
    }
    // That line's break ended the record, as any other: an LF after a CR is part of it.
    this.state = FIELD_START;
    this.skipLf = written.charCodeAt(this.firstBreak) === CR;
    return written.slice(this.firstBreak + 1);
  }

  /** The record is longer than a row may be: reject it, keeping its start, up to the end of its line. */
  private tooLong(): void {
    const cells = this.cells;
    if (this.state === UNQUOTED) cells.push(this.field.slice(0, Math.max(0, MAX_ROW_CHARS - this.kept)));
    this.field = '';
    this.emit(cells, { code: 'ROW_TOO_LONG', message: `the row is longer than ${MAX_ROW_CHARS} characters; at most ${MAX_ROW_CHARS} are accepted` });
    this.state = SKIP_LINE;
  }

  private pushCell(cell: string): void {
    this.cells.push(cell);
    this.kept += cell.length;
  }

  private endLine(code: number): void {
    this.state = FIELD_START;
    this.skipLf = code === CR;
    this.emit(this.cells);
  }

  private emit(cells: string[], problem?: RecordProblem): void {
    const index = this.records.length;
    this.records.push(cells);
    if (problem) this.problems.set(index, problem);
    if (this.note !== undefined) this.quoteNotes.set(index, this.note);
    this.note = undefined;
    this.cells = [];
    this.kept = 0;
  }
}

function quoteNote(code: QuoteNote['code'], column: number, lines?: number): QuoteNote {
  const message =
    code === 'QUOTE_IN_UNQUOTED_CELL'
      ? `column ${column} holds a quote inside an unquoted cell, read as text`
      : code === 'QUOTED_CELL_HOLDS_ROWS'
        ? `column ${column} is one quoted cell of ${lines} lines holding delimiters: check that its quotes are meant, rows may be inside it`
        : `column ${column} has text after its closing quote, read as written, quotes included`;
  return { code, column, ...(lines !== undefined && { lines }), message };
}

/**
 * Streams decoded CSV text (string chunks) as batches of records, one batch
 * per chunk. The text stream is read only when the consumer asks for the next
 * batch, so a slow consumer (the database) holds back the file reading and
 * memory stays flat: the parser holds at most one unfinished record, bounded
 * by MAX_ROW_CHARS.
 */
export async function* readCsvRecords(text: Readable, delimiter: string): AsyncGenerator<CsvBatch> {
  const parser = new CsvRecordParser(delimiter);
  for await (const chunk of text as AsyncIterable<string>) {
    parser.write(chunk);
    const batch = parser.take();
    if (batch.records.length > 0) yield batch;
  }
  parser.end();
  const last = parser.take();
  if (last.records.length > 0) yield last;
}
