import { Readable } from 'node:stream';
import { MAX_ROW_CHARS } from '../normalise/row-normaliser';
import { CsvRecordParser, MAX_QUOTED_LINES, readCsvRecords, RecordProblem } from './csv-record-reader';

interface Read {
  records: string[][];
  problems: [number, RecordProblem][];
  notes: [number, string][];
}

async function readAll(chunks: string[], delimiter = ','): Promise<Read> {
  const read: Read = { records: [], problems: [], notes: [] };
  for await (const batch of readCsvRecords(Readable.from(chunks), delimiter)) {
    const first = read.records.length;
    read.records.push(...batch.records);
    for (const [index, problem] of batch.problems) read.problems.push([first + index, problem]);
    for (const [index, note] of batch.quoteNotes) read.notes.push([first + index, note.message]);
  }
  return read;
}

const readWhole = (text: string) => readAll([text]);

/** The same text, whole and cut into pieces of every size up to 7 characters: chunk edges must not matter. */
async function readEveryWay(text: string, delimiter = ','): Promise<Read> {
  const whole = await readAll([text], delimiter);
  for (let size = 1; size <= 7; size++) {
    const pieces = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
    expect(await readAll(pieces, delimiter)).toEqual(whole);
  }
  return whole;
}

describe('readCsvRecords', () => {
  it('streams records across chunk boundaries, quoted newlines included', async () => {
    const { records } = await readAll(['phone;no', 'te\n2125550100;"line one\nli', 'ne two"\n2125550101;x\n'], ';');
    expect(records).toEqual([['phone', 'note'], ['2125550100', 'line one\nline two'], ['2125550101', 'x']]);
  });

  it('ends a record at CRLF, LF or CR, mixed in one file, and keeps line breaks inside quotes as written', async () => {
    const { records } = await readEveryWay('a,b\r\nc,d\ne,f\rg,"h\r\ni"\r\n\r\nj,k');
    expect(records).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h\r\ni'], [''], ['j', 'k']]);
  });

  it('reads 2,000 CRLF rows followed by 1,000 LF rows as 3,000 rows (two exports pasted together)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `P${i},+1 212 555 ${String(i).padStart(4, '0')},NYC`);
    const text = `name,phone,city\r\n${rows.slice(0, 2000).join('\r\n')}\r\n${rows.slice(2000).join('\n')}\n`;
    const { records, problems } = await readAll([text.slice(0, 40_000), text.slice(40_000)]);
    expect(records).toHaveLength(3001);
    expect(records.every((r) => r.length === 3)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('keeps blank lines as records, one at the very start of the file included: rows are numbered as written', async () => {
    expect((await readEveryWay('\nphone\n\r\n2125550100\n')).records).toEqual([[''], ['phone'], [''], ['2125550100']]);
  });

  it('reads a file whose very first cell is a quote never closed, or a quoted cell followed by more text', async () => {
    const broken = await readEveryWay('"open,1\n2,x\n');
    expect(broken.records).toEqual([['"open,1'], ['2', 'x']]);
    expect(broken.problems.map(([at]) => at)).toEqual([0]);
    expect((await readEveryWay('"Bob" Smith,2125550100\n')).records).toEqual([['"Bob" Smith', '2125550100']]);
  });

  it('reads a quote that does not open a cell as text, and notes it', async () => {
    const { records, notes, problems } = await readEveryWay('name,phone\n=HYPERLINK("x"),2125550100\n5" floppy,2125550101\nAnn,2125550102\n');
    expect(records).toEqual([['name', 'phone'], ['=HYPERLINK("x")', '2125550100'], ['5" floppy', '2125550101'], ['Ann', '2125550102']]);
    expect(notes).toEqual([
      [1, expect.stringMatching(/column 1 holds a quote inside an unquoted cell/)],
      [2, expect.stringMatching(/column 1/)],
    ]);
    expect(problems).toEqual([]);
  });

  it('reads an unquoted =HYPERLINK("x","y") cell as two cells of its own row, never touching the next row', async () => {
    const { records } = await readEveryWay('name,phone,city\n=HYPERLINK("x","y"),2125550100,NYC\nAnn,2125550101,NYC\n');
    expect(records).toEqual([['name', 'phone', 'city'], ['=HYPERLINK("x"', '"y")', '2125550100', 'NYC'], ['Ann', '2125550101', 'NYC']]);
  });

  it('reads a quoted cell followed by more text as written, quotes included ("Bob" Smith)', async () => {
    const { records, notes } = await readEveryWay('name,phone\n"Bob" Smith,2125550100\n"a""b" c,2\n"x,y"z,3\nAnn,4\n');
    expect(records).toEqual([['name', 'phone'], ['"Bob" Smith', '2125550100'], ['"a""b" c', '2'], ['"x,y"z', '3'], ['Ann', '4']]);
    expect(notes[0]).toEqual([1, expect.stringMatching(/column 1 has text after its closing quote/)]);
    expect(notes.map(([at]) => at)).toEqual([1, 2, 3]);
  });

  it('notes a quoted cell whose lines hold delimiters: rows may be inside it', async () => {
    const { records, notes } = await readEveryWay('name,phone\nAnn,"open\nBob,2125550102\nCid,2125550103"\nDee,"two\nlines"\n');
    expect(records).toEqual([['name', 'phone'], ['Ann', 'open\nBob,2125550102\nCid,2125550103'], ['Dee', 'two\nlines']]);
    expect(notes).toEqual([[1, 'column 2 is one quoted cell of 3 lines holding delimiters: check that its quotes are meant, rows may be inside it']]);
  });

  it('hands a consumer a batch only when a chunk finishes records', async () => {
    const batches: number[] = [];
    for await (const batch of readCsvRecords(Readable.from(['a,b\nc', ',d', '\ne,f']), ',')) batches.push(batch.records.length);
    expect(batches).toEqual([1, 1, 1]);
  });

  it('notes no quoted cell whose delimiters all sit on its first line (an address of two lines)', async () => {
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      const { records, notes } = await readEveryWay(`name,address\n"Smith, Ann","12 Main St, Apt 4${lineBreak}Springfield"\n`);
      expect(records[1]).toEqual(['Smith, Ann', `12 Main St, Apt 4${lineBreak}Springfield`]);
      expect(notes).toEqual([]);
    }
  });

  it('notes a quoted cell that starts with a line break and holds a delimiter after it', async () => {
    const { notes } = await readEveryWay('name,note\nAnn,"\nBob,2125550102"\n');
    expect(notes).toEqual([[1, expect.stringMatching(/column 2 is one quoted cell of 2 lines holding delimiters/)]]);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('rejects the line of a broken quote ending in %s, and numbers the lines after it as written, blank ones included', async (_, eol) => {
    const { records, problems } = await readEveryWay(['a,b', '1,"open', '2,x', '', '3,y'].join(eol) + eol);
    expect(records).toEqual([['a', 'b'], ['1', '"open'], ['2', 'x'], [''], ['3', 'y']]);
    expect(problems.map(([at]) => at)).toEqual([1]);
  });

  it(`keeps a quoted cell of ${MAX_QUOTED_LINES} line breaks, and rejects one of ${MAX_QUOTED_LINES + 1}, whatever the line endings`, async () => {
    // LF in chunks of every size (an LF that starts a chunk is a line break of its own); CR and CRLF whole.
    for (const [eol, read] of [['\n', readEveryWay], ['\r\n', readWhole], ['\r', readWhole]] as const) {
      const note = (breaks: number) => Array.from({ length: breaks + 1 }, (_, i) => `l${i}`).join(eol);
      const kept = await read(`a,b${eol}1,"${note(MAX_QUOTED_LINES)}"${eol}2,x${eol}`);
      expect(kept.records).toEqual([['a', 'b'], ['1', note(MAX_QUOTED_LINES)], ['2', 'x']]);
      expect(kept.problems).toEqual([]);
      const broken = await read(`a,b${eol}1,"${note(MAX_QUOTED_LINES + 1)}"${eol}2,x${eol}`);
      const rows = Array.from({ length: MAX_QUOTED_LINES }, (_, i) => [`l${i + 1}`]);
      expect(broken.records).toEqual([['a', 'b'], ['1', '"l0'], ...rows, [`l${MAX_QUOTED_LINES + 1}"`], ['2', 'x']]);
      expect(broken.problems).toEqual([[1, expect.objectContaining({ code: 'BROKEN_QUOTE', message: expect.stringMatching(/more than 100 lines/) })]]);
    }
  });

  it('unescapes doubled quotes and keeps empty and quoted-empty cells', async () => {
    const { records } = await readEveryWay('"a""b","",,""""\n,\n');
    expect(records).toEqual([['a"b', '', '', '"'], ['', '']]);
  });

  it('reads a file without a final line break to its end', async () => {
    expect((await readEveryWay('a,b\nc,d')).records).toEqual([['a', 'b'], ['c', 'd']]);
    expect((await readEveryWay('a,b\nc,')).records).toEqual([['a', 'b'], ['c', '']]);
    expect((await readEveryWay('a,b\nc,"d"')).records).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('rejects the line of a quote never closed, as written, and reads the lines after it', async () => {
    const { records, problems } = await readEveryWay('a,b\n1,"open\n2,x\r\n3,y\n');
    expect(records).toEqual([['a', 'b'], ['1', '"open'], ['2', 'x'], ['3', 'y']]);
    expect(problems).toEqual([
      [1, { code: 'BROKEN_QUOTE', message: expect.stringMatching(/column 2 is broken \(it is never closed\).*resumed on the next line/), column: 2, reason: 'NEVER_CLOSED' }],
    ]);
    expect(problems[0][1].message).not.toMatch(/never closed: the rest of the file/);
  });

  it('rejects the line of a quote closed on a later line and followed by text, and reads the lines after it', async () => {
    const { records, problems } = await readEveryWay('name,phone,city\nAnn,"212,NYC\nBob,2125550102,"NYC"\nCid,2125550103,NYC\n');
    expect(records).toEqual([['name', 'phone', 'city'], ['Ann', '"212,NYC'], ['Bob', '2125550102', 'NYC'], ['Cid', '2125550103', 'NYC']]);
    expect(problems).toEqual([
      [1, { code: 'BROKEN_QUOTE', message: expect.stringMatching(/column 2 is broken \(its closing quote, on a later line, is followed by more text\)/), column: 2, reason: 'TEXT_AFTER_LATE_CLOSE' }],
    ]);
  });

  it(`rejects the line of a quoted cell spanning more than ${MAX_QUOTED_LINES} lines, and reads those lines as rows`, async () => {
    const lines = Array.from({ length: MAX_QUOTED_LINES + 5 }, (_, i) => `${i},x`);
    const { records, problems } = await readAll([`a,b\n1,"open\n${lines.join('\n')}\n`]);
    expect(records).toEqual([['a', 'b'], ['1', '"open'], ...lines.map((line) => line.split(','))]);
    expect(problems).toEqual([[1, expect.objectContaining({ code: 'BROKEN_QUOTE', message: expect.stringMatching(/more than 100 lines/) })]]);
  });

  it('keeps a legitimate multi-line quoted cell whole', async () => {
    const note = Array.from({ length: MAX_QUOTED_LINES }, (_, i) => `line ${i}`).join('\r\n');
    const { records, problems } = await readEveryWay(`a,b\r\n1,"${note}"\r\n2,x\r\n`);
    expect(records).toEqual([['a', 'b'], ['1', note], ['2', 'x']]);
    expect(problems).toEqual([]);
  });

  it('rejects a quoted cell running over 32 KiB on one line up to its line end, and reads on', async () => {
    const long = 'y'.repeat(MAX_ROW_CHARS + 10);
    const { records, problems } = await readAll(['a,b\n1,"', long.slice(0, 20_000), long.slice(20_000), '"\n2,x\n']);
    expect(records.map((r) => r.length)).toEqual([2, 2, 2]);
    expect(records[1][1]).toBe(`"${long}`.slice(0, MAX_ROW_CHARS - 1));
    expect(records[2]).toEqual(['2', 'x']);
    expect(problems).toEqual([[1, expect.objectContaining({ code: 'BROKEN_QUOTE', message: expect.stringMatching(/runs over 32 KiB/) })]]);
  });

  it.each([
    ['CRLF, then a blank line', '\r\n', '\n', ['a', '1', '', '2']],
    ['CR and LF cut apart', '\r', '\n', ['a', '1', '2']],
    ['CR, then a blank CRLF line', '\r', '\r\n', ['a', '1', '', '2']],
    ['LF, then a blank line', '\n', '\n', ['a', '1', '', '2']],
  ])('ends a line rejected for running over 32 KiB at its line ending when a chunk edge cuts after it (%s)', async (_, eol, next, expected) => {
    const long = 'y'.repeat(MAX_ROW_CHARS + 10);
    const { records, problems } = await readAll(['a,b\n1,"', `${long}${eol}`, `${next}2,x\n`]);
    // The rows after it keep their numbers: the blank line is a record, a CRLF is one line ending.
    expect(records.map((record) => record[0])).toEqual(expected);
    // Broken for its length as soon as it runs over (the reader never holds more of it), not "never closed" at the end of the file.
    expect(problems).toEqual([[1, expect.objectContaining({ code: 'BROKEN_QUOTE', message: expect.stringMatching(/its row runs over 32 KiB/) })]]);
  });

  it('cuts a row only once it runs past 32 KiB, quoted or not', async () => {
    const cell = 'z'.repeat(MAX_ROW_CHARS);
    expect(await readAll(['a\n', cell, '\nb\n'])).toEqual({ records: [['a'], [cell], ['b']], problems: [], notes: [] });
    const quoted = 'q'.repeat(MAX_ROW_CHARS - 1);
    expect(await readAll(['a\n"', quoted, '"\nb\n'])).toEqual({ records: [['a'], [quoted], ['b']], problems: [], notes: [] });
  });

  it('rejects an unquoted line over 32 KiB, keeping its first 32 KiB, without holding the rest', async () => {
    const chunk = 'z'.repeat(64 * 1024);
    const { records, problems } = await readAll(['a,b\n1,', chunk, chunk, chunk, '\n2,x\n']);
    expect(records.map((r) => r.map((cell) => cell.length))).toEqual([[1, 1], [1, MAX_ROW_CHARS - 1], [1, 1]]);
    expect(records[2]).toEqual(['2', 'x']);
    expect(problems).toEqual([[1, expect.objectContaining({ code: 'ROW_TOO_LONG' })]]);
  });

  it('rejects a line of many short cells over 32 KiB without holding them all', async () => {
    const { records, problems } = await readAll(['a,b\n', 'x,'.repeat(40_000), 'x,'.repeat(40_000), '\n2,x\n']);
    expect(records).toHaveLength(3);
    expect(records[1].join('').length).toBeLessThanOrEqual(40_000);
    expect(records[1].every((cell) => cell === 'x')).toBe(true); // as written, up to where it was cut
    expect(records[2]).toEqual(['2', 'x']);
    expect(problems).toEqual([[1, expect.objectContaining({ code: 'ROW_TOO_LONG' })]]);
  });

  it('rejects the line of a stray quote whose cell runs over 32 KiB, and reads the rows it took in, even when the cell closes in the chunk it opened in', async () => {
    // 80 rows of 500 characters inside a quoted cell: under 100 lines, over 32 KiB.
    const rows = Array.from({ length: 80 }, (_, i) => `${i},${'x'.repeat(500)}`);
    const text = `a,b\n1,"stray\n${rows.join('\n')}\n2,end"\n3,z\n`;
    // Whole (the import's 64 KiB chunks hold it all), in two halves (the cell closes in the second, each half under 32 KiB), and in pieces of 1,000 and 7,777 characters.
    for (const size of [text.length, Math.ceil(text.length / 2), 1000, 7777]) {
      const { records, problems } = await readAll(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size)));
      expect(records).toEqual([['a', 'b'], ['1', '"stray'], ...rows.map((row) => row.split(',')), ['2', 'end"'], ['3', 'z']]);
      expect(problems).toEqual([[1, expect.objectContaining({ code: 'BROKEN_QUOTE', message: expect.stringMatching(/runs over 32 KiB/) })]]);
    }
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('ends an unquoted line rejected for running over 32 KiB at its %s, and keeps the blank line after it a row', async (_, eol) => {
    const chunk = 'z'.repeat(20_000);
    const rest = `${eol}${eol}2,x${eol}`;
    const expected = [['a', 'b'], ['1', 'z'.repeat(MAX_ROW_CHARS - 1)], [''], ['2', 'x']];
    // The rest of the file in one chunk, and cut after the line ending's first character (within a CRLF, or before the blank line).
    for (const chunks of [
      ['a,b\n1,', chunk, chunk, rest],
      ['a,b\n1,', chunk, chunk, rest.slice(0, 1), rest.slice(1)],
    ]) {
      const { records, problems } = await readAll(chunks);
      expect(records).toEqual(expected);
      expect(problems).toEqual([[1, expect.objectContaining({ code: 'ROW_TOO_LONG' })]]);
    }
  });

  it('rejects a quoted cell holding more than 100 line breaks in a file of CR line endings, blank lines inside it counted', async () => {
    const cell = (breaks: number) => `note${'\r'.repeat(breaks)}end`;
    const kept = await readWhole(`a,b\r1,"${cell(MAX_QUOTED_LINES)}"\r2,x\r`);
    expect(kept.records).toEqual([['a', 'b'], ['1', cell(MAX_QUOTED_LINES)], ['2', 'x']]);
    expect(kept.problems).toEqual([]);
    const broken = await readWhole(`a,b\r1,"${cell(MAX_QUOTED_LINES + 1)}"\r2,x\r`);
    expect(broken.records[1]).toEqual(['1', '"note']);
    expect(broken.records.at(-1)).toEqual(['2', 'x']);
    expect(broken.problems).toEqual([[1, expect.objectContaining({ code: 'BROKEN_QUOTE', message: expect.stringMatching(/more than 100 lines/) })]]);
  });

  it('counts the blank lines of a quoted cell in a file of CR line endings when it notes the rows it may hold', async () => {
    const { records, notes } = await readEveryWay('name,note\rAnn,"a\r\rBob,2125550102"\rCid,x\r');
    expect(records).toEqual([['name', 'note'], ['Ann', 'a\r\rBob,2125550102'], ['Cid', 'x']]);
    expect(notes).toEqual([[1, expect.stringMatching(/column 2 is one quoted cell of 3 lines holding delimiters/)]]);
  });

  it('reads a quoted cell followed by more text as written when the cell before it on the line was quoted too', async () => {
    const { records } = await readEveryWay('name,phone\n"Ann","Bob" Smith,2125550100\n"Cid"\n"Dee" Jones,2125550101\n');
    expect(records).toEqual([['name', 'phone'], ['Ann', '"Bob" Smith', '2125550100'], ['Cid'], ['"Dee" Jones', '2125550101']]);
  });

  it('keeps a cell of over 1,000 characters and a row of over 250 cells whole', async () => {
    const wide = Array.from({ length: 300 }, (_, i) => `c${i}`);
    const cell = 'w'.repeat(5000);
    const { records } = await readAll([`a\n${wide.join(',')}\n${cell}\n`]);
    expect(records).toEqual([['a'], wide, [cell]]);
  });

  it('streams a file of over 2 MiB in batches, every record read once', async () => {
    const rows = 60_000;
    let bytes = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < rows; i += 1000) {
          const chunk = Array.from({ length: 1000 }, (_, j) => `P${i + j},"+1 212 555 ${String((i + j) % 10_000).padStart(4, '0')}","NYC, NY"\r\n`).join('');
          bytes += chunk.length;
          yield chunk;
        }
      })(),
    );
    let count = 0;
    let batches = 0;
    for await (const batch of readCsvRecords(source, ',')) {
      batches++;
      count += batch.records.filter((r) => r.length === 3 && r[2] === 'NYC, NY').length;
    }
    expect(bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(count).toBe(rows);
    expect(batches).toBe(rows / 1000);
  });

  it('stops reading the file while the consumer is busy (memory stays flat)', async () => {
    let pulled = 0;
    const line = `2125550100,${'x'.repeat(100)}\n`;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 2_000; i++) {
          pulled++;
          yield line.repeat(100);
        }
      })(),
    );
    const batches = readCsvRecords(source, ',');
    await batches.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(50); // of 2,000 chunks (20 MB)
    await batches.return(undefined);
  });
});

describe('CsvRecordParser', () => {
  it('refuses a delimiter it cannot read by', () => {
    expect(() => new CsvRecordParser('"')).toThrow();
    expect(() => new CsvRecordParser(',;')).toThrow();
    for (const delimiter of ['', '\n', '\r']) expect(() => new CsvRecordParser(delimiter)).toThrow(/Unusable delimiter/);
    for (const delimiter of [',', ';', '\t', '|']) expect(() => new CsvRecordParser(delimiter)).not.toThrow();
  });

  it('hands out each finished record once, and keeps the unfinished one', () => {
    const parser = new CsvRecordParser('\t');
    parser.write('a\tb\nc\t"d');
    expect(parser.take().records).toEqual([['a', 'b']]);
    parser.write('"\n');
    expect(parser.take().records).toEqual([['c', 'd']]);
    parser.end();
    expect(parser.take().records).toEqual([]);
  });
});
