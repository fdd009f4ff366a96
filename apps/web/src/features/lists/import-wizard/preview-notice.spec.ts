import { initI18n } from '../../../app/i18n';
import { previewNoticeText, rejectionLabel } from './preview-notice';

const ja = initI18n('ja').t;
const en = initI18n('en').t;

describe('previewNoticeText', () => {
  it('words a quoted cell of many lines with its figures', () => {
    const notice = { code: 'QUOTED_CELL_HOLDS_ROWS', message: 'Row 5: column 1 is one quoted cell of 4 lines holding delimiters', params: { row: 5, column: 1, lines: 4 } } as const;
    expect(previewNoticeText(ja, notice)).toContain('4 行にわたる');
  });

  it.each([
    ['QUOTED_CELL_HOLDS_ROWS', { row: 5, column: 1 }],
    ['BROKEN_QUOTE', { column: 2, reason: 'NEVER_CLOSED' }],
    ['TEXT_AFTER_CLOSING_QUOTE', {}],
    ['MORE_QUOTE_WARNINGS', {}],
  ] as const)('words %s without a figure its params lack (%p), never a raw {{…}}, in both languages', (code, params) => {
    const notice = { code, message: 'The api’s English', params } as never;
    for (const t of [ja, en]) {
      const text = previewNoticeText(t, notice);
      expect(text).not.toMatch(/\{\{|\}\}/);
      expect(text).not.toBe('The api’s English');
    }
    expect(previewNoticeText(ja, notice)).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('words an extension note without its extension when none is given', () => {
    expect(previewNoticeText(ja, { code: 'EXTENSION_KEPT', message: 'The extension is kept', params: {} as never })).toBe('内線は発信する番号とは分けて保存します。');
  });
});

describe('rejectionLabel', () => {
  const broken = (reason?: 'NEVER_CLOSED' | 'TOO_MANY_LINES' | 'ROW_TOO_LONG') => ({
    code: 'BROKEN_QUOTE',
    message: 'the quote that opens column 2 is broken (…)',
    ...(reason && { params: { column: 2, reason } }),
  });

  it('words a broken quote by its reason', () => {
    expect(rejectionLabel(ja, broken('NEVER_CLOSED'))).toBe('引用符が閉じていません');
    expect(rejectionLabel(ja, broken('TOO_MANY_LINES'))).toBe('引用符で囲まれたセルが 100 行を超えています');
    expect(rejectionLabel(ja, broken('ROW_TOO_LONG'))).toBe('引用符の途中で行が 32 KiB を超えています');
    expect(rejectionLabel(en, broken('TOO_MANY_LINES'))).toBe('Quoted cell runs over 100 lines');
    // Without a reason, a label that claims none.
    expect(rejectionLabel(ja, broken())).toBe('引用符が正しくありません');
  });

  it('tells a repeat within the file from a lead already in the list, in both languages', () => {
    const repeat = { code: 'DUPLICATE', message: 'same phone number as row 1', params: { row: 1 } };
    const existing = { code: 'DUPLICATE', message: 'already a lead in this list', params: { scope: 'list' as const } };
    expect(rejectionLabel(ja, repeat)).toBe('ファイル内の重複: データ 1 行目と同じ架電先です');
    expect(rejectionLabel(en, repeat)).toBe('Repeats data row 1 of this file');
    expect(rejectionLabel(ja, existing)).toBe('重複: このリストにすでにある架電先です');
    expect(rejectionLabel(en, existing)).toBe('Already a lead in this list');
    expect(rejectionLabel(ja, { ...existing, params: { scope: 'global' } })).toBe('重複: 他のリストにすでにある架電先です');
    // An older api's duplicate (no params): neither claim.
    expect(rejectionLabel(ja, { code: 'DUPLICATE', message: 'same phone number as row 1' })).toBe('重複しています');
  });
});
