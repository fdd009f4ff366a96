import { createImportPlan, normaliseRecord, reject } from '../normalise/row-normaliser';
import { createStagingTableSql, stagingLine } from './import-staging';

const plan = createImportPlan(['phone', 'note'], { phone: 'phone' }, 'US', 'leads');
const fields = (line: string) => line.replace(/\n$/, '').split('\t');

describe('stagingLine (COPY text format)', () => {
  it('writes a lead row: derived columns, then one column per cell', () => {
    const line = stagingLine(normaliseRecord(plan, 4, ['(907) 555-0100', 'tab\there\\ and\nnewline']), 2);
    expect(fields(line)).toEqual([
      '4', '\\N', '\\N', '\\N',
      '+19075550100', 'fixed_line_or_mobile', 'US', '{}', '{}',
      '\\N', 'area_code', '{America/Adak,America/Anchorage}', '\\N',
      '(907) 555-0100', 'tab\\there\\\\ and\\nnewline',
    ]); // prettier-ignore
  });

  it('writes a rejected row with its cells as JSON and nulls elsewhere', () => {
    const line = stagingLine(reject(9, ['bad', 'x', 'extra'], 'RAGGED_ROW', 'the row has 3 cells'), 2);
    expect(fields(line)).toEqual(['9', 'RAGGED_ROW', 'the row has 3 cells', '["bad","x","extra"]', ...Array(11).fill('\\N')]);
  });

  it('rejects a row holding characters PostgreSQL cannot store, keeping the rest of it', () => {
    const line = stagingLine(normaliseRecord(plan, 2, ['2125550100', 'nul\u0000 and \ud800 alone']), 2);
    expect(fields(line).slice(0, 4)).toEqual(['2', 'INVALID_CHARACTERS', expect.stringMatching(/NUL/), '["2125550100","nul\ufffd and \ufffd alone"]']);
  });

  it('has as many columns as the table', () => {
    const columns = createStagingTableSql(2).match(/\b\w+ (int|text|jsonb)\b/g)!.length;
    expect(fields(stagingLine(normaliseRecord(plan, 1, ['2125550100', '']), 2))).toHaveLength(columns);
    expect(fields(stagingLine(reject(1, ['x'], 'RAGGED_ROW', 'm'), 2))).toHaveLength(columns);
  });
});
