import { analyse } from 'chardet';
import { isAscii } from 'node:buffer';
import { ImportFileError } from '../import.errors';

/**
 * What Excel and CRMs write: UTF-8 (with or without BOM), "Unicode text" (UTF-16LE), Japanese Excel (Shift_JIS/CP932),
 * UTF-16BE (macOS and Java tools write it, with its BOM): as unambiguous as UTF-16LE, so read, not refused, and
 * Windows-1252, what English and Western European Excel saves as "CSV (Comma delimited)" (ISO-8859-1 files are
 * read as it: the same letters, and it has characters where ISO-8859-1 has only C1 control codes).
 */
export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'shift_jis', 'windows-1252'] as const;
export type SupportedEncoding = (typeof SUPPORTED_ENCODINGS)[number];

/** Keyed by the uploader's text: a Map, so `__proto__` or `constructor` name no encoding (a plain object would hand back its prototype's members). */
const ALIASES = new Map<string, SupportedEncoding>(Object.entries({
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf-8-sig': 'utf-8', 'utf-8-bom': 'utf-8', ascii: 'utf-8', 'us-ascii': 'utf-8',
  'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16': 'utf-16le', 'ucs-2': 'utf-16le', unicode: 'utf-16le',
  'utf-16be': 'utf-16be', utf16be: 'utf-16be', 'unicodefffe': 'utf-16be',
  shift_jis: 'shift_jis', 'shift-jis': 'shift_jis', sjis: 'shift_jis', cp932: 'shift_jis', ms932: 'shift_jis',
  'windows-31j': 'shift_jis', 'x-sjis': 'shift_jis',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', 'x-cp1252': 'windows-1252', 'iso-8859-1': 'windows-1252',
  iso88591: 'windows-1252', 'iso8859-1': 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252',
} satisfies Record<string, SupportedEncoding>) as [string, SupportedEncoding][]); // prettier-ignore

/** iconv-lite's name: Shift_JIS files from Windows are CP932, its superset (NEC and IBM extensions, ～ and －). */
export const ICONV_NAME: Record<SupportedEncoding, string> = {
  'utf-8': 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  shift_jis: 'cp932',
  'windows-1252': 'cp1252',
};

export function encodingFromName(name: string): SupportedEncoding | undefined {
  return ALIASES.get(name.trim().toLowerCase());
}

const SUPPORTED_LIST = SUPPORTED_ENCODINGS.join(', ');

/** How much of a file its encoding is told from: its first bytes, or those from where a start of plain ASCII ends. */
export const SAMPLE_BYTES = 256 * 1024;

/** An encoding we do not read: named by the uploader or a byte-order mark, or (`message`) guessed from the bytes. */
export function unsupportedEncoding(
  name: string,
  message = `The encoding ${JSON.stringify(name)} is not supported; use one of ${SUPPORTED_LIST} (or re-save the file as UTF-8)`,
): ImportFileError {
  return new ImportFileError('UNSUPPORTED_ENCODING', message, { encoding: name, supported: SUPPORTED_ENCODINGS });
}

/**
 * The bytes matched no encoding we read, and `guess` is chardet's: only a guess (a Shift_JIS
 * file can look like Latin-1 to it). Naming the encoding in the upload reads the file as it
 * is: re-saving it as UTF-8 is not the only way out.
 */
const undetectedEncoding = (guess: string): ImportFileError =>
  unsupportedEncoding(
    guess,
    `The file's encoding was not recognised (it looks like ${JSON.stringify(guess)}, ` +
      `${encodingFromName(guess) ? 'but holds bytes that encoding has no character for' : 'which is not supported'}): ` +
      `if it is Shift_JIS (Japanese Excel), choose Shift_JIS as its encoding in the upload (encoding: shift_jis); ` +
      `otherwise re-save it as UTF-8. Supported: ${SUPPORTED_LIST}`,
  );

