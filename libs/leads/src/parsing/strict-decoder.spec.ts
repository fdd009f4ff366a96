import { encode } from 'iconv-lite';
import { Readable } from 'node:stream';
import { decodeStrict, INVALID_BYTES, LONE_SURROGATE, StrictDecoder, withReplacementCharacters } from './strict-decoder';

/** Streams `bytes` through the decoder in chunks of `size` bytes. */
async function streamed(bytes: Buffer, encoding: Parameters<typeof decodeStrict>[1], size: number, decoder = new StrictDecoder(encoding)): Promise<string> {
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  let text = '';
  for await (const chunk of Readable.from(chunks).pipe(decoder)) text += chunk as string;
  return text;
}

describe('strict decoding', () => {
  const japanese = '氏名,電話番号\n山田太郎,090-1234-5678\nｻﾄｳ,😀\n';

  it.each([
    ['utf-8', Buffer.from(japanese)],
    ['utf-16le', Buffer.from(japanese, 'utf16le')],
    ['utf-16be', Buffer.from(japanese, 'utf16le').swap16()],
  ] as const)('decodes valid %s the same whatever the chunk boundaries', async (encoding, bytes) => {
    for (const size of [1, 2, 3, 5, 64 * 1024]) expect(await streamed(bytes, encoding, size)).toBe(japanese);
  });

  it('decodes valid Shift_JIS (CP932) across chunk boundaries', async () => {
    const text = japanese.replace('😀', '～');
    for (const size of [1, 3, 64 * 1024]) expect(await streamed(encode(text, 'cp932'), 'shift_jis', size)).toBe(text);
  });

  it('drops a leading byte-order mark', async () => {
    expect(await streamed(Buffer.from('\ufeffphone\n'), 'utf-8', 1)).toBe('phone\n');
    expect(decodeStrict(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('phone', 'utf16le')]), 'utf-16le')).toBe('phone');
    expect(decodeStrict(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('phone', 'utf16le').swap16()]), 'utf-16be')).toBe('phone');
  });

  it('marks invalid UTF-8, but keeps a literal U+FFFD as text', async () => {
    const bytes = Buffer.concat([Buffer.from('a,caf'), Buffer.from([0xe9]), Buffer.from(',\ufffd,'), Buffer.from([0xe3, 0x81]), Buffer.from('\n')]);
    for (const size of [1, 2, 64]) {
      const text = await streamed(bytes, 'utf-8', size);
      expect(text.startsWith(`a,caf${INVALID_BYTES},\ufffd,`)).toBe(true);
      expect(LONE_SURROGATE.test(text)).toBe(true);
      expect(withReplacementCharacters(text)).toMatch(/^a,caf\ufffd,\ufffd,\ufffd+\n$/);
    }
  });

  it('marks a character cut by the end of the file', () => {
    expect(decodeStrict(Buffer.from([0x61, 0xe3, 0x81]), 'utf-8')).toBe(`a${INVALID_BYTES}`);
    expect(decodeStrict(Buffer.from([0x61, 0xe3, 0x81]), 'utf-8', false)).toBe('a'); // a sample: the rest follows
    expect(decodeStrict(Buffer.from([0x61, 0x00, 0x62]), 'utf-16le')).toBe(`a${INVALID_BYTES}`);
  });

  it('marks Shift_JIS bytes with no character (CP932 has no U+FFFD of its own)', async () => {
    const bytes = Buffer.concat([encode('名前,', 'cp932'), Buffer.from([0x85, 0x40]), Buffer.from(',x\n')]);
    const text = await streamed(bytes, 'shift_jis', 1);
    expect(text.startsWith(`名前,${INVALID_BYTES}`)).toBe(true);
    expect(text.endsWith(',x\n')).toBe(true);
  });

  it('decodes Windows-1252, marking the five bytes it has no character for (QA1 finding 6)', async () => {
    expect(decodeStrict(Buffer.from([0x80, 0x20, 0x93, 0x41, 0x94, 0x2c, 0xe9, 0xff]), 'windows-1252')).toBe('€ “A”,éÿ');
    for (const byte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) expect(decodeStrict(Buffer.from([0x61, byte]), 'windows-1252')).toBe(`a${INVALID_BYTES}`);
    expect(await streamed(encode('José,Crème brûlée\n', 'windows-1252'), 'windows-1252', 1)).toBe('José,Crème brûlée\n');
  });
});

