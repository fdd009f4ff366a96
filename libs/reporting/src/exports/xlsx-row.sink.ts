import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import type { ColumnType } from './attempts-export.query';
import { Cell, drained, RowSink } from './row-sink';

/** The stream exceljs' worksheet writer (its StreamBuf) pipes the sheet's XML into: archiver's input for the zip entry. */
interface PipedWorksheet {
  stream?: { pipes?: Writable[] };
}

/** Whether a writable (of Node's or readable-stream 2's making, which lacks `writableNeedDrain`) asked its writer to wait. */
const needsDrain = (stream: Writable): boolean =>
  stream.writableNeedDrain ?? (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain ?? false;

/**
 * XLSX through exceljs' streaming writer: numbers as numbers, text as text.
 * Text is written as it is: a string cell of a workbook is never a formula
 * (that takes an <f> element), so the CSV's apostrophe before `=`, `+`, `-`
 * and `@` is not needed here, and Excel would show it (every phone number
 * began `'+`). exceljs pipes each committed row's XML into the
 * zip without heeding backpressure, so when the zip (deflate, then `out`) is
 * slower than the database the XML piled up in memory — 600 MB for 200,000
 * attempts. `flush` waits until the zip's input has drained again.
 */
export class XlsxRowSink implements RowSink {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  readonly replaced = 0;

  constructor(
    private readonly out: Writable,
    private readonly types: ColumnType[],
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet('attempts');
    if (this.zipInputs().length === 0) throw new Error('exceljs no longer pipes its worksheet into the zip as this sink expects: check its backpressure');
  }

  header(headers: string[]): void {
    this.sheet.addRow(headers).commit();
  }

  row(cells: Cell[]): void {
    this.sheet
      .addRow(
        cells.map((cell, i) => {
          if (cell === null) return null;
          if (this.types[i] === 'number') return Number(cell);
          if (this.types[i] === 'boolean') return cell === 't';
          return cell;
        }),
      )
      .commit();
  }

  async flush(): Promise<void> {
    for (const input of this.zipInputs()) {
      while (needsDrain(input)) await drained(input, this.out);
    }
  }

  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }

  private zipInputs(): Writable[] {
    return (this.sheet as unknown as PipedWorksheet).stream?.pipes ?? [];
  }
}
