import { encode } from 'iconv-lite';
import { columnLabels, detectDelimiter, MAX_COLUMNS, SNIFF_BYTES, sniffCsv } from './csv-sniffer';

const sniff = (text: string | Buffer, complete = true) => sniffCsv(Buffer.isBuffer(text) ? text : Buffer.from(text), complete);

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;"2,5";3\n', ';'],
    ['a\tb\n1\t2\n\n', '\t'],
    ['a|b\n1|2\n', '|'],
    ['phone\n2125550100\n', ','],
    // A file of nothing but one delimiter: papaparse takes those lines for empty under it, and would answer ','.
    [';;;\r\n;;;\r\n', ';'],
    ['|\n|\n', '|'],
  ])('%j → %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('sniffCsv', () => {
  it('reads the header, numbers rows from 1, and drops blank lines from the preview', () => {
    const { layout, records } = sniff('phone,name\r\n2125550100,Ann\r\n\r\n2125550101,Bob\r\n');
    expect(layout).toEqual({
      encoding: 'utf-8',
      encodingSource: 'detected',
      delimiter: ',',
      hasHeader: true,
      header: ['phone', 'name'],
      columns: ['phone', 'name'],
    });
    // Strictly: a row without a problem or a quoting note carries none (not even an undefined one).
    expect(records).toStrictEqual([
      { row: 1, cells: ['2125550100', 'Ann'] },
      { row: 3, cells: ['2125550101', 'Bob'] },
    ]);
  });

  it('strips a BOM from the first header cell', () => {
    expect(sniff('\ufeffphone\n1\n').layout.header).toEqual(['phone']);
  });

  it('sees a list of bare numbers as having no header', () => {
    const { layout, records } = sniff('2125550100\n212-555-0101\n');
    expect(layout).toMatchObject({ hasHeader: false, header: [], columns: ['column 1'] });
    expect(records[0]).toEqual({ row: 1, cells: ['2125550100'] });
  });

  it('keeps quoted newlines and delimiters inside their cell', () => {
    const { records } = sniff('phone;note\n2125550100;"one; two\nthree"\n');
    expect(records).toEqual([{ row: 1, cells: ['2125550100', 'one; two\nthree'] }]);
  });

  it('says which previewed row has a broken quote, and reads the rows after it', () => {
    const { records, warnings } = sniff('phone,note\n2125550100,"open\n2125550101,x\n');
    expect(records).toEqual([
      { row: 1, cells: ['2125550100', '"open'], problem: { code: 'BROKEN_QUOTE', message: expect.stringMatching(/never closed/), column: 2, reason: 'NEVER_CLOSED' } },
      { row: 2, cells: ['2125550101', 'x'] },
    ]);
    // A code and its figures (a client words it in its language), and the English sentence.
    expect(warnings).toEqual([
      {
        code: 'BROKEN_QUOTE',
        message: expect.stringMatching(/^Row 1 is rejected: the quote that opens column 2 is broken/),
        params: { row: 1, column: 2, reason: 'NEVER_CLOSED' },
      },
    ]);
  });

  it('warns of quotes read leniently, and never says "never closed" of a quote that was closed', () => {
    const csv = 'name,phone,city\nAnn,+1 212 555 0501,NYC\n"Bob" Smith,+1 212 555 0502,NYC\n=HYPERLINK("x"),+1 212 555 0503,NYC\nCid,+1 212 555 0504,NYC\n';
    const { records, warnings } = sniff(csv);
    expect(records.map((r) => r.cells[0])).toEqual(['Ann', '"Bob" Smith', '=HYPERLINK("x")', 'Cid']);
    expect(warnings).toEqual([
      { code: 'TEXT_AFTER_CLOSING_QUOTE', message: 'Row 2: column 1 has text after its closing quote, read as written, quotes included', params: { row: 2, column: 1 } },
      { code: 'QUOTE_IN_UNQUOTED_CELL', message: 'Row 3: column 1 holds a quote inside an unquoted cell, read as text', params: { row: 3, column: 1 } },
    ]);
    expect(warnings.map((w) => w.message).join(' ')).not.toMatch(/never closed/);
  });

  it('previews a sample with mixed line endings, CR alone included, and cuts a partial one at its last line ending', () => {
    const { records } = sniff('phone,name\r\n2125550100,Ann\n2125550101,Bob\r2125550102,Cid\r2125550103,D', false);
    expect(records.map((r) => r.cells[1])).toEqual(['Ann', 'Bob', 'Cid']);
  });

  it('ignores the empty header cells Excel writes after the last column, unless a row fills them', () => {
    const wide = `phone,name${','.repeat(MAX_COLUMNS + 20)}\n2125550100,Ann${','.repeat(MAX_COLUMNS + 20)}\n`;
    expect(sniff(wide).layout).toMatchObject({ header: ['phone', 'name'], columns: ['phone', 'name'] });
    expect(sniff('phone,name,,\n2125550100,Ann,,\n2125550101,Bob,x,\n').layout.columns).toEqual(['phone', 'name', 'column 3']);
    expect(sniff('phone,name, \n2125550100,Ann, \n').layout.columns).toEqual(['phone', 'name']);
  });

  it('leaves out a record cut by the end of a partial sample', () => {
    const { records } = sniff('phone,name\n2125550100,Ann\n2125550101,Bo', false);
    expect(records).toHaveLength(1);
  });

  it('reads the last row of a complete file that has no final line break', () => {
    expect(sniff('phone,name\n2125550100,Ann\n2125550101,Bob').records).toEqual([
      { row: 1, cells: ['2125550100', 'Ann'] },
      { row: 2, cells: ['2125550101', 'Bob'] },
    ]);
  });

  it('takes the first line that holds anything as the header: blank lines before it are neither header nor rows', () => {
    const { layout, records } = sniff('\r\n , \r\nphone,name\r\n2125550100,Ann\r\n\r\n2125550101,Bob\r\n');
    expect(layout).toMatchObject({ hasHeader: true, header: ['phone', 'name'], columns: ['phone', 'name'] });
    expect(records.map((r) => [r.row, r.cells[1]])).toEqual([
      [1, 'Ann'],
      [3, 'Bob'],
    ]);
    // Without a header, the first line that holds anything is row 1.
    expect(sniff('\n\n2125550100,Ann\n2125550101,Bob\n').records.map((r) => [r.row, r.cells[1]])).toEqual([
      [1, 'Ann'],
      [2, 'Bob'],
    ]);
  });

  it('counts a line of only spaces and delimiters as blank', () => {
    expect(sniff('phone,name\n2125550100,Ann\n  , \n2125550101,Bob\n').records.map((r) => r.row)).toEqual([1, 3]);
  });

  it('takes a first line naming a known column as the header, even beside a column named by a date', () => {
    expect(sniff('phone,name,2024-03-01\n2125550100,Ann,yes\n').layout).toMatchObject({ hasHeader: true, columns: ['phone', 'name', '2024-03-01'] });
  });

  it('takes a first line of names it does not know as the header, and numbers beside names as data', () => {
    expect(sniff('Ref,Remark\n2125550100,call back\n').layout).toMatchObject({ hasHeader: true, columns: ['Ref', 'Remark'] });
    const { layout, records } = sniff('2125550100,Ann\n2125550101,Bob\n');
    expect(layout).toMatchObject({ hasHeader: false, columns: ['column 1', 'column 2'] });
    expect(records.map((r) => r.row)).toEqual([1, 2]);
  });

  it('reads the file in the encoding the uploader names', () => {
    const { layout } = sniffCsv(encode('電話番号,氏名\n0312345678,山田\n', 'cp932'), true, { encoding: 'Shift_JIS' });
    expect(layout).toMatchObject({ encoding: 'shift_jis', encodingSource: 'given', header: ['電話番号', '氏名'] });
  });

  it('shows bytes of the header that are not valid in its encoding as U+FFFD', () => {
    const sample = Buffer.concat([encode('電話番号,氏', 'cp932'), Buffer.from([0xa0]), encode('\n0312345678,山田\n', 'cp932')]);
    expect(sniffCsv(sample, true, { encoding: 'shift_jis' }).layout.header).toEqual(['電話番号', '氏\ufffd']);
  });

  it('names the header in a quoting warning', () => {
    expect(sniff('phone,"name" x\n2125550100,Ann\n').warnings).toEqual([
      { code: 'TEXT_AFTER_CLOSING_QUOTE', message: 'The header: column 2 has text after its closing quote, read as written, quotes included', params: { row: 0, column: 2 } },
    ]);
  });

  it('lists five quoting warnings and counts the rest', () => {
    const rows = (count: number) => Array.from({ length: count }, (_, i) => `212555010${i},5" floppy\n`).join('');
    const seven = sniff(`phone,item\n${rows(7)}`).warnings;
    expect(seven).toEqual([
      ...[1, 2, 3, 4, 5].map((row) => ({
        code: 'QUOTE_IN_UNQUOTED_CELL',
        message: `Row ${row}: column 2 holds a quote inside an unquoted cell, read as text`,
        params: { row, column: 2 },
      })),
      { code: 'MORE_QUOTE_WARNINGS', message: '2 more rows of the sample have quotes like these', params: { count: 2 } },
    ]);
    expect(sniff(`phone,item\n${rows(5)}`).warnings).toHaveLength(5);
  });

  it('carries each row\'s quoting note on the previewed row', () => {
    expect(sniff('name,phone\n"Bob" Smith,2125550100\n').records).toEqual([
      { row: 1, cells: ['"Bob" Smith', '2125550100'], quoteNote: { code: 'TEXT_AFTER_CLOSING_QUOTE', column: 1, message: 'column 1 has text after its closing quote, read as written, quotes included' } },
    ]);
  });

  it('counts no column from a rejected row', () => {
    const { layout, records } = sniff('phone,name,,\n2125550100,Ann,,\n2125550101,Bob,"5\n');
    expect(layout.columns).toEqual(['phone', 'name']);
    expect(records[1].problem).toMatchObject({ code: 'BROKEN_QUOTE' });
  });

  it('does not refuse a partial sample whose first row is cut inside a quoted cell: its rows follow', () => {
    const { layout, records } = sniff('phone,note\n2125550100,"a long note\nthat the sample cuts', false);
    expect(layout.columns).toEqual(['phone', 'note']);
    expect(records).toEqual([]);
  });

  it('leaves the encoding of a partial sample of plain ASCII undecided (the import tells it where other bytes start), not of a whole file', () => {
    expect(sniff('phone,name\n2125550100,Ann\n', false).layout).toMatchObject({ encoding: 'utf-8', encodingSource: 'ascii' });
    expect(sniff('phone,name\n2125550100,Ann\n').layout).toMatchObject({ encoding: 'utf-8', encodingSource: 'detected' });
  });

  it('reports a first data row bigger than the whole sample as the import rejects it, quoted or not (QA1 finding 4)', () => {
    const big = 'x'.repeat(400_000);
    const sample = (note: string) => Buffer.from(`name,phone,note\nBig,+1 212 555 0001,${note}\nB,+1 212 555 0002,n\n`).subarray(0, SNIFF_BYTES);
    const keptOf = (note: string) => note.slice(0, 32 * 1024 - 'Big+1 212 555 0001'.length);

    const quoted = sniff(sample(`"${big}"`), false);
    expect(quoted.records).toEqual([
      {
        row: 1,
        cells: ['Big', '+1 212 555 0001', keptOf(`"${big}`)],
        problem: { code: 'BROKEN_QUOTE', message: expect.stringMatching(/runs over 32 KiB/), column: 3, reason: 'ROW_TOO_LONG' },
      },
    ]);
    expect(quoted.warnings).toEqual([expect.objectContaining({ code: 'BROKEN_QUOTE', params: { row: 1, column: 3, reason: 'ROW_TOO_LONG' } })]);

    expect(sniff(sample(big), false).records).toEqual([
      { row: 1, cells: ['Big', '+1 212 555 0001', keptOf(big)], problem: { code: 'ROW_TOO_LONG', message: expect.stringMatching(/longer than 32768 characters/) } },
    ]);
  });

  it.each([
    ['sep=;\r\nname;phone\r\nAnn, Jr;+1 212 555 0101\r\n', ';', 'Ann, Jr'],
    ['\ufeffsep=;\r\nname;phone\r\nAnn;+1 212 555 0101\r\n', ';', 'Ann'],
    ['sep=|\nname|phone\nAnn|+1 212 555 0101\n', '|', 'Ann'],
    ['"sep=,"\r\nname,phone\r\nAnn;Bo,+1 212 555 0101\r\n', ',', 'Ann;Bo'],
    ['SEP=\t\nname\tphone\nAnn\t+1 212 555 0101\n', '\t', 'Ann'],
  ])("skips Excel's sep= line in %j and reads the file with the delimiter it names (QA1 finding 5)", (text, delimiter, name) => {
    const { layout, records, sepLine } = sniff(text);
    expect(layout).toMatchObject({ delimiter, hasHeader: true, header: ['name', 'phone'], columns: ['name', 'phone'] });
    expect(records).toEqual([{ row: 1, cells: [name, '+1 212 555 0101'] }]);
    expect(sepLine).toBe(true);
    expect(sniff('name,phone\nAnn,+1 212 555 0101\n').sepLine).toBe(false);
  });

  it('decodes Shift_JIS', () => {
    expect(sniff(encode('電話番号,氏名\n0312345678,山田\n', 'cp932')).layout).toMatchObject({ encoding: 'shift_jis', header: ['電話番号', '氏名'] });
  });

  const header = (columns: number) => Array.from({ length: columns }, (_, i) => `c${i}`).join(',');

  it.each([
    ['', 'EMPTY_FILE', 'The file is empty'],
    ['\r\n\r\n', 'EMPTY_FILE', 'The file holds no data, only blank lines'],
    ['phone,name\n', 'NO_ROWS', 'The file has a header but no rows'],
    [',\n', 'NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes'],
    [',,,\n,,,\n', 'NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes'],
    ['""\n""\n', 'NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes'],
    // Not NO_PHONE_COLUMN "Columns: ;;;" (QA1 finding 8).
    [';;;\r\n;;;\r\n', 'NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes'],
    ['|\n|\n', 'NO_ROWS', 'The file holds no values: its lines hold only delimiters or empty quotes'],
    [`${header(MAX_COLUMNS + 1)}\n`, 'TOO_MANY_COLUMNS', `The file has ${MAX_COLUMNS + 1} columns; at most ${MAX_COLUMNS} are accepted`],
  ])('refuses %j with %s', (text, code, message) => {
    expect(() => sniff(text)).toThrow(expect.objectContaining({ code, message }));
  });

  it('tells a file of only delimiters from a header without rows, so a page can say which', () => {
    expect(() => sniff(',,,\n,,,\n')).toThrow(expect.objectContaining({ code: 'NO_ROWS', details: { reason: 'ONLY_DELIMITERS' } }));
    expect(() => sniff('phone,name\n')).toThrow(expect.objectContaining({ code: 'NO_ROWS', details: { reason: 'HEADER_ONLY' } }));
  });

  it(`says how many columns a file too wide has, and accepts ${MAX_COLUMNS}`, () => {
    expect(() => sniff(`${header(MAX_COLUMNS + 1)}\n`)).toThrow(expect.objectContaining({ details: { columns: MAX_COLUMNS + 1, limit: MAX_COLUMNS } }));
    expect(sniff(`${header(MAX_COLUMNS)}\n${header(MAX_COLUMNS)}\n`).layout.columns).toHaveLength(MAX_COLUMNS);
  });

  it('refuses a sample that is one endless line', () => {
    expect(() => sniff('x'.repeat(1000), false)).toThrow(
      expect.objectContaining({ code: 'NOT_A_CSV', message: 'The first line is longer than 256 KiB: this does not look like a CSV file' }),
    );
  });

  it('refuses a sample whose only whole lines are blank, the next one endless, as not a CSV (not as empty)', () => {
    expect(() => sniff(`\r\n\r\n${'x'.repeat(1000)}`, false)).toThrow(expect.objectContaining({ code: 'NOT_A_CSV' }));
  });

  it('warns of no row the import skips as blank', () => {
    // Tab-delimited: one quoted cell holding a line break and a tab is a blank line, though a quoted cell of lines holding delimiters is noted.
    const { records, warnings } = sniff('phone\tname\n2125550100\tAnn\n"\n\t"\n2125550101\tBob\n');
    expect(records.map((r) => r.row)).toEqual([1, 3]);
    expect(warnings).toEqual([]);
  });
});

describe('columnLabels', () => {
  it('names blank columns and tells repeated names apart', () => {
    expect(columnLabels(['Phone', '', 'Phone', ' Name '])).toEqual(['Phone', 'column 2', 'Phone (2)', 'Name']);
    expect(columnLabels(['Phone', 'Phone', 'Phone (2)', 'Phone'])).toEqual(['Phone', 'Phone (2)', 'Phone (2) (2)', 'Phone (3)']);
  });
});
