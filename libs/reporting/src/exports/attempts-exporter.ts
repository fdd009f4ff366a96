import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { CSV_UTF8_BOM, formatCsvRow, neutraliseCsvCell } from '@dialer/core';
import type { AttemptFilters, ExportEncoding, ExportFormat } from '../entities/export-job.entity';
import { attemptsExportColumns, attemptsExportSql, attemptsWhere, ColumnType, surveyQuestionsSql } from './attempts-export.query';
import { CopyTextLines, parseCopyTextLine } from './copy-text';
import { ShiftJisEncoder } from './shift-jis';

export interface AttemptsExportRequest {
  filters: AttemptFilters;
  format: ExportFormat;
  encoding: ExportEncoding;
}

export interface AttemptsExportResult {
  rows: number;
  /** Characters Shift_JIS could not hold, written as 〓. */
  replacedCharacters: number;
}

/** How often (rows) the caller hears how far the export got. */
export const PROGRESS_EVERY_ROWS = 10_000;

type Cell = string | null;

/** Rows out, as the format wants them; `flush` after each batch of lines from the database. */
interface RowSink {
  header(headers: string[]): void;
  row(cells: Cell[]): void;
  flush(): Promise<void>;
  end(): Promise<void>;
}

/** Writes and waits for `out` to drain; fails if `out` closes first (a download cut off). */
async function write(out: Writable, bytes: Buffer): Promise<void> {
  if (out.destroyed) throw new Error('The export destination closed');
  if (out.write(bytes)) return;
  const abort = new AbortController();
  try {
    // Promise.race listens to both, so the loser's AbortError is handled.
    await Promise.race([
      once(out, 'drain', { signal: abort.signal }),
      once(out, 'close', { signal: abort.signal }).then(() => {
        throw new Error('The export destination closed');
      }),
    ]);
  } finally {
    abort.abort();
  }
}

/** Formula-safe CSV through the shared helper, UTF-8 with a BOM or Shift_JIS (CP932). */
class CsvSink implements RowSink {
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
    await write(this.out, bytes);
  }

  async end(): Promise<void> {
    await this.flush();
  }
}

/** XLSX through exceljs' streaming writer: numbers as numbers, text formula-safe through the shared helper. */
class XlsxSink implements RowSink {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    out: Writable,
    private readonly types: ColumnType[],
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet('attempts');
  }

  readonly replaced = 0;

  header(headers: string[]): void {
    this.sheet.addRow(headers.map(neutraliseCsvCell)).commit();
  }

  row(cells: Cell[]): void {
    this.sheet
      .addRow(
        cells.map((cell, i) => {
          if (cell === null) return null;
          if (this.types[i] === 'number') return Number(cell);
          if (this.types[i] === 'boolean') return cell === 't';
          return neutraliseCsvCell(cell);
        }),
      )
      .commit();
  }

  async flush(): Promise<void> {
    // exceljs writes through its zip stream as rows are committed.
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}

/**
 * Writes the call-results export (one row per attempt) to `out`, streamed
 * from `COPY (select …) TO STDOUT` on a connection of its own: the database
 * formats every cell, this only makes them formula-safe, encodes and writes,
 * one chunk at a time, waiting for `out` to drain — memory stays flat whatever
 * the row count.
 */
export class AttemptsExporter {
  constructor(private readonly databaseUrl: string) {}

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'attempts export' });
    await client.connect();
    return client;
  }

  async count(filters: AttemptFilters): Promise<number> {
    const client = await this.connect();
    try {
      const { rows } = await client.query<{ count: string }>(`select count(*) from call_attempts a where ${attemptsWhere(filters)}`);
      return Number(rows[0].count);
    } finally {
      await client.end();
    }
  }

  /** The select, as `psql \copy` would run it (for the benchmark's side-by-side). */
  async sql(filters: AttemptFilters): Promise<string> {
    const client = await this.connect();
    try {
      return attemptsExportSql(filters, await this.questions(client, filters));
    } finally {
      await client.end();
    }
  }

  async write(request: AttemptsExportRequest, out: Writable, onProgress?: (rows: number) => Promise<void> | void): Promise<AttemptsExportResult> {
    const client = await this.connect();
    try {
      const questionIds = await this.questions(client, request.filters);
      const columns = attemptsExportColumns(questionIds);
      const types = columns.map((c) => c.type);
      const sink = request.format === 'xlsx' ? new XlsxSink(out, types) : new CsvSink(out, types, request.encoding);
      sink.header(columns.map((c) => c.header));
      const copy = client.query(copyTo(`copy (${attemptsExportSql(request.filters, questionIds)}) to stdout`));
      const lines = new CopyTextLines();
      let rows = 0;
      let reported = 0;
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        for (const line of lines.push(chunk)) {
          sink.row(parseCopyTextLine(line));
          rows += 1;
        }
        await sink.flush();
        if (onProgress && rows - reported >= PROGRESS_EVERY_ROWS) {
          reported = rows;
          await onProgress(rows);
        }
      }
      for (const line of lines.end()) {
        sink.row(parseCopyTextLine(line));
        rows += 1;
      }
      await sink.end();
      return { rows, replacedCharacters: sink.replaced };
    } finally {
      await client.end();
    }
  }

  private async questions(client: Client, filters: AttemptFilters): Promise<string[]> {
    return (await client.query<{ id: string }>(surveyQuestionsSql(filters))).rows.map((r) => r.id);
  }
}
