import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { XlsxRowSink } from './xlsx-row.sink';

/** A destination that takes nothing until let go (a slow disk, a slow download), then everything. */
function heldDestination() {
  const waiting: (() => void)[] = [];
  const chunks: Buffer[] = [];
  let held = true;
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      if (held) waiting.push(() => done());
      else done();
    },
  });
  return {
    out,
    bytes: () => Buffer.concat(chunks),
    release() {
      held = false;
      waiting.splice(0).forEach((done) => done());
    },
  };
}

const settled = <T>(promise: Promise<T>) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]);

const ROWS = 100_000;
// Text that does not compress (hex of random bytes), so the zip's output fills up, not only its input.
const names = Array.from({ length: ROWS }, () => randomBytes(48).toString('hex'));
const rowOf = (i: number) => [`attempt ${i}`, String(i), names[i], 't'];

describe('XlsxRowSink', () => {
  it('stops taking rows while the destination takes no more of the file, instead of piling them up in memory', async () => {
    const destination = heldDestination();
    const sink = new XlsxRowSink(destination.out, ['text', 'number', 'text', 'boolean']);
    sink.header(['id', 'n', 'name', 'flag']);
    // As the exporter does: a batch of rows, then flush (which waits for the reader).
    let written = 0;
    let flushed: Promise<void> = Promise.resolve();
    while (written < ROWS) {
      for (const end = written + 1_000; written < end; written++) sink.row(rowOf(written));
      flushed = sink.flush();
      if (!(await settled(flushed))) break;
    }
    // Held up long before the 13 MB of XML were all made: what waits is a few buffers, not the file.
    expect(written).toBeLessThan(ROWS / 2);

    destination.release();
    await flushed;
    while (written < ROWS) sink.row(rowOf(written++));
    await sink.end();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(destination.bytes() as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('attempts')!;
    expect(sheet.rowCount).toBe(ROWS + 1);
    expect(sheet.getRow(ROWS + 1).values).toEqual([undefined, `attempt ${ROWS - 1}`, ROWS - 1, names[ROWS - 1], true]);
  }, 60_000);

  it('gives up waiting when the destination closes (a download cut off)', async () => {
    const destination = heldDestination();
    const sink = new XlsxRowSink(destination.out, ['text', 'number', 'text', 'boolean']);
    for (let i = 0; i < ROWS; i++) sink.row(rowOf(i));
    const flushed = sink.flush();
    destination.out.destroy();
    await expect(flushed).rejects.toThrow('The export destination closed');
  });
});