/** EUC-JP (or EUC-KR, GB2312), told by its structure: refused by name, not read as the half-width katakana CP932 would make of it. */
type EucName = 'EUC-JP' | 'EUC-KR' | 'GB2312';
const eucEncoding = (name: EucName): ImportFileError =>
  unsupportedEncoding(
    name,
    `The file looks like ${name}, which is not supported: if it is in fact Shift_JIS (Japanese Excel), choose Shift_JIS as its encoding ` +
      `in the upload (encoding: shift_jis); otherwise re-save it as UTF-8 and upload it again. Supported: ${SUPPORTED_LIST}`,
  );

export interface DetectedEncoding {
  encoding: SupportedEncoding;
  /**
   * How we know: a byte-order mark, the bytes themselves, or the uploader said so. `ascii`: a
   * sample of plain ASCII, which every encoding we read but UTF-16 writes alike, so not known
   * yet: the import tells it where other bytes start (detectEncodingAfterAscii), reading UTF-8 until then.
   */
  source: 'bom' | 'detected' | 'given' | 'ascii';
}

const startsWith = (bytes: Buffer, ...prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

/**
 * Zero bytes in most odd positions and almost no even ones: mostly-ASCII text
 * in UTF-16LE without its BOM (zeroAt 0: the same in UTF-16BE).
 */
function looksLikeUtf16(sample: Buffer, zeroAt: 0 | 1): boolean {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 16) return false;
  let own = 0;
  let other = 0;
  for (let i = 0; i < n; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === zeroAt) own++;
    else other++;
  }
  return own >= n / 5 && other <= n / 200;
}

/** Strict UTF-8, forgiving a character cut in half at the end of a sample. */
function isUtf8(sample: Buffer, complete: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return true;
    } catch {
      // try without the last bytes: the sample may end inside a character
    }
  }
  return false;
}

const isHalfWidthKana = (byte: number) => byte >= 0xa1 && byte <= 0xdf;
const isKanaAt = (sample: Buffer, i: number) => i >= 0 && i < sample.length && isHalfWidthKana(sample[i]);

const isAsciiLetter = (byte: number | undefined) =>
  byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));

/**
 * Shift_JIS structure (lead byte 0x81–0x9F/0xE0–0xFC + trail 0x40–0x7E/0x80–0xFC,
 * or a single-byte half-width katakana), with most lead bytes in the kana and
 * common-kanji rows: Latin-1 accented letters (0xC0–0xFF) rarely pass both.
 * A file of half-width katakana alone (ｱｲｳ: no two-byte character) is Shift_JIS
 * when every byte reads cleanly and its kana come in runs, as words are
 * written: Latin-1's letters and signs in that range (MÜLLER, STRAßE, 2º,
 * £120, -4°, « », ½: 0xA1–0xDF are kana too) stand alone among ASCII.
 *
 * `windows-1252`: the bytes pass as Shift_JIS only by lone "two-byte characters" whose trail byte
 * is an ASCII letter, inside an ASCII word (O’Brien, “Bob”, call—later, Müller: Windows-1252's
 * ‘ ’ “ ” • – — are CP932 leads 0x91–0x97, and its letters 0xE0–0xFC leads too), at least as many
 * as the Japanese-looking ones (characters in runs, trail bytes 0x80 and up, kana in runs) (QA4 F1).
 */
