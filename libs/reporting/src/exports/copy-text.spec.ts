import fc from 'fast-check';
import { CopyTextLines, parseCopyTextLine } from './copy-text';

/** What COPY … TO STDOUT (text format) writes for one cell. */
function copyEscape(cell: string | null): string {
  if (cell === null) return '\\N';
  return cell.replace(/[\\\t\n\r\b\f\v]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v' })[c]!);
}

describe('parseCopyTextLine', () => {
  it('reads nulls, empty strings and escapes', () => {
    expect(parseCopyTextLine('a\t\\N\t\tx\\ty\\\\z\\nw')).toEqual(['a', null, '', 'x\ty\\z\nw']);
  });

  it('reads back any row COPY writes', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: 'grapheme' })), { minLength: 1, maxLength: 8 }), (cells) => {
        expect(parseCopyTextLine(cells.map(copyEscape).join('\t'))).toEqual(cells);
      }),
    );
  });
});

describe('CopyTextLines', () => {
  it('cuts lines across chunk boundaries, even inside a multi-byte character', () => {
    const bytes = Buffer.from('山田\t1\n花子\t\\N\n', 'utf8');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const splitter = new CopyTextLines();
        const lines: string[] = [];
        let from = 0;
        for (const to of [...points, bytes.length]) {
          lines.push(...splitter.push(bytes.subarray(from, to)));
          from = to;
        }
        lines.push(...splitter.end());
        expect(lines).toEqual(['山田\t1', '花子\t\\N']);
      }),
    );
  });
});
