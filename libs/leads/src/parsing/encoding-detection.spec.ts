import { encode } from 'iconv-lite';
import { detectEncoding, givenEncoding, notACsv } from './encoding-detection';

const JAPANESE = '氏名,電話番号,住所\n山田太郎,090-1234-5678,東京都千代田区\nｻﾄｳ ﾊﾅｺ,03-1234-5678,大阪府\n';

describe('detectEncoding', () => {
  it('reads byte-order marks', () => {
    expect(detectEncoding(Buffer.from('\ufeffphone\n1\n'), true)).toEqual({ encoding: 'utf-8', source: 'bom' });
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('phone\n', 'utf16le')]), true)).toEqual({
      encoding: 'utf-16le',
      source: 'bom',
    });
  });

  it('reads UTF-16BE, with its BOM or without', () => {
    const text = 'name,phone\nAnn,+1 212 555 0101\n';
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(detectEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), true)).toEqual({ encoding: 'utf-16be', source: 'bom' });
    expect(detectEncoding(be, true)).toEqual({ encoding: 'utf-16be', source: 'detected' });
  });

  it('recognises UTF-16LE without its BOM', () => {
    expect(detectEncoding(Buffer.from('phone,name\n2125550100,Ann\n', 'utf16le'), true).encoding).toBe('utf-16le');
  });

  it('takes valid UTF-8 (and plain ASCII) as UTF-8', () => {
    expect(detectEncoding(Buffer.from(JAPANESE), true).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from('phone\n2125550100\n'), true).encoding).toBe('utf-8');
  });

  it('forgives a character cut in half at the end of a sample, not of a whole file', () => {
    const cut = Buffer.from('名前\n山田').subarray(0, -1);
    expect(detectEncoding(cut, false).encoding).toBe('utf-8');
    expect(() => detectEncoding(Buffer.concat([cut, Buffer.from('\n')]), true)).toThrow();
  });

  it('recognises Shift_JIS from Japanese Excel, half-width katakana included', () => {
    expect(detectEncoding(encode(JAPANESE, 'cp932'), true)).toEqual({ encoding: 'shift_jis', source: 'detected' });
    expect(detectEncoding(encode('名前,電話\n田中,0312345678\n', 'cp932'), true).encoding).toBe('shift_jis');
  });

  it('recognises Shift_JIS holding only half-width katakana (single bytes 0xA1–0xDF, no two-byte character)', () => {
    const file = encode('tel,name\n0311112224,ｱｲｳ\n', 'cp932');
    expect(file.subarray(file.length - 4)).toEqual(Buffer.from([0xb1, 0xb2, 0xb3, 0x0a]));
    expect(detectEncoding(file, true)).toEqual({ encoding: 'shift_jis', source: 'detected' });
    expect(detectEncoding(encode('tel,name\r\n0312345678,ﾔﾏﾀﾞ ﾀﾛｳ\r\n0312345679,ｽｽﾞｷ ｲﾁﾛｳ\r\n', 'cp932'), false).encoding).toBe('shift_jis');
  });

  it.each([
    ['capitals between letters', 'name,phone\nMÜLLER,+49 30 1234567\nSTRAßE,+49 30 7654321\n'],
    ['ordinals after digits', 'name,phone,floor\nGarcia,+34 912 345 678,2º\nLopez,+34 912 345 679,3ª\n'],
    ['signs beside digits and spaces', 'name,phone,note\nSmith,+44 20 7946 0000,£120\nJones,+44 20 7946 0001,-4° « ½ »\n'],
    ['capitals opening fields', 'first,last,phone\nÉmile,Dupont,+33 1 23 45 67 89\nÉlodie,Durand,+33 1 23 45 67 90\nÈve,Martin,+33 1 23 45 67 91\n'],
  ])('does not take Latin-1 (%s: bytes of half-width kana too) for katakana', (_, text) => {
    // Refused, saying what to do (which encoding, or where the byte is), never read as kana.
    expect(() => detectEncoding(encode(text, 'latin1'), true)).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^(UNSUPPORTED_ENCODING|INVALID_CHARACTERS)$/) }),
    );
  });

  it('reads Shift_JIS with one bad byte as Shift_JIS (the row is rejected later), never as "Shift_JIS is not supported"', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `山田${i},03-1234-${String(i).padStart(4, '0')},東京`).join('\n');
    const good = encode(`氏名,電話番号,住所\n${rows}\n`, 'cp932');
    const at = good.indexOf(Buffer.from([0x8e, 0x52])); // 山: its trail byte replaced by one no Shift_JIS pair has
    const damaged = Buffer.concat([good.subarray(0, at + 1), Buffer.from([0xff]), good.subarray(at + 2)]);
    expect(detectEncoding(damaged, true)).toEqual({ encoding: 'shift_jis', source: 'detected' });
  });

  it.each([
    ['EUC-JP', encode(JAPANESE, 'eucjp')],
    ['Latin-1', encode('name,phone\nJosé Müller,+49 30 1234567\nFrançois,+33 1 23 45 67 89\n', 'latin1')],
    ['UTF-32', Buffer.from([0xff, 0xfe, 0, 0, 0x70, 0, 0, 0])],
  ])('refuses %s, naming what it looks like', (_name, bytes) => {
    expect(() => detectEncoding(bytes, true)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING', kind: 'unprocessable' }));
  });

  it('says, when it cannot tell the encoding, to choose Shift_JIS in the upload if that is what the file is, or to re-save it as UTF-8', () => {
    const latin1 = encode('name,phone\nJosé Müller,+49 30 1234567\n', 'latin1');
    expect(() => detectEncoding(latin1, true)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_ENCODING',
        message:
          'The file\'s encoding was not recognised (it looks like "ISO-8859-1", which is not supported): if it is Shift_JIS (Japanese Excel), ' +
          'choose Shift_JIS as its encoding in the upload (encoding: shift_jis); otherwise re-save it as UTF-8. Supported: utf-8, utf-16le, utf-16be, shift_jis',
        details: { encoding: 'ISO-8859-1', supported: ['utf-8', 'utf-16le', 'utf-16be', 'shift_jis'] },
      }),
    );
  });

  it('refuses UTF-8 with one bad byte naming the byte, its line and offset, not as an unsupported encoding', () => {
    const head = Buffer.from('name,phone,city\r\nJosé,+1 212 555 0101,NYC\nAnn,+1 212 555 0102,');
    const bytes = Buffer.concat([head, Buffer.from([0xff]), Buffer.from('NYC\nZoë,+1 212 555 0103,NYC\n')]);
    expect(() => detectEncoding(bytes, true)).toThrow(
      expect.objectContaining({
        code: 'INVALID_CHARACTERS',
        kind: 'unprocessable',
        message: `The file is UTF-8 but byte 0xFF on line 3 (byte offset ${head.length}) is not valid UTF-8: fix or remove it, or re-save the file as UTF-8`,
        details: { encoding: 'utf-8', byte: '0xFF', line: 3, offset: head.length },
      }),
    );
    // ASCII but for one stray byte: the same, on a line ending in CR.
    expect(() => detectEncoding(Buffer.from([0x61, 0x0d, 0x62, 0xc3, 0x28]), true)).toThrow(/byte 0xC3 on line 2 \(byte offset 3\)/);
  });

  it('refuses binary files, naming the common mistakes', () => {
    expect(() => detectEncoding(Buffer.from('PK\u0003\u0004xl/workbook.xml'), true)).toThrow(/Excel workbook \(\.xlsx\): save it as CSV/);
    expect(() => detectEncoding(Buffer.from('%PDF-1.7\n'), true)).toThrow(/PDF/);
    expect(notACsv(Buffer.from([0x41, 0x00, 0x42, 0x00, 0x00, 0x43, 0x00, 0x44, 0x00, 0x45]))).toMatchObject({ code: 'NOT_A_CSV' });
    expect(notACsv(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 50 === 0 ? 0 : 0x41))))).toMatchObject({ code: 'NOT_A_CSV' });
    expect(notACsv(Buffer.from('phone\tname\r\n1\tA\r\n'))).toBeUndefined();
  });

  it('reads text with a stray NUL in one cell as text (the row holding it is rejected later), not as a binary file', () => {
    expect(notACsv(Buffer.from('phone,name\n2125550101,A\u0000B\n2125550102,Bob\n'))).toBeUndefined();
    expect(detectEncoding(Buffer.from('phone,name\n2125550101,A\u0000B\n'), true)).toEqual({ encoding: 'utf-8', source: 'detected' });
    expect(givenEncoding('utf-8', Buffer.from('phone,name\n2125550101,A\u0000B\n'), true)).toEqual({ encoding: 'utf-8', source: 'given' });
    const japanese = encode(`${JAPANESE}山田,03-1234-5678,\u0000\n`, 'cp932');
    expect(detectEncoding(japanese, true)).toEqual({ encoding: 'shift_jis', source: 'detected' });
  });
});

describe('givenEncoding', () => {
  it('accepts the usual names of the supported encodings', () => {
    expect(givenEncoding('CP932', encode(JAPANESE, 'cp932'), true).encoding).toBe('shift_jis');
    expect(givenEncoding('Windows-31J', encode(JAPANESE, 'cp932'), true).encoding).toBe('shift_jis');
    expect(givenEncoding('UTF8', Buffer.from('a'), true)).toEqual({ encoding: 'utf-8', source: 'given' });
  });

  it('refuses an unknown encoding, and UTF-8 that is not', () => {
    expect(() => givenEncoding('ebcdic', Buffer.from('a'), true)).toThrow(/"ebcdic" is not supported/);
    expect(() => givenEncoding('utf-8', encode(JAPANESE, 'cp932'), true)).toThrow(
      expect.objectContaining({ code: 'ENCODING_MISMATCH', message: expect.stringMatching(/byte 0x[0-9A-F]{2} at byte offset 0 is not valid UTF-8/) }),
    );
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses %s as an encoding name, never taking an Object.prototype member for one', (name) => {
    expect(() => givenEncoding(name, Buffer.from('phone\n2125550100\n'), true)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ENCODING', message: expect.stringContaining(`"${name}" is not supported`) }),
    );
  });
});