function shiftJisVerdict(sample: Buffer, complete: boolean): 'shift_jis' | 'windows-1252' | undefined {
  let common = 0;
  let rare = 0;
  let bad = 0;
  let kana = 0;
  let alone = 0;
  let latin = 0;
  let japanese = 0;
  let afterJapanese = false; // the previous character was a two-byte one or a kana, not ASCII
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b < 0x80) {
      afterJapanese = false;
      continue;
    }
    if (isHalfWidthKana(b)) {
      kana++;
      if (!isKanaAt(sample, i - 1) && !isKanaAt(sample, i + 1)) alone++;
      else japanese++;
      afterJapanese = true;
      continue;
    }
    const lead = (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
    if (!lead) {
      bad++;
      afterJapanese = false;
      continue;
    }
    if (i + 1 >= sample.length) {
      if (complete) bad++;
      break;
    }
    const trail = sample[++i];
    if (trail < 0x40 || trail === 0x7f || trail > 0xfc) {
      bad++;
      afterJapanese = false;
      continue;
    }
    if (b <= 0x9f) common++;
    else rare++;
    const next = sample[i + 1];
    // A "character" alone among ASCII, its trail a letter and a letter beside it: a Windows-1252 sign or letter inside a word.
    if (!afterJapanese && isAsciiLetter(trail) && (next === undefined || next < 0x80) && (isAsciiLetter(sample[i - 2]) || isAsciiLetter(next))) latin++;
    else japanese++;
    afterJapanese = true;
  }
  if (latin > 0 && latin >= japanese) return 'windows-1252';
  if (common === 0) return rare === 0 && bad === 0 && kana > 0 && alone * 4 < kana ? 'shift_jis' : undefined;
  // A few bad pairs in otherwise Shift_JIS text are damage, not another encoding: the reader rejects
  // only the rows that hold them (INVALID_CHARACTERS), as it does for a damaged UTF-8 file.
  return common >= rare && bad <= Math.max(1, (common + rare) / 50) ? 'shift_jis' : undefined;
}

/**
 * Windows-1252 has no character for these bytes (ISO-8859-1 only C1 control codes, which no text holds); Shift_JIS
 * writes them at every turn (0x81 leads its punctuation): a file holding them is not Windows-1252, whatever chardet says.
 */
const NOT_WINDOWS_1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/** Files people upload by mistake, named so the message can say what to do instead. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Excel workbook (.xlsx): save it as CSV first' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls): save it as CSV first' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

/** Stray control characters a text file may hold (a NUL pasted into one cell, a cut export) and still be text. */
const STRAY_CONTROLS = 4;

/**
 * Control characters other than tab, newlines, form feed and Ctrl-Z do not
 * occur in text; a binary file (an image, an archive, a database) holds them,
 * NULs above all, throughout. A few in a text file are damage in a row or two,
 * not a binary file: the reader rejects the rows that hold them
 * (INVALID_CHARACTERS) and imports the rest. So it is their share that
 * tells, past a handful.
 */
function isBinary(sample: Buffer): boolean {
  let control = 0;
  for (const b of sample) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  return control > STRAY_CONTROLS && control > sample.length / 100;
}

export function notACsv(sample: Buffer): ImportFileError | undefined {
  const known = SIGNATURES.find((signature) => startsWith(sample, ...signature.bytes));
  if (known) return new ImportFileError('NOT_A_CSV', `This is not a CSV file but ${known.what}`);
  if (isBinary(sample)) return new ImportFileError('NOT_A_CSV', 'This is not a CSV file: it holds binary data');
  return undefined;
}

/**
 * The encoding of a file from its first bytes. `complete` says whether the
 * sample is the whole file (a character cut at its end is then an error).
 */
export function detectEncoding(sample: Buffer, complete: boolean): DetectedEncoding {
  if (startsWith(sample, 0xef, 0xbb, 0xbf)) return { encoding: 'utf-8', source: 'bom' };
  if (startsWith(sample, 0xff, 0xfe, 0, 0) || startsWith(sample, 0, 0, 0xfe, 0xff)) throw unsupportedEncoding('UTF-32');
  if (startsWith(sample, 0xff, 0xfe)) return { encoding: 'utf-16le', source: 'bom' };
  if (startsWith(sample, 0xfe, 0xff)) return { encoding: 'utf-16be', source: 'bom' };
  if (looksLikeUtf16(sample, 0)) return { encoding: 'utf-16be', source: 'detected' };
  if (looksLikeUtf16(sample, 1)) return { encoding: 'utf-16le', source: 'detected' };
  const binary = notACsv(sample);
  if (binary) throw binary;
  if (!complete && isAscii(sample)) return { encoding: 'utf-8', source: 'ascii' };
  const text = textEncodingOf(sample, complete);
  if ('encoding' in text) return { encoding: text.encoding, source: 'detected' };
  if ('damagedUtf8' in text) throw invalidUtf8(sample, text.damagedUtf8);
  if ('unsupported' in text) throw eucEncoding(text.unsupported);
  throw undetectedEncoding(text.guess);
}

