import { getDecoder } from 'iconv-lite';
import { isAscii, isUtf8 } from 'node:buffer';
import { Transform, TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { detectEncodingAfterAscii, ICONV_NAME, SAMPLE_BYTES, SupportedEncoding } from './encoding-detection';

/**
 * What a byte sequence that is not valid in the file's encoding decodes to: a
 * lone UTF-16 surrogate. No valid UTF-8 or Shift_JIS text decodes to one, and
 * in UTF-16LE a lone surrogate is itself invalid, so "the text holds a lone
 * surrogate" means exactly "these bytes were not valid <encoding>" — unlike
 * U+FFFD, which a valid file may hold. A row holding one is rejected
 * (INVALID_CHARACTERS), never stored with the bytes silently replaced.
 */
export const INVALID_BYTES = '\ud800';

/** A lone surrogate (one high not followed by a low, or a low not preceded by a high). */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The text with every undecodable sequence shown as U+FFFD (for headers and reports). */
export const withReplacementCharacters = (text: string) => text.replace(LONE_SURROGATES, '\ufffd');

/** How each encoding is named to people. */
export const ENCODING_LABELS: Record<SupportedEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  shift_jis: 'Shift_JIS (CP932)',
  'windows-1252': 'Windows-1252',
};

interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

const UTF8_REPLACEMENT = Buffer.from('\ufffd', 'utf8');

/** UTF-8 bytes as text, invalid sequences as INVALID_BYTES; a literal U+FFFD (EF BF BD) stays one. */
function decodeUtf8(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  // EF BF BD is always a whole, valid character (EF is never a continuation byte): split there, and
  // every U+FFFD that Node's decoder makes of the pieces stands for invalid bytes.
  const parts: string[] = [];
  let start = 0;
  for (let at = bytes.indexOf(UTF8_REPLACEMENT); at !== -1; at = bytes.indexOf(UTF8_REPLACEMENT, start)) {
    parts.push(bytes.toString('utf8', start, at).replaceAll('\ufffd', INVALID_BYTES));
    start = at + UTF8_REPLACEMENT.length;
  }
  parts.push(bytes.toString('utf8', start).replaceAll('\ufffd', INVALID_BYTES));
  return parts.join('\ufffd');
}

/** Length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
function utf8SequenceLength(byte: number): number {
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/** Where a character cut by the end of the chunk starts (bytes.length when none is). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = utf8SequenceLength(byte);
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

class Utf8Decoder implements ChunkDecoder {
  private pending: Buffer = Buffer.alloc(0);

  write(chunk: Buffer): string {
    const bytes = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = incompleteTail(bytes);
    this.pending = Buffer.from(bytes.subarray(cut));
    return decodeUtf8(bytes.subarray(0, cut));
  }

  end(): string {
    const left = this.pending.length ? INVALID_BYTES : '';
    this.pending = Buffer.alloc(0);
    return left;
  }
}

class Utf16leDecoder implements ChunkDecoder {
  private readonly decoder = new StringDecoder('utf16le');
  private odd = false;

  write(chunk: Buffer): string {
    this.odd = (Number(this.odd) + chunk.length) % 2 === 1;
    return this.decoder.write(chunk);
  }

  /** A byte left over (an odd-length file) is half a character. */
  end(): string {
    return this.decoder.end() + (this.odd ? INVALID_BYTES : '');
  }
}

/** UTF-16BE: each pair of bytes swapped, then read as UTF-16LE (a byte left over waits for the next chunk). */
class Utf16beDecoder implements ChunkDecoder {
  private readonly le = new Utf16leDecoder();
  private carry: Buffer = Buffer.alloc(0);

  write(chunk: Buffer): string {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const even = bytes.length & ~1;
    this.carry = Buffer.from(bytes.subarray(even));
    return this.le.write(Buffer.from(bytes.subarray(0, even)).swap16());
  }

  /** A byte left over (an odd-length file) is half a character. */
  end(): string {
    const left = this.carry.length ? INVALID_BYTES : '';
    this.carry = Buffer.alloc(0);
    return this.le.end() + left;
  }
}

/** CP932 and Windows-1252 cannot encode U+FFFD, so every one iconv-lite decodes stands for bytes it could not map. */
class IconvDecoder implements ChunkDecoder {
  private readonly decoder;

  constructor(encoding: 'shift_jis' | 'windows-1252') {
    this.decoder = getDecoder(ICONV_NAME[encoding]);
  }

  write(chunk: Buffer): string {
    return this.decoder.write(chunk).replaceAll('\ufffd', INVALID_BYTES);
  }

