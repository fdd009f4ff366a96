import { Writable } from 'node:stream';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { AttemptFilters, ExportEncoding, ExportFormat } from '../entities/export-job.entity';
import { attemptsExportColumns, attemptsExportSql, attemptsWhere, surveyQuestionsSql } from './attempts-export.query';
import { CopyTextLines, parseCopyTextLine } from './copy-text';
import { CsvRowSink } from './csv-row.sink';
import { RowSink } from './row-sink';
import { XlsxRowSink } from './xlsx-row.sink';

export interface AttemptsExportRequest {
  filters: AttemptFilters;
  format: ExportFormat;
  encoding: ExportEncoding;
}

export interface AttemptsExportResult {
  rows: number;
  /** Characters Shift_JIS could not hold, written as 〓. */
  replacedCharacters: number;
  /** XLSX cells cut to Excel's limit (marked in the cell and listed on the file's notes sheet). */
  cutCells: number;
}

/** How often (rows) the caller hears how far the export got. */
export const PROGRESS_EVERY_ROWS = 10_000;

/**
 * Writes the call-results export (one row per attempt) to `out`, streamed
 * from `COPY (select …) TO STDOUT` on a connection of its own: the database
 * formats every cell, this only makes them formula-safe, encodes and writes,
 * one chunk at a time, waiting for `out` (for XLSX, the zip's input) to drain —
 * memory stays flat whatever the row count.
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
      const xlsx = request.format === 'xlsx' ? new XlsxRowSink(out, types) : null;
      const sink: RowSink = xlsx ?? new CsvRowSink(out, types, request.encoding);
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
      return { rows, replacedCharacters: sink.replaced, cutCells: xlsx?.cut ?? 0 };
    } finally {
      await client.end();
    }
  }

  private async questions(client: Client, filters: AttemptFilters): Promise<string[]> {
    return (await client.query<{ id: string }>(surveyQuestionsSql(filters))).rows.map((r) => r.id);
  }
}
