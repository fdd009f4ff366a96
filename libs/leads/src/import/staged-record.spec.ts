import { MAX_ROW_CHARS, createImportPlan } from '../normalise/row-normaliser';
import { stageRecord } from './staged-record';

const plan = createImportPlan(['name', 'phone', 'city'], { phone: 'phone' }, 'US', 'leads');

describe('stageRecord', () => {
  it('rejects a record the reader could not read, with the reader’s reason, keeping its text as written', () => {
    const staged = stageRecord(plan, 4, ['Ann', '"open'], { code: 'BROKEN_QUOTE', message: 'the quote that opens column 2 is broken' });
    expect(staged).toMatchObject({ row: 4, cells: ['Ann', '"open'], rejection: { code: 'BROKEN_QUOTE', message: 'the quote that opens column 2 is broken' } });
  });

  it('says a quote read as text may have split a cell when the row has the wrong cell count', () => {
    const note = { code: 'QUOTE_IN_UNQUOTED_CELL' as const, column: 1, message: 'column 1 holds a quote inside an unquoted cell, read as text' };
    const staged = stageRecord(plan, 2, ['=HYPERLINK("x"', '"y")', '2125550100', 'NYC'], undefined, note);
    expect(staged.rejection).toEqual({ code: 'RAGGED_ROW', message: `the row has 4 cells but the header has 3; ${note.message}`, params: { cellCount: 4, columnCount: 3 } });
    expect(stageRecord(plan, 3, ['=HYPERLINK("x")', '2125550100', 'NYC'], undefined, note)).toMatchObject({ phone: { e164: '+12125550100' } });
  });

  it('keeps the whole text of a rejected row: cells over 1,000 characters, rows over 250 cells', () => {
    const long = ['x'.repeat(5_000), '', 'y'.repeat(2_000)];
    expect(stageRecord(plan, 1, long).cells).toEqual(long);
    const wide = Array.from({ length: 300 }, (_, i) => `c${i}`);
    expect(stageRecord(plan, 1, wide)).toMatchObject({ cells: wide, rejection: { code: 'RAGGED_ROW' } });
  });

  it('keeps at most 32 KiB of a row too long to store', () => {
    const staged = stageRecord(plan, 1, ['a'.repeat(MAX_ROW_CHARS), '2125550100', 'NYC']);
    expect(staged.rejection?.code).toBe('ROW_TOO_LONG');
    expect(staged.cells.join('')).toHaveLength(MAX_ROW_CHARS);
  });
});