describe('strict decoding of a file whose sample was plain ASCII (QA1 finding 2)', () => {
  const ascii = Array.from({ length: 12_000 }, (_, i) => `Taro ${i},03-1234-${String(i % 10_000).padStart(4, '0')}\r\n`).join('');
  const japanese = Array.from({ length: 500 }, (_, i) => `山田 花子${i},06-1234-${String(i).padStart(4, '0')}\r\n`).join('');
  const detecting = () => new StrictDecoder('utf-8', { detectAfterAscii: true });

  it('tells the encoding at the first byte that is not ASCII, from the bytes that follow, whatever the chunk boundaries', async () => {
    const bytes = encode(ascii + japanese, 'cp932');
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    for (const size of [7, 1000, 64 * 1024]) {
      const decoder = detecting();
      expect(await streamed(bytes, 'utf-8', size, decoder)).toBe(ascii + japanese);
      expect(decoder.decodedAs).toEqual({ encoding: 'shift_jis', guessed: false });
    }
    const utf8 = detecting();
    expect(await streamed(Buffer.from(ascii + japanese), 'utf-8', 64 * 1024, utf8)).toBe(ascii + japanese);
    expect(utf8.decodedAs).toEqual({ encoding: 'utf-8', guessed: false });
  });

  it('reads as UTF-8, saying it guessed, bytes that match no encoding (EUC-KR): invalid bytes stay marked', async () => {
    const korean = Array.from({ length: 500 }, (_, i) => `김철수 서울특별시${i},02-1234-${String(i).padStart(4, '0')}\r\n`).join('');
    const decoder = detecting();
    const text = await streamed(encode(ascii + korean, 'euc-kr'), 'utf-8', 64 * 1024, decoder);
    expect(text.startsWith(ascii)).toBe(true);
    expect(LONE_SURROGATE.test(text)).toBe(true);
    expect(decoder.decodedAs).toEqual({ encoding: 'utf-8', guessed: true });
  });

  it('reads Windows-1252 apostrophes and letters inside words (O’Brien, José) as windows-1252, the letter before them in an earlier chunk or not (QA4 F1, F2)', async () => {
    for (const rows of ['O\u2019Brien,+12025550101\r\nD\u2019Arcy,+12025550102\r\n', 'Jos\u00e9,+12025550105\r\n']) {
      const bytes = encode(ascii + rows, 'windows-1252');
      const at = bytes.findIndex((byte) => byte >= 0x80);
      // Chunks of `at` bytes: the first non-ASCII byte opens a chunk, the letter before it ends the one before.
      for (const size of [at, 64 * 1024]) {
        const decoder = detecting();
        expect(await streamed(bytes, 'utf-8', size, decoder)).toBe(ascii + rows);
        expect(decoder.decodedAs).toEqual({ encoding: 'windows-1252', guessed: false });
      }
    }
  });

  it('reads EUC-JP as UTF-8, saying it guessed (its rows rejected), not as Shift_JIS half-width katakana (QA4 F3)', async () => {
    const decoder = detecting();
    const text = await streamed(encode(`${ascii}山田太郎,09011112222\r\n佐藤花子,09011112223\r\n`, 'eucjp'), 'utf-8', 64 * 1024, decoder);
    expect(LONE_SURROGATE.test(text)).toBe(true);
    expect(decoder.decodedAs).toEqual({ encoding: 'utf-8', guessed: true });
  });

  it('reads a file of nothing but ASCII as it is', async () => {
    const decoder = detecting();
    expect(await streamed(Buffer.from(ascii), 'utf-8', 64 * 1024, decoder)).toBe(ascii);
    expect(decoder.decodedAs).toEqual({ encoding: 'utf-8', guessed: false });
  });
});
