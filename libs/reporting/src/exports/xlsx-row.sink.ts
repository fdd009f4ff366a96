import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import type { ColumnType } from './attempts-export.query';
import { Cell, drained, RowSink } from './row-sink';
import { xlsxText } from './xlsx-text';

/** The stream exceljs' worksheet writer (its StreamBuf) pipes the sheet's XML into: archiver's input for the zip entry. */
interface PipedWorksheet {
  stream?: { pipes?: Writable[] };
}

/** The cut cells the notes sheet lists one by one; past that it says how many more. */
export const CUT_NOTES_MAX = 10_000;

/** The sheet, added at the end only when a cell was cut, that says which. */
export const NOTES_SHEET = 'notes';

interface CutCell {
  row: number;
  column: string;
  length: number;
}

/** Whether a writable (of Node's or readable-stream 2's making, which lacks `writableNeedDrain`) asked its writer to wait. */
const needsDrain = (stream: Writable): boolean =>
  stream.writableNeedDrain ?? (stream as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain ?? false;

/**
 * XLSX through exceljs' streaming writer: numbers as numbers, text as text.
 * Text is written as it is: a string cell of a workbook is never a formula
 * (that takes an <f> element), so the CSV's apostrophe before `=`, `+`, `-`
 * and `@` is not needed here, and Excel would show it (every phone number
 * began `'+`). Text is escaped as OOXML wants (`_x005F_` before what would
 * read as `_xHHHH_`) and cut to Excel's 32,767 characters with a marker; the
 * cut cells are listed on a `notes` sheet (and counted in `cut`).
 * exceljs pipes each committed row's XML into the
 * zip without heeding backpressure, so when the zip (deflate, then `out`) is
 * slower than the database the XML piled up in memory — 600 MB for 200,000
 * attempts. `flush` waits until the zip's input has drained again.
 */
export class XlsxRowSink implements RowSink {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  readonly replaced = 0;
  /** Cells cut to Excel's limit. */
  cut = 0;
  private readonly cutCells: CutCell[] = [];
  private headers: string[] = [];
  private rowNumber = 0;

  constructor(
    private readonly out: Writable,
    private readonly types: ColumnType[],
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet('attempts');
    if (this.zipInputs().length === 0) throw new Error('exceljs no longer pipes its worksheet into the zip as this sink expects: check its backpressure');
  }

  header(headers: string[]): void {
    this.headers = headers;
    this.rowNumber += 1;
    this.sheet.addRow(headers.map((header, i) => this.text(header, i))).commit();
  }

  row(cells: Cell[]): void {
    this.rowNumber += 1;
    this.sheet
      .addRow(
        cells.map((cell, i) => {
          if (cell === null) return null;
          if (this.types[i] === 'number') return Number(cell);
          if (this.types[i] === 'boolean') return cell === 't';
          return this.text(cell, i);
        }),
      )
      .commit();
  }

  /** The cell's text as Excel reads it; a cut is remembered for the notes sheet. */
  private text(value: string, column: number): string {
    const { text, cutFrom } = xlsxText(value);
    if (cutFrom !== null) {
      this.cut += 1;
      if (this.cutCells.length < CUT_NOTES_MAX) this.cutCells.push({ row: this.rowNumber, column: this.headers[column] ?? String(column + 1), length: cutFrom });
    }
    return text;
  }

  async flush(): Promise<void> {
    for (const input of this.zipInputs()) {
      while (needsDrain(input)) await drained(input, this.out);
    }
  }

  async end(): Promise<void> {
    this.sheet.commit();
    if (this.cut > 0) this.writeNotes();
    await this.workbook.commit();
  }

  /** Which cells were cut to Excel's limit: row (as Excel numbers it), column, and the text's full length. */
  private writeNotes(): void {
    const notes = this.workbook.addWorksheet(NOTES_SHEET);
    notes.addRow([`${this.cut} cell(s) of sheet "${this.sheet.name}" were longer than Excel's limit of 32767 characters and were cut; each ends with "…[cut: …]".`]).commit();
    notes.addRow(['row', 'column', 'characters']).commit();
    for (const cut of this.cutCells) notes.addRow([cut.row, xlsxText(cut.column).text, cut.length]).commit();
    if (this.cut > this.cutCells.length) notes.addRow([`and ${this.cut - this.cutCells.length} more`]).commit();
    notes.commit();
  }

  private zipInputs(): Writable[] {
    return (this.sheet as unknown as PipedWorksheet).stream?.pipes ?? [];
  }
}
