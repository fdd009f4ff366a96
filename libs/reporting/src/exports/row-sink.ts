import { once } from 'node:events';
import { Writable } from 'node:stream';

export type Cell = string | null;

/** Rows out, as the format wants them; `flush` after each batch of lines from the database (it waits for the reader). */
export interface RowSink {
  /** Characters the encoding could not hold (Shift_JIS), written as 〓. */
  readonly replaced: number;
  header(headers: string[]): void;
  row(cells: Cell[]): void;
  flush(): Promise<void>;
  end(): Promise<void>;
}

/**
 * Waits for `stream` to emit 'drain'; fails if `out` (the file or the
 * download the export goes to) closes or fails first, so a cut-off download
 * never leaves the export waiting for ever.
 */
export async function drained(stream: Writable, out: Writable): Promise<void> {
  if (out.destroyed) throw new Error('The export destination closed');
  const abort = new AbortController();
  try {
    // Promise.race listens to all of them, so the losers' AbortErrors are handled.
    await Promise.race([
      once(stream, 'drain', { signal: abort.signal }),
      once(out, 'close', { signal: abort.signal }).then(() => {
        throw new Error('The export destination closed');
      }),
      once(out, 'error', { signal: abort.signal }).then(([error]: unknown[]) => {
        throw error instanceof Error ? error : new Error('The export destination failed');
      }),
    ]);
  } finally {
    abort.abort();
  }
}

/** Writes and waits for `out` to drain; fails if `out` closes first (a download cut off). */
export async function writeDrained(out: Writable, bytes: Buffer): Promise<void> {
  if (out.destroyed) throw new Error('The export destination closed');
  if (!out.write(bytes)) await drained(out, out);
}
