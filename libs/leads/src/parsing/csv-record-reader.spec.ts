import { Readable } from 'node:stream';
import { MAX_OPEN_RECORD_CHARS, readCsvRecords } from './csv-record-reader';

async function readAll(chunks: string[], delimiter = ',') {
  const records: string[][] = [];
  const broken: [string[], string][] = [];
  for await (const batch of readCsvRecords(Readable.from(chunks), delimiter)) {
    batch.records.forEach((record, index) => {
      records.push(record);
      const problem = batch.brokenQuotes.get(index);
      if (problem) broken.push([record, problem]);
    });
  }
  return { records, broken };
}

describe('readCsvRecords', () => {
  it('streams records across chunk boundaries, quoted newlines included', async () => {
    const { records } = await readAll(['phone;no', 'te\n2125550100;"line one\nli', 'ne two"\n2125550101;x\n'], ';');
    expect(records).toEqual([['phone', 'note'], ['2125550100', 'line one\nline two'], ['2125550101', 'x']]);
  });

  it('flags a quote that is never closed on the row that holds it', async () => {
    const { broken } = await readAll(['a,b\n1,"open\n2,x\n']);
    expect(broken).toEqual([[['1', 'open\n2,x\n'], expect.stringMatching(/never closed/)]]);
  });

  it('fails, instead of reading the whole file into memory, when a quote stays open for megabytes', async () => {
    const chunk = 'y'.repeat(256 * 1024);
    const chunks = ['a,b\n1,"open ', ...Array.from({ length: Math.ceil(MAX_OPEN_RECORD_CHARS / chunk.length) + 2 }, () => chunk)];
    await expect(readAll(chunks)).rejects.toMatchObject({ code: 'UNCLOSED_QUOTE' });
  });

  it('stops reading the file while the consumer is busy (memory stays flat)', async () => {
    let pulled = 0;
    const line = `2125550100,${'x'.repeat(100)}\n`;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 2_000; i++) {
          pulled++;
          yield line.repeat(100);
        }
      })(),
    );
    const batches = readCsvRecords(source, ',');
    await batches.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(50); // of 2,000 chunks (20 MB)
    await batches.return(undefined);
  });

  it('reads many batches with the parser paused in between (a slow consumer holds the file back)', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i},name ${i}\n`);
    const chunks: string[] = [];
    for (let i = 0; i < lines.length; i += 500) chunks.push(lines.slice(i, i + 500).join(''));
    let batches = 0;
    let count = 0;
    for await (const batch of readCsvRecords(Readable.from(chunks), ',')) {
      batches++;
      count += batch.records.filter((r) => r.length === 2).length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(count).toBe(20_000);
    expect(batches).toBeGreaterThan(10);
  });
});
