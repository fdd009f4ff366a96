import { Writable } from 'node:stream';
import { CSV_UTF8_BOM, formatCsvRow } from '@dialer/core';
import type { ExportEncoding } from '../entities/export-job.entity';
import type { ColumnType } from './attempts-export.query';
import { Cell, RowSink, writeDrained } from './row-sink';
import { ShiftJisEncoder } from './shift-jis';

/** Formula-safe CSV through the shared helper, UTF-8 with a BOM or Shift_JIS (CP932), written as `out` takes it. */
export class CsvRowSink implements RowSink {
  private text = '';
  private readonly sjis: ShiftJisEncoder | null;

  constructor(
    private readonly out: Writable,
    private readonly types: ColumnType[],
    encoding: ExportEncoding,
  ) {
    this.sjis = encoding === 'shift_jis' ? new ShiftJisEncoder() : null;
  }

  get replaced(): number {
    return this.sjis?.replaced ?? 0;
  }

  header(headers: string[]): void {
    this.text += (this.sjis ? '' : CSV_UTF8_BOM) + formatCsvRow(headers);
  }

  row(cells: Cell[]): void {
    for (let i = 0; i < cells.length; i += 1) {
      if (this.types[i] === 'boolean' && cells[i] !== null) cells[i] = cells[i] === 't' ? 'true' : 'false';
    }
    this.text += formatCsvRow(cells);
  }

  async flush(): Promise<void> {
    if (!this.text) return;
    const bytes = this.sjis ? this.sjis.encode(this.text) : Buffer.from(this.text, 'utf8');
    this.text = '';
    await writeDrained(this.out, bytes);
  }

  async end(): Promise<void> {
    await this.flush();
  }
}
