import { ImportPlan, normaliseRecord, reject, StagedRow } from '../normalise/row-normaliser';
import type { QuoteNote, RecordProblem } from '../parsing/csv-record-reader';

/**
 * What one record of the file becomes, in the import and in its preview
 * alike: rejected as the reader found it (a broken quote, too long), or
 * normalised. A quote the reader took as text may have split a cell in two,
 * so a row with the wrong cell count says so.
 */
export function stageRecord(plan: ImportPlan, row: number, cells: readonly string[], problem?: RecordProblem, quoteNote?: QuoteNote): StagedRow {
  if (problem) return reject(row, cells, problem.code, problem.message);
  const staged = normaliseRecord(plan, row, cells);
  if (quoteNote && staged.rejection?.code === 'RAGGED_ROW') {
    return { ...staged, rejection: { ...staged.rejection, message: `${staged.rejection.message}; ${quoteNote.message}` } };
  }
  return staged;
}