const isEucByte = (byte: number | undefined) => byte !== undefined && byte >= 0xa1 && byte <= 0xfe;
/** JIS X 0208 rows text uses, as EUC-JP lead bytes: symbols, full-width letters, kana, Greek, Cyrillic, box drawing, NEC's ①, kanji. */
const isEucJpRow = (byte: number) => (byte >= 0xa1 && byte <= 0xa8) || byte === 0xad || (byte >= 0xb0 && byte <= 0xf4);

/**
 * EUC-JP (Unix and old web Japanese, which we do not read): every byte from 0x80 up in a two-byte JIS X 0208
 * character (0xA1–0xFE twice), a half-width kana after 0x8E, or a JIS X 0212 one after 0x8F. Read as CP932, its
 * characters are runs of half-width katakana (山田太郎 reads ｻｳﾅﾄﾂﾀﾏｺ) and pass for Shift_JIS: so it is told
 * first (QA4 F3). EUC-KR and GB2312 (EUC-CN) have the same structure.
 */
function eucOf(sample: Buffer, complete: boolean): { kana: boolean } | undefined {
  let characters = 0;
  let kana = false;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b < 0x80) continue;
    const length = b === 0x8f ? 3 : 2;
    if (i + length > sample.length) {
      if (complete) return undefined;
      break;
    }
    if (b === 0x8e) {
      if (!isHalfWidthKana(sample[i + 1])) return undefined;
    } else if (b === 0x8f) {
      if (!isEucByte(sample[i + 1]) || !isEucByte(sample[i + 2])) return undefined;
    } else if (!isEucJpRow(b) || !isEucByte(sample[i + 1])) return undefined;
    if (b === 0x8e || b === 0xa4 || b === 0xa5) kana = true;
    i += length - 1;
    characters++;
  }
  return characters > 0 ? { kana } : undefined;
}

/** Which EUC encoding: EUC-JP if it holds kana (rows 4 and 5, half-width after 0x8E), else chardet's word for Korean or Chinese. */
function eucName(bytes: Buffer, euc: { kana: boolean }): EucName {
  if (euc.kana) return 'EUC-JP';
  const guess = analyse(bytes)[0]?.name;
  return guess === 'EUC-KR' ? 'EUC-KR' : guess === 'GB18030' ? 'GB2312' : 'EUC-JP';
}

/** Windows-1252 letters (Š Œ Ž š œ ž Ÿ, À–ÿ but × ÷), which Latin names and words hold. */
const isWindows1252Letter = (byte: number) =>
  [0x8a, 0x8c, 0x8e, 0x9a, 0x9c, 0x9e, 0x9f].includes(byte) || (byte >= 0xc0 && byte !== 0xd7 && byte !== 0xf7);
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;
/** What may follow the last letter of a word: the end, a space, a delimiter, a quote, punctuation. */
const endsWord = (byte: number | undefined) => byte === undefined || ' \t\r\n,;."\'-)!?:/'.includes(String.fromCharCode(byte));

/**
 * One byte, alone among ASCII, that reads as Windows-1252 in a word: a letter after a letter (José, Müller,
 * STRAßE, a capital between letters), or € beside a digit or space (€50, 50 €). Text that holds only it is a
 * Windows-1252 file with one accented letter, not UTF-8 with one bad byte (QA4 F2).
 */
function isWindows1252Letter1(bytes: Buffer, at: number): boolean {
  const b = bytes[at];
  const before = at > 0 ? bytes[at - 1] : undefined;
  const after = bytes[at + 1];
  if (before === undefined || before >= 0x80 || (after !== undefined && after >= 0x80)) return false;
  if (b === 0x80) return isDigit(before) || isDigit(after) || before === 0x20 || after === 0x20;
  if (!isWindows1252Letter(b) || !isAsciiLetter(before)) return false;
  // A capital (À–Þ) goes between letters (MÜLLER, JOÃO); a small letter may end a word (José, café).
  return b >= 0xc0 && b <= 0xde ? isAsciiLetter(after) : isAsciiLetter(after) || endsWord(after);
}

