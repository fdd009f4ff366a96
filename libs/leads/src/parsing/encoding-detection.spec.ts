import { encode } from 'iconv-lite';
import { detectEncoding, detectEncodingAfterAscii, givenEncoding, notACsv } from './encoding-detection';

/** What the import's reader asks once a start of plain ASCII ends: the bytes from the first that is not ASCII, and the one before. */
const afterAscii = (file: Buffer, complete = true) => {
  const at = file.findIndex((byte) => byte >= 0x80);
  return detectEncodingAfterAscii(file.subarray(at), complete, file[at - 1]);
};

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
    // Kana runs of even length only are EUC-JP's structure too (ﾔﾏﾀﾞ: 0xD4 0xCF 0xC0 0xDE): the voiced marks tell them (QA4 F3).
    expect(detectEncoding(encode('tel,name\n0312345678,ﾔﾏﾀﾞ\n0312345679,ﾊﾟﾊﾟ\n', 'cp932'), true).encoding).toBe('shift_jis');
  });

  it.each([
    ['capitals between letters', 'name,phone\nMÜLLER,+49 30 1234567\nSTRAßE,+49 30 7654321\n'],
    ['ordinals after digits', 'name,phone,floor\nGarcia,+34 912 345 678,2º\nLopez,+34 912 345 679,3ª\n'],
    ['signs beside digits and spaces', 'name,phone,note\nSmith,+44 20 7946 0000,£120\nJones,+44 20 7946 0001,-4° « ½ »\n'],
    ['capitals opening fields', 'first,last,phone\nÉmile,Dupont,+33 1 23 45 67 89\nÉlodie,Durand,+33 1 23 45 67 90\nÈve,Martin,+33 1 23 45 67 91\n'],
  ])('does not take Latin-1 (%s: bytes of half-width kana too) for katakana', (_, text) => {
    // Read as what it is, never as kana.
    expect(detectEncoding(encode(text, 'latin1'), true)).toEqual({ encoding: 'windows-1252', source: 'detected' });
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
    ['UTF-32', Buffer.from([0xff, 0xfe, 0, 0, 0x70, 0, 0, 0])],
  ])('refuses %s, naming what it looks like', (_name, bytes) => {
    expect(() => detectEncoding(bytes, true)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING', kind: 'unprocessable' }));
  });

  it('says, when it cannot tell the encoding, to choose Shift_JIS in the upload if that is what the file is, or to re-save it as UTF-8', () => {
    expect(() => detectEncoding(encode('имя,телефон\nИван,+79161234567\n', 'koi8-r'), true)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_ENCODING',
        message:
          'The file\'s encoding was not recognised (it looks like "KOI8-R", which is not supported): if it is Shift_JIS (Japanese Excel), ' +
          'choose Shift_JIS as its encoding in the upload (encoding: shift_jis); otherwise re-save it as UTF-8. Supported: utf-8, utf-16le, utf-16be, shift_jis, windows-1252',
        details: { encoding: 'KOI8-R', supported: ['utf-8', 'utf-16le', 'utf-16be', 'shift_jis', 'windows-1252'] },
      }),
    );
  });

  it.each([
    ['an apostrophe (O’Brien)', 'name,phone\nO\u2019Brien,+12025550101\nSmith,+12025550102\n'],
    ['curly quotes (“Bob” Smith)', 'name,phone\n\u201cBob\u201d Smith,+12025550101\n'],
    ['a dash (call—later)', 'name,phone,note\nAnn,+12025550101,call\u2014later\n'],
    ['a possessive (Ann’s) and a bullet', 'name,phone,note\nAnn,+12025550101,Ann\u2019s \u2022 friend\n'],
    ['apostrophes and a small letter (D’Arcy, Müller)', 'name,phone\nD\u2019Arcy,+12025550101\nM\u00fcller,+12025550102\nO\u2019Neil,+12025550103\n'],
  ])('reads Windows-1252 with %s as windows-1252, not as the CP932 "kanji" its byte and the next letter make (QA4 F1)', (_, text) => {
    const file = encode(text, 'windows-1252');
    expect(detectEncoding(file, true)).toEqual({ encoding: 'windows-1252', source: 'detected' });
    expect(afterAscii(file)).toBe('windows-1252');
  });

  it('still reads as Shift_JIS kanji whose trail bytes are ASCII letters, in runs or alone in a field, CP932 extras and kana included', () => {
    // 山 0x8E 0x52, 田 0x93 0x63, 達 0x92 0x42: trail bytes R, c, B.
    for (const text of ['名前,電話\n山田,0312345678\n', '名前,電話\n山,0312345678\n達,0312345679\n', '氏名,電話番号\n髙橋 ①,03-1234-5678\nﾀﾅｶ,03-1234-5679\n', `${JAPANESE}O'Brien 山田,03-1111-2222\n`]) {
      expect(detectEncoding(encode(text, 'cp932'), true)).toEqual({ encoding: 'shift_jis', source: 'detected' });
    }
  });

  it.each([
    ['an accented letter ending a word (José)', 'name,phone\nJos\u00e9,+12025550101\n'],
    ['a small letter inside a word (Müller)', 'name,phone\nM\u00fcller,+12025550101\n'],
    ['a euro sign (€50)', 'name,phone,note\nAnn,+12025550104,\u20ac50\n'],
  ])('reads Windows-1252 with a single non-ASCII byte, %s, as windows-1252, not as damaged UTF-8 (QA4 F2)', (_, text) => {
    const file = encode(text, 'windows-1252');
    expect(detectEncoding(file, true)).toEqual({ encoding: 'windows-1252', source: 'detected' });
    expect(afterAscii(file)).toBe('windows-1252');
  });

  it('says, refusing text with one odd byte and no UTF-8 character as damaged UTF-8, that naming Windows-1252 imports it (QA4 F2)', () => {
    expect(() => detectEncoding(Buffer.from('name,phone\nJOS\xc9,+12025550101\n', 'latin1'), true)).toThrow(
      expect.objectContaining({
        code: 'INVALID_CHARACTERS',
        message: expect.stringMatching(/byte 0xC9 on line 2 .* if the file is Windows-1252 .*choose Windows-1252 as its encoding in the upload \(encoding: windows-1252\)/),
      }),
    );
  });

  it.each([
    ['names only in kanji (山田太郎: every byte 0xA1–0xDF, half-width kana to CP932)', 'name,phone\n山田太郎,09011112222\n佐藤花子,09011112223\n'],
    ['kanji, kana and half-width kana', JAPANESE],
    ['hiragana', 'なまえ,でんわ\nやまだ たろう,09011112222\n'],
  ])('refuses EUC-JP holding %s as EUC-JP (UNSUPPORTED_ENCODING), never reading it as Shift_JIS (QA4 F3)', (_, text) => {
    const file = encode(text, 'eucjp');
    expect(() => detectEncoding(file, true)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED_ENCODING',
        message: expect.stringMatching(/^The file looks like EUC-JP, which is not supported: if it is in fact Shift_JIS .*choose Shift_JIS as its encoding in the upload.*re-save it as UTF-8/),
        details: expect.objectContaining({ encoding: 'EUC-JP' }),
      }),
    );
    expect(afterAscii(file)).toBeUndefined();
    expect(afterAscii(Buffer.concat([file, file, file]), false)).toBeUndefined();
  });

  it('reads Latin-1 and Windows-1252 (Excel\'s "CSV (Comma delimited)" in English and Western Europe) as windows-1252 (QA1 finding 6)', () => {
    const latin1 = encode('name,phone\nJosé Müller,+49 30 1234567\nFrançois,+33 1 23 45 67 89\n', 'latin1');
    expect(detectEncoding(latin1, true)).toEqual({ encoding: 'windows-1252', source: 'detected' });
    const rows = Array.from({ length: 20 }, (_, i) => `José ${i},+1 212 555 ${String(i).padStart(4, '0')},Crème brûlée – 5 €`).join('\r\n');
    expect(detectEncoding(encode(`name,phone,note\r\n${rows}\r\n`, 'windows-1252'), false)).toEqual({ encoding: 'windows-1252', source: 'detected' });
  });

  it('never reads as windows-1252 bytes it has no character for (Shift_JIS chardet takes for it): refused, saying what it looks like', () => {
    const file = Buffer.concat([encode('電話番号,氏名\r\n', 'cp932'), Buffer.from('0312345678,\x81\xff\x82\r\n09012345678,\xe0\x40\r\n', 'latin1')]);
    expect(() => detectEncoding(file, true)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ENCODING', message: expect.stringMatching(/looks like "windows-1252", but holds bytes that encoding has no character for.*choose Shift_JIS/) }),
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

describe('detectEncoding of a partial sample of plain ASCII', () => {
  it('leaves the encoding undecided: the bytes after the sample may be Shift_JIS or Windows-1252 (QA1 finding 2)', () => {
    expect(detectEncoding(Buffer.from('name,phone\nTaro 1,03-1234-5678\n'), false)).toEqual({ encoding: 'utf-8', source: 'ascii' });
    // A whole file of ASCII is decided: nothing follows.
    expect(detectEncoding(Buffer.from('name,phone\nTaro 1,03-1234-5678\n'), true)).toEqual({ encoding: 'utf-8', source: 'detected' });
  });
});

describe('detectEncodingAfterAscii', () => {
  const rows = Array.from({ length: 50 }, (_, i) => `山田 花子${i},06-1234-${String(i).padStart(4, '0')}`).join('\r\n');

  it('tells the encoding of the bytes from the first that is not ASCII by the rules a sample is told by', () => {
    expect(detectEncodingAfterAscii(encode(rows, 'cp932'), false)).toBe('shift_jis');
    expect(detectEncodingAfterAscii(Buffer.from(rows), false)).toBe('utf-8');
    expect(detectEncodingAfterAscii(encode('é Müller,+49 30 1234567\nFrançois,+33 1 23 45 67 89\n', 'latin1'), true)).toBe('windows-1252');
    // UTF-8 with a bad byte among good characters is UTF-8: the row holding it is rejected.
    expect(detectEncodingAfterAscii(Buffer.concat([Buffer.from('é,1\n'), Buffer.from([0xff]), Buffer.from(',2\nü,3\n')]), true)).toBe('utf-8');
  });

  it('cannot tell bytes no supported encoding fits, nor one odd byte among ASCII', () => {
    expect(detectEncodingAfterAscii(encode(`${JAPANESE}${JAPANESE}`, 'eucjp'), true)).toBeUndefined();
    expect(detectEncodingAfterAscii(encode('김철수 서울특별시,02-1234-5678\r\n'.repeat(50), 'euc-kr'), true)).toBeUndefined();
    expect(detectEncodingAfterAscii(Buffer.from([0xe9, 0x0a, 0x61, 0x62, 0x0a]), true)).toBeUndefined();
  });
});

describe('givenEncoding', () => {
  it('accepts the usual names of the supported encodings', () => {
    expect(givenEncoding('CP932', encode(JAPANESE, 'cp932'), true).encoding).toBe('shift_jis');
    expect(givenEncoding('Windows-31J', encode(JAPANESE, 'cp932'), true).encoding).toBe('shift_jis');
    expect(givenEncoding('UTF8', Buffer.from('a'), true)).toEqual({ encoding: 'utf-8', source: 'given' });
  });

  it.each(['windows-1252', 'CP1252', 'ISO-8859-1', 'latin1'])('accepts %s as windows-1252 (QA1 finding 6)', (name) => {
    expect(givenEncoding(name, encode('name,phone\nJosé,+1 212 555 0101\n', 'latin1'), true)).toEqual({ encoding: 'windows-1252', source: 'given' });
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
