/**
 * PostgreSQL's COPY … TO STDOUT text format, read back: one row per line,
 * columns separated by tabs, `\N` for null, and a backslash before the
 * characters that would break the layout (`\\ \t \n \r \b \f \v`; COPY TO never
 * writes the octal or hex forms). Reading it is much cheaper than the csv form.
 */
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
const ESCAPED = /\\(.)/g;

function unescape(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(ESCAPED, (_, c: string) => ESCAPES[c] ?? c) : field;
}

/** The cells of one line (without its newline). */
export function parseCopyTextLine(line: string): (string | null)[] {
  return line.split('\t').map(unescape);
}

/**
 * Cuts a stream of COPY bytes into whole lines. A newline byte never occurs
 * inside a multi-byte UTF-8 character, so cutting at the last one of a chunk
 * never splits a character; the rest waits for the next chunk.
 */
export class CopyTextLines {
  private rest: Buffer = Buffer.alloc(0);

  /** The whole lines completed by this chunk. */
  push(chunk: Buffer): string[] {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const last = data.lastIndexOf(0x0a);
    if (last < 0) {
      this.rest = data;
      return [];
    }
    this.rest = data.subarray(last + 1);
    return data.toString('utf8', 0, last).split('\n');
  }

  /** Whatever followed the last newline (COPY always ends its rows with one, so normally nothing). */
  end(): string[] {
    const rest = this.rest;
    this.rest = Buffer.alloc(0);
    return rest.length ? [rest.toString('utf8')] : [];
  }
}