/**
 * Half-width katakana words, not EUC-JP kanji: voiced marks (ﾞ 0xDE, ﾟ 0xDF), each after a kana that takes it
 * (ｳ ｶ–ﾄ ﾊ–ﾎ; ﾟ only ﾊ–ﾎ). In EUC-JP those bytes fall anywhere, and are no more common than any other.
 */
function voicedAsKana(bytes: Buffer): boolean {
  let marks = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0xde && b !== 0xdf) continue;
    const before = bytes[i - 1];
    const voiceable = (before >= 0xca && before <= 0xce) || (b === 0xde && (before === 0xb3 || (before >= 0xb6 && before <= 0xc4)));
    if (!voiceable) return false;
    marks++;
  }
  return marks > 0;
}

type TextEncoding =
  | { encoding: SupportedEncoding }
  | { damagedUtf8: NonNullable<ReturnType<typeof utf8Damage>> }
  | { guess: string }
  | { unsupported: EucName };

/**
 * What text bytes (no BOM, not UTF-16, not binary) are: an encoding we read; UTF-8 but for a
 * few bytes; an encoding we know and do not read; or none, with chardet's guess.
 */
function textEncodingOf(bytes: Buffer, complete: boolean): TextEncoding {
  if (isUtf8(bytes, complete)) return { encoding: 'utf-8' };
  const euc = eucOf(bytes, complete);
  const shiftJis = shiftJisVerdict(bytes, complete);
  // Both fit only half-width katakana in runs of even length (ﾔﾏﾀﾞ): kana words if they are voiced as kana are.
  if (euc && !(shiftJis === 'shift_jis' && voicedAsKana(bytes))) return { unsupported: eucName(bytes, euc) };
  if (shiftJis === 'shift_jis') return { encoding: 'shift_jis' };
  const windows1252 = !NOT_WINDOWS_1252.some((byte) => bytes.includes(byte));
  const utf8 = utf8Damage(bytes, complete);
  // Windows-1252 punctuation or letters inside ASCII words, and no UTF-8 character anywhere: Windows-1252 (QA4 F1, F2).
  if (windows1252 && utf8 && utf8.valid === 0) {
    if (shiftJis === 'windows-1252') return { encoding: 'windows-1252' };
    if (utf8.invalid === 1 && isWindows1252Letter1(bytes, utf8.first)) return { encoding: 'windows-1252' };
  }
  const guess = analyse(bytes)[0]?.name ?? 'unknown';
  // UTF-8 with a few bad bytes (a cut export, one pasted character), or text with a single odd byte, is UTF-8
  // with damage: say which byte and where, not "UTF-8 is not supported" nor a guessed Latin encoding.
  if (utf8 && (guess === 'UTF-8' || utf8.valid >= utf8.invalid || utf8.invalid === 1)) return { damagedUtf8: utf8 };
  // chardet may name an encoding we read when our own check refused it: never say a supported encoding is unsupported.
  const named = encodingFromName(guess);
  if (named === 'windows-1252' && !windows1252) return { guess };
  return named ? { encoding: named } : { guess };
}

/**
 * The encoding of what follows a start of plain ASCII (a sample that told nothing: `ascii`),
 * from a window of bytes that opens on the first that is not ASCII (`complete`: the window
 * runs to the end of the file), by the rules a sample is told by: UTF-8, Shift_JIS or
 * Windows-1252 (the encodings ASCII text can open), UTF-8 for UTF-8 damaged here and there.
 * Undefined when they cannot tell: no encoding we read, EUC-JP, or a lone odd byte (damage or a
 * Latin letter?). `before`: the ASCII byte the window follows, which tells a Windows-1252 ’ or é
 * inside a word (O’Brien, José) from a lone odd byte.
 */
