import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { ImportFileError } from '../import.errors';

/** A record still open after this many characters is an unclosed quote swallowing the file. */
export const MAX_OPEN_RECORD_CHARS = 4 * 1024 * 1024;

export interface CsvBatch {
  records: string[][];
  /** Quote problems papaparse reported, by index into `records`. */
  brokenQuotes: Map<number, string>;
}

/** papaparse's quote errors in words (the sniffer's preview uses them too). */
export const QUOTE_MESSAGES: Record<string, string> = {
  InvalidQuotes: 'a quoted cell has text after its closing quote',
  MissingQuotes: 'a quote is opened but never closed: the rest of the file was read as this one cell',
};

/**
 * Streams a decoded CSV through papaparse, a parsed chunk (~64 KiB) at a time.
 * Until the consumer asks for the next batch both the parser and the text
 * stream are paused (papaparse's own pause leaves its input flowing into an
 * unbounded queue), so a slow consumer (the database) holds back the file
 * reading and memory stays flat.
 */
export async function* readCsvRecords(text: Readable, delimiter: string): AsyncGenerator<CsvBatch> {
  // Characters handed to the parser; beyond its cursor they are the unfinished record (and at most a queued chunk).
  let delivered = 0;
  text.on('data', (chunk: string) => (delivered += chunk.length));

  const ready: CsvBatch[] = [];
  let parser: Papa.Parser | undefined;
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  Papa.parse<string[], Readable>(text, {
    delimiter,
    quoteChar: '"',
    skipEmptyLines: false,
    chunk(results, chunkParser) {
      parser = chunkParser;
      const open = delivered - results.meta.cursor;
      if (open > MAX_OPEN_RECORD_CHARS) {
        failure = new ImportFileError(
          'UNCLOSED_QUOTE',
          `A row is still open after ${MAX_OPEN_RECORD_CHARS / 1024 / 1024} MiB: a quote is probably opened and never closed`,
        );
        chunkParser.abort();
        notify();
        return;
      }
      const brokenQuotes = new Map<number, string>();
      for (const error of results.errors) {
        // A row cut by the chunk's end is parsed (and reported) again with the next chunk.
        if (error.type === 'Quotes' && error.row !== undefined && error.row < results.data.length) brokenQuotes.set(error.row, QUOTE_MESSAGES[error.code] ?? error.message);
      }
      ready.push({ records: results.data, brokenQuotes });
      chunkParser.pause();
      text.pause();
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
    error(error) {
      failure = error;
      notify();
    },
  });

  try {
    for (;;) {
      const batch = ready.shift();
      if (batch) {
        yield batch;
        parser?.resume();
        text.resume();
        continue;
      }
      if (failure) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!finished) {
      parser?.abort();
      text.destroy();
    }
  }
}
