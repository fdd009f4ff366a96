import { formatCsvRow, neutraliseCsvCell } from './csv-cell';

describe('neutraliseCsvCell', () => {
  it.each(['=SUM(A1:A2)', '+81 90 1234 5678', '-2+3', '@cmd', '\tx', '\rx'])(
    'turns %j into text a spreadsheet will not evaluate',
    (cell) => {
      expect(neutraliseCsvCell(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['', 'Tanaka', '090-1234-5678', ' =x', '山田'])('leaves %j as it is', (cell) => {
    expect(neutraliseCsvCell(cell)).toBe(cell);
  });
});

describe('formatCsvRow', () => {
  it('quotes delimiters, quotes and newlines, and neutralises formulas', () => {
    expect(formatCsvRow(['a,b', 'say "hi"', 'line\nbreak', '=1+1', 7, null])).toBe(
      '"a,b","say ""hi""","line\nbreak",\'=1+1,7,\r\n',
    );
  });

  it('quotes a neutralised cell that starts with a carriage return', () => {
    expect(formatCsvRow(['\rx'])).toBe(`"'\rx"\r\n`);
  });
});
