import { createImportPlan, normaliseRecord, reject } from '../normalise/row-normaliser';
import { INVALID_BYTES } from '../parsing/strict-decoder';
import { createStagingTableSql, settleRow, stagingLine } from './import-staging';

const plan = createImportPlan(['phone', 'note'], { phone: 'phone' }, 'US', 'leads');
const fields = (line: string) => line.replace(/\n$/, '').split('\t');

describe('stagingLine (COPY text format)', () => {
  it('writes a lead row: derived columns, then one column per cell', () => {
    const line = stagingLine(normaliseRecord(plan, 4, ['(907) 555-0100', 'tab\there\\ and\nnewline']), 2, 'utf-8');
    expect(fields(line)).toEqual([
      '4', '\\N', '\\N', '\\N',
      '+19075550100', 'fixed_line_or_mobile', 'US', '{}', '{}',
      '\\N', 'area_code', '{America/Adak,America/Anchorage}', '\\N', '\\N',
      '(907) 555-0100', 'tab\\there\\\\ and\\nnewline',
    ]); // prettier-ignore
  });

  it('writes a rejected row with its cells as JSON and nulls elsewhere', () => {
    const line = stagingLine(reject(9, ['bad', 'x', 'extra'], 'RAGGED_ROW', 'the row has 3 cells'), 2, 'utf-8');
    expect(fields(line)).toEqual(['9', 'RAGGED_ROW', 'the row has 3 cells', '["bad","x","extra"]', ...Array(12).fill('\\N')]);
  });

  it('rejects a row holding a NUL, keeping the rest of it', () => {
    const line = stagingLine(normaliseRecord(plan, 2, ['2125550100', 'nul\u0000 here']), 2, 'utf-8');
    expect(fields(line).slice(0, 4)).toEqual(['2', 'INVALID_CHARACTERS', 'row 2 holds a NUL character, which cannot be stored', '["2125550100","nul\ufffd here"]']);
  });

  it('rejects a row whose bytes were not valid in the encoding, naming it, with U+FFFD where they were', () => {
    const line = stagingLine(normaliseRecord(plan, 7, ['2125550100', `caf${INVALID_BYTES} and nul\u0000`]), 2, 'shift_jis');
    expect(fields(line).slice(0, 4)).toEqual([
      '7',
      'INVALID_CHARACTERS',
      'row 7 has bytes that are not valid Shift_JIS (CP932)',
      '["2125550100","caf\ufffd and nul\ufffd"]',
    ]);
  });

  it('puts invalid bytes before any other reason: they may be why the row is ragged or its number wrong', () => {
    const garbled = normaliseRecord(plan, 3, [`212${INVALID_BYTES}5550100`, 'x']);
    expect(garbled.rejection?.code).toBe('INVALID_PHONE');
    expect(fields(stagingLine(garbled, 2, 'utf-8')).slice(0, 3)).toEqual(['3', 'INVALID_CHARACTERS', 'row 3 has bytes that are not valid UTF-8']);
    expect(settleRow(garbled, 'utf-8').rejection).toEqual({ code: 'INVALID_CHARACTERS', message: 'row 3 has bytes that are not valid UTF-8' });
    // Read as UTF-8 only because the bytes after an ASCII start matched no encoding: the rejection says what to do (QA1 finding 2).
    expect(settleRow(garbled, { encoding: 'utf-8', guessed: true }).rejection?.message).toMatch(
      /^row 3 has bytes that are not valid UTF-8: the file began with plain ASCII.*if it is Shift_JIS or Windows-1252, import it again choosing its encoding$/,
    );
    expect(settleRow(garbled, { encoding: 'utf-8', guessed: false }).rejection?.message).toBe('row 3 has bytes that are not valid UTF-8');
    // A literal U+FFFD in the file is text like any other.
    expect(settleRow(normaliseRecord(plan, 4, ['2125550100', 'caf\ufffd']), 'utf-8').rejection).toBeUndefined();
  });

  it('keeps the extension written after the number in its own column', () => {
    const line = stagingLine(normaliseRecord(plan, 5, ['212-555-0146 ext 12', '']), 2, 'utf-8');
    expect(fields(line).slice(4, 5)).toEqual(['+12125550146']);
    expect(fields(line)[13]).toBe('12');
  });

  it('has as many columns as the table', () => {
    const columns = createStagingTableSql(2).match(/\b\w+ (int|text|jsonb)\b/g)!.length;
    expect(fields(stagingLine(normaliseRecord(plan, 1, ['2125550100', '']), 2, 'utf-8'))).toHaveLength(columns);
    expect(fields(stagingLine(reject(1, ['x'], 'RAGGED_ROW', 'm'), 2, 'utf-8'))).toHaveLength(columns);
  });
});
