import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { readCsvRecords, RecordProblem } from './csv-record-reader';
import { DELIMITERS, isBlankRecord } from './csv-sniffer';

/**
 * The invariant behind "never lose a row": on any file, the records our
 * reader finds are the records an independent reader finds — csv-parse in
 * its relaxed mode (quotes that do not open a cell are text, ragged rows
 * allowed, CRLF/LF/CR all end a record) — blank lines aside, which neither
 * import counts. Generated: random quoting, delimiters, quotes and line
 * breaks inside quoted cells, mixed line endings, ragged rows, stray quotes
 * (inside unquoted cells, and text after a closing quote on the same line),
 * files with and without a final line break, read in random chunks.
 *
 * Where the two may differ, and so never generated: a quoted cell that our
 * reader calls broken — never closed, closed on a later line and then followed
 * by text, spanning more than MAX_QUOTED_LINES lines or a row over
 * MAX_ROW_CHARS. csv-parse then fails the whole file or reads the rest of it
 * into one cell; we reject that one line and read on (the reader's own spec
 * pins that behaviour).
 */

type Cell =
  | { kind: 'plain'; text: string }
  | { kind: 'quoted'; text: string }
  /** `"Bob" Smith`: a closed quote, then more text on the same line. */
  | { kind: 'quotedThenText'; text: string; tail: string };

const LETTERS = ['a', 'B', '1', ' ', '+', '-', 'é', '電'];
const LINE_ENDINGS = ['\r\n', '\n', '\r'];

function fileOf(delimiter: string) {
  const plainChar = fc.constantFrom(...LETTERS);
  const plain = fc.oneof(
    fc.string({ unit: plainChar, maxLength: 6 }),
    // A quote inside an unquoted cell (never its first character): text.
    fc.tuple(plainChar, fc.string({ unit: fc.constantFrom(...LETTERS, '"'), maxLength: 5 })).map(([first, rest]) => `${first}${rest}"`),
  );
  const quotedText = (lineBreaks: boolean) =>
    fc.string({ unit: fc.constantFrom(...LETTERS, delimiter, '"', ...(lineBreaks ? LINE_ENDINGS : [])), maxLength: 8 });
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    { weight: 4, arbitrary: plain.map((text): Cell => ({ kind: 'plain', text })) },
    { weight: 3, arbitrary: quotedText(true).map((text): Cell => ({ kind: 'quoted', text })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(quotedText(false), plainChar, fc.string({ unit: fc.constantFrom(...LETTERS, '"'), maxLength: 4 }))
        .map(([text, first, rest]): Cell => ({ kind: 'quotedThenText', text, tail: `${first}${rest}` })),
    },
  );
  const record = fc.oneof({ weight: 1, arbitrary: fc.constant<Cell[]>([]) }, { weight: 9, arbitrary: fc.array(cell, { minLength: 1, maxLength: 6 }) });
  return fc.record({
    records: fc.array(fc.tuple(record, fc.constantFrom(...LINE_ENDINGS)), { minLength: 1, maxLength: 25 }),
    finalLineEnding: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 8 }),
  });
}

const written = (cell: Cell) => {
  if (cell.kind === 'plain') return cell.text;
  const quoted = `"${cell.text.replaceAll('"', '""')}"`;
  return cell.kind === 'quoted' ? quoted : `${quoted}${cell.tail}`;
};

/** What our reader must make of a cell: its text, or as written when text follows the closing quote. */
const read = (cell: Cell) => (cell.kind === 'quotedThenText' ? written(cell) : cell.text);

/** Our reader on `text` cut into chunks at `cuts`: its records, and its problems by record index. */
async function readInChunks(text: string, delimiter: string, cuts: number[]) {
  const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...at].map((start, i) => text.slice(start, [...at, text.length][i])).filter((chunk) => chunk.length > 0);
  const records: string[][] = [];
  const problems = new Map<number, RecordProblem>();
  for await (const batch of readCsvRecords(Readable.from(chunks), delimiter)) {
    for (const [index, problem] of batch.problems) problems.set(records.length + index, problem);
    records.push(...batch.records);
  }
  return { records, problems };
}

async function ourRecords(text: string, delimiter: string, cuts: number[]): Promise<string[][]> {
  const { records, problems } = await readInChunks(text, delimiter, cuts);
  expect([...problems.values()]).toEqual([]);
  return records;
}

const referenceRecords = (text: string, delimiter: string): string[][] =>
  parse(text, {
    delimiter,
    record_delimiter: LINE_ENDINGS,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
  });

describe('readCsvRecords, by property: no row is ever lost', () => {
  it.each(DELIMITERS)('finds the records csv-parse finds, blank lines aside (delimiter %j)', async (delimiter) => {
    await fc.assert(
      fc.asyncProperty(fileOf(delimiter), async ({ records, finalLineEnding, cuts }) => {
        const lines = records.map(([cells, ending]) => `${cells.map(written).join(delimiter)}${ending}`);
        let text = lines.join('');
        if (!finalLineEnding) text = text.slice(0, text.length - records[records.length - 1][1].length);

        const ours = (await ourRecords(text, delimiter, cuts)).filter((r) => !isBlankRecord(r));
        const reference = referenceRecords(text, delimiter).filter((r) => !isBlankRecord(r));
        // rowsRead is the count of non-blank records.
        expect(ours.length).toBe(reference.length);
        expect(ours.map((r) => r.length)).toEqual(reference.map((r) => r.length));
        // And each is the record written, cell for cell.
        expect(ours).toEqual(records.map(([cells]) => (cells.length === 0 ? [''] : cells.map(read))).filter((r) => !isBlankRecord(r)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('readCsvRecords, by property: a stray quote costs its own line, never the rest of the file', () => {
  it.each(DELIMITERS)('a quote opening a cell and never closed rejects that line only (delimiter %j)', async (delimiter) => {
    const cell = fc.string({ unit: fc.constantFrom(...LETTERS), maxLength: 6 });
    const file = fc
      .record({
        lines: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 150 }),
        endings: fc.array(fc.constantFrom(...LINE_ENDINGS), { minLength: 150, maxLength: 150 }),
        at: fc.nat(),
        cellAt: fc.nat(),
        cuts: fc.array(fc.nat(), { maxLength: 8 }),
      })
      .filter(({ lines }) => lines.some((line) => !isBlankRecord(line)));
    await fc.assert(
      fc.asyncProperty(file, async ({ lines, endings, at, cellAt, cuts }) => {
        const broken = at % lines.length;
        const column = cellAt % lines[broken].length;
        const written = lines.map((cells, i) => (i === broken ? cells.map((c, j) => (j === column ? `"${c}` : c)) : cells).join(delimiter));
        // A CR ending followed by an empty line ending in LF is one CRLF: write that CR as CRLF.
        const text = written.map((line, i) => `${line}${endings[i] === '\r' && written[i + 1] === '' ? '\r\n' : endings[i]}`).join('');

        const { records, problems } = await readInChunks(text, delimiter, cuts);
        // Every other line reads as written; the broken one keeps its cells before the quote, then the rest of its line as written.
        const expected = lines.map((cells, i) => (i === broken ? [...cells.slice(0, column), written[i].split(delimiter).slice(column).join(delimiter)] : cells));
        expect(records).toEqual(expected);
        expect([...problems.keys()]).toEqual([broken]);
        expect(problems.get(broken)).toMatchObject({ code: 'BROKEN_QUOTE', message: expect.stringContaining(`column ${column + 1}`) });
      }),
      { numRuns: 60 },
    );
  });
});