  end(): string {
    return (this.decoder.end() ?? '').replaceAll('\ufffd', INVALID_BYTES);
  }
}

function chunkDecoder(encoding: SupportedEncoding): ChunkDecoder {
  if (encoding === 'utf-8') return new Utf8Decoder();
  if (encoding === 'utf-16le') return new Utf16leDecoder();
  if (encoding === 'utf-16be') return new Utf16beDecoder();
  return new IconvDecoder(encoding);
}

/** What a file was decoded as; `guessed`: what followed its ASCII start matched no encoding's rules, and was read as UTF-8. */
export interface DecodedAs {
  encoding: SupportedEncoding;
  guessed: boolean;
}

/**
 * A file whose sample was plain ASCII (its encoding `ascii`, not yet known): ASCII as it
 * comes, then, at the first byte that is not, the encoding that the next SAMPLE_BYTES bytes
 * (or the rest of the file, if shorter) show, by the sample's rules. Everything before was
 * ASCII, which each of those encodings writes alike: switching there loses nothing. Memory
 * stays bounded by the window.
 */
class AsciiThenDetectedDecoder implements ChunkDecoder {
  readonly decodedAs: DecodedAs = { encoding: 'utf-8', guessed: false };
  private decoder?: ChunkDecoder;
  private window: Buffer[] = [];
  private windowBytes = 0;
  /** The last ASCII byte before the window: the letter a Windows-1252 ’ or é follows (O’Brien, José). */
  private lastAscii: number | undefined;

  write(chunk: Buffer): string {
    if (this.decoder) return this.decoder.write(chunk);
    if (this.windowBytes > 0) return this.collect(chunk);
    if (isAscii(chunk)) {
      if (chunk.length > 0) this.lastAscii = chunk[chunk.length - 1];
      return chunk.toString('latin1');
    }
    const at = chunk.findIndex((byte) => byte >= 0x80);
    if (at > 0) this.lastAscii = chunk[at - 1];
    return chunk.toString('latin1', 0, at) + this.collect(chunk.subarray(at));
  }

  end(): string {
    if (!this.decoder && this.windowBytes > 0) return this.decide(true) + this.decoder!.end();
    return this.decoder?.end() ?? '';
  }

  private collect(bytes: Buffer): string {
    this.window.push(bytes);
    this.windowBytes += bytes.length;
    return this.windowBytes >= SAMPLE_BYTES ? this.decide(false) : '';
  }

  private decide(complete: boolean): string {
    const window = Buffer.concat(this.window);
    this.window = [];
    const detected = detectEncodingAfterAscii(window, complete, this.lastAscii);
    this.decodedAs.encoding = detected ?? 'utf-8';
    this.decodedAs.guessed = detected === undefined;
    this.decoder = chunkDecoder(this.decodedAs.encoding);
    return this.decoder.write(window);
  }
}

const BOM = '\ufeff';

/** Decodes a whole buffer (or, `complete` false, the start of a file: a character cut at its end is left out). */
export function decodeStrict(bytes: Buffer, encoding: SupportedEncoding, complete = true): string {
  const decoder = chunkDecoder(encoding);
  const text = decoder.write(bytes) + (complete ? decoder.end() : '');
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * A stream of the file's bytes → a stream of strings (object mode, so lone
 * surrogates reach the parser as they are), a leading BOM dropped, bytes
 * that are not valid in `encoding` as INVALID_BYTES. `detectAfterAscii`: the
 * file's sample was plain ASCII, and `encoding` (UTF-8) only what it was read
 * as: the encoding is told at the first byte that is not ASCII (`decodedAs`
 * says which, once it is).
 */
export class StrictDecoder extends Transform {
  readonly decodedAs: Readonly<DecodedAs>;
  private readonly decoder: ChunkDecoder;
  private started = false;

  constructor(encoding: SupportedEncoding, options: { detectAfterAscii?: boolean } = {}) {
    super({ readableObjectMode: true, readableHighWaterMark: 2 });
    if (options.detectAfterAscii) {
      const decoder = new AsciiThenDetectedDecoder();
      this.decoder = decoder;
      this.decodedAs = decoder.decodedAs;
    } else {
      this.decoder = chunkDecoder(encoding);
      this.decodedAs = { encoding, guessed: false };
    }
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pushText(this.decoder.write(chunk));
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pushText(this.decoder.end());
    done();
  }

  private pushText(text: string): void {
    let out = text;
    if (!this.started && out.length > 0) {
      this.started = true;
      if (out.startsWith(BOM)) out = out.slice(1);
    }
    if (out.length > 0) this.push(out);
  }
}
