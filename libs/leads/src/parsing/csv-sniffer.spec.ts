import { encode } from 'iconv-lite';
import { columnLabels, detectDelimiter, MAX_COLUMNS, sniffCsv } from './csv-sniffer';

const sniff = (text: string | Buffer, complete = true) => sniffCsv(Buffer.isBuffer(text) ? text : Buffer.from(text), complete);

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;"2,5";3\n', ';'],
    ['a\tb\n1\t2\n\n', '\t'],
    ['a|b\n1|2\n', '|'],
    ['phone\n2125550100\n', ','],
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
    expect(records).toEqual([
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
      { row: 1, cells: ['2125550100', '"open'], problem: { code: 'BROKEN_QUOTE', message: expect.stringMatching(/never closed/) } },
      { row: 2, cells: ['2125550101', 'x'] },
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^Row 1 is rejected: the quote that opens column 2 is broken/)]);
  });

  it('warns of quotes read leniently, and never says "never closed" of a quote that was closed', () => {
    const csv = 'name,phone,city\nAnn,+1 212 555 0501,NYC\n"Bob" Smith,+1 212 555 0502,NYC\n=HYPERLINK("x"),+1 212 555 0503,NYC\nCid,+1 212 555 0504,NYC\n';
    const { records, warnings } = sniff(csv);
    expect(records.map((r) => r.cells[0])).toEqual(['Ann', '"Bob" Smith', '=HYPERLINK("x")', 'Cid']);
    expect(warnings).toEqual([
      'Row 2: column 1 has text after its closing quote, read as written, quotes included',
      'Row 3: column 1 holds a quote inside an unquoted cell, read as text',
    ]);
    expect(warnings.join(' ')).not.toMatch(/never closed/);
  });

  it('previews a sample with mixed line endings, CR alone included, and cuts a partial one at its last line ending', () => {
    const { records } = sniff('phone,name\r\n2125550100,Ann\n2125550101,Bob\r2125550102,Cid\r2125550103,D', false);
    expect(records.map((r) => r.cells[1])).toEqual(['Ann', 'Bob', 'Cid']);
  });

  it('ignores the empty header cells Excel writes after the last column, unless a row fills them', () => {
    const wide = `phone,name${','.repeat(MAX_COLUMNS + 20)}\n2125550100,Ann${','.repeat(MAX_COLUMNS + 20)}\n`;
    expect(sniff(wide).layout).toMatchObject({ header: ['phone', 'name'], columns: ['phone', 'name'] });
    expect(sniff('phone,name,,\n2125550100,Ann,,\n2125550101,Bob,x,\n').layout.columns).toEqual(['phone', 'name', 'column 3']);
  });

  it('leaves out a record cut by the end of a partial sample', () => {
    const { records } = sniff('phone,name\n2125550100,Ann\n2125550101,Bo', false);
    expect(records).toHaveLength(1);
  });

  it('decodes Shift_JIS', () => {
    expect(sniff(encode('電話番号,氏名\n0312345678,山田\n', 'cp932')).layout).toMatchObject({ encoding: 'shift_jis', header: ['電話番号', '氏名'] });
  });

  it.each([
    ['', 'EMPTY_FILE'],
    ['\r\n\r\n', 'EMPTY_FILE'],
    ['phone,name\n', 'NO_ROWS'],
    [',\n', 'NO_ROWS'],
    [',,,\n,,,\n', 'NO_ROWS'],
    ['""\n""\n', 'NO_ROWS'],
    [`${Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(',')}\n`, 'TOO_MANY_COLUMNS'],
  ])('refuses %j with %s', (text, code) => {
    expect(() => sniff(text)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a sample that is one endless line', () => {
    expect(() => sniff('x'.repeat(1000), false)).toThrow(expect.objectContaining({ code: 'NOT_A_CSV' }));
  });
});

describe('columnLabels', () => {
  it('names blank columns and tells repeated names apart', () => {
    expect(columnLabels(['Phone', '', 'Phone', ' Name '])).toEqual(['Phone', 'column 2', 'Phone (2)', 'Name']);
  });
});