export function detectEncodingAfterAscii(window: Buffer, complete: boolean, before?: number): SupportedEncoding | undefined {
  const text = textEncodingOf(before === undefined ? window : Buffer.concat([Buffer.from([before]), window]), complete);
  if ('encoding' in text) return text.encoding === 'utf-16le' || text.encoding === 'utf-16be' ? undefined : text.encoding;
  if ('damagedUtf8' in text) return text.damagedUtf8.valid > 0 ? 'utf-8' : undefined;
  return undefined;
}

/** Length of the UTF-8 sequence starting at `at` if it is valid there (0 when it is not). */
function validUtf8At(bytes: Buffer, at: number): number {
  const lead = bytes[at];
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf; // the range of the second byte: narrower after E0, ED, F0, F4 (no overlongs, surrogates, > U+10FFFF)
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  if (at + length > bytes.length) return 0;
  if (bytes[at + 1] < low || bytes[at + 1] > high) return 0;
  for (let i = 2; i < length; i++) if ((bytes[at + i] & 0xc0) !== 0x80) return 0;
  return length;
}

/** Valid multi-byte sequences and invalid bytes in a sample that is not valid UTF-8, and where the first invalid byte is. */
function utf8Damage(sample: Buffer, complete: boolean): { valid: number; invalid: number; first: number } | undefined {
  let valid = 0;
  let invalid = 0;
  let first = -1;
  // A character cut by the end of a partial sample is not damage.
  const end = complete ? sample.length : Math.max(0, sample.length - 3);
  for (let at = 0; at < end; ) {
    const length = validUtf8At(sample, at);
    if (length === 0) {
      invalid++;
      if (first < 0) first = at;
      at++;
    } else {
      if (length > 1) valid++;
      at += length;
    }
  }
  return first < 0 ? undefined : { valid, invalid, first };
}

/** A byte as people read it in a hex editor. */
const hexByte = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Bytes that are not valid UTF-8 in a UTF-8 file: which byte, on which line, at which offset. A file with no
 * UTF-8 character at all may be Windows-1252 instead: the message says that naming it imports the file (QA4 F2).
 */
function invalidUtf8(sample: Buffer, damage: { first: number; valid: number }): ImportFileError {
  const offset = damage.first;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    // CRLF, LF and CR each end a line, as they end a record.
    if (sample[i] === 0x0a || (sample[i] === 0x0d && sample[i + 1] !== 0x0a)) line++;
  }
  const byte = hexByte(sample[offset]);
  const orWindows1252 =
    damage.valid === 0
      ? `; if the file is Windows-1252 (Excel's "CSV (Comma delimited)"), choose Windows-1252 as its encoding in the upload (encoding: windows-1252) to import it as it is`
      : '';
  return new ImportFileError(
    'INVALID_CHARACTERS',
    `The file is UTF-8 but byte ${byte} on line ${line} (byte offset ${offset}) is not valid UTF-8: fix or remove it, or re-save the file as UTF-8${orWindows1252}`,
    { encoding: 'utf-8', byte, line, offset },
  );
}

/** The uploader's encoding, checked against the bytes where a check is cheap and certain. */
export function givenEncoding(name: string, sample: Buffer, complete: boolean): DetectedEncoding {
  const encoding = encodingFromName(name);
  if (!encoding) throw unsupportedEncoding(name);
  const bomless = startsWith(sample, 0xef, 0xbb, 0xbf) ? sample.subarray(3) : sample;
  const binary = encoding === 'utf-16le' || encoding === 'utf-16be' ? undefined : notACsv(bomless);
  if (binary) throw binary;
  if (encoding === 'utf-8' && !isUtf8(bomless, complete)) {
    const offset = utf8Damage(sample, complete)?.first ?? 0;
    throw new ImportFileError(
      'ENCODING_MISMATCH',
      `The file was said to be UTF-8 but byte ${hexByte(sample[offset])} at byte offset ${offset} is not valid UTF-8; leave the encoding out to detect it`,
      { encoding: name, byte: hexByte(sample[offset]), offset },
    );
  }
  return { encoding, source: 'given' };
}
