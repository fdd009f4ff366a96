import fc from 'fast-check';
import { cutMarker, XLSX_CELL_MAX, xlsxText } from './xlsx-text';

/** How Excel reads a string of the file: each `_xHHHH_` is the character U+HHHH. */
const asExcelReadsIt = (text: string) => text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('xlsxText', () => {
  it('escapes the underscore of text that looks like an escape, so Excel shows it as written', () => {
    expect(xlsxText('_x0041_')).toEqual({ text: '_x005F_x0041_', cutFrom: null });
    expect(xlsxText('a_x00e9_b _x005F_')).toEqual({ text: 'a_x005F_x00e9_b _x005F_x005F_', cutFrom: null });
    expect(xlsxText('_x41_ and _xZZZZ_ and _x0041')).toEqual({ text: '_x41_ and _xZZZZ_ and _x0041', cutFrom: null });
  });

  it('writes what XML cannot hold (controls, U+FFFE/U+FFFF) and the carriage return as escapes, keeping tab and line feed', () => {
    expect(xlsxText('a\u0001b\u0008c')).toEqual({ text: 'a_x0001_b_x0008_c', cutFrom: null });
    expect(xlsxText('note \uFFFE end\uFFFF')).toEqual({ text: 'note _xFFFE_ end_xFFFF_', cutFrom: null });
    expect(xlsxText('line 1\r\nline 2\tend')).toEqual({ text: 'line 1_x000D_\nline 2\tend', cutFrom: null });
  });

  it('reads back as the text it was, whatever the text (when within the limit)', () => {
    const pieces = fc.constantFrom('_', 'x', '0', '4', '1', 'F', 'f', 'a', '_x', '_x0041_', '\u0001', '\r', '\t', '\n', '\uFFFE', '\uFFFF', '\u001F');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const value = parts.join('');
        expect(asExcelReadsIt(xlsxText(value).text)).toBe(value);
      }),
    );
  });

  it('cuts text longer than Excel holds to exactly the limit, ending with a marker that says so', () => {
    const long = 'あ'.repeat(40_000);
    const { text, cutFrom } = xlsxText(long);
    expect(cutFrom).toBe(40_000);
    expect(text).toHaveLength(XLSX_CELL_MAX);
    expect(text.endsWith(cutMarker(40_000))).toBe(true);
    expect(xlsxText('a'.repeat(XLSX_CELL_MAX))).toEqual({ text: 'a'.repeat(XLSX_CELL_MAX), cutFrom: null });
  });

  it('never cuts between the halves of a character outside the BMP', () => {
    const marker = cutMarker(40_000);
    const value = 'a'.repeat(XLSX_CELL_MAX - marker.length - 1) + '😀'.repeat(10_000);
    const { text } = xlsxText(value.slice(0, 40_000));
    expect(text).toHaveLength(XLSX_CELL_MAX - 1);
    expect(text.slice(0, -marker.length).endsWith('a')).toBe(true);
  });

  it('counts the limit in the characters Excel shows, not the escape’s', () => {
    const value = '_x0041_'.repeat(5_000);
    const { text, cutFrom } = xlsxText(value);
    expect(cutFrom).toBe(35_000);
    expect(asExcelReadsIt(text)).toHaveLength(XLSX_CELL_MAX);
  });
});
