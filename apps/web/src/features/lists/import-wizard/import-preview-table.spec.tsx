import { fireEvent, screen, within } from '@testing-library/react';
import { renderIn } from '../../../app/testing/render-in';
import { ImportPreview, LEAD_FIELDS } from './import-form';
import { ImportPreviewTable } from './import-preview-table';

/** A Tokyo landline as the preview shows a lead it would store. */
const tokyoLead = (phone: string, phoneExtension: string | null) => ({
  phone,
  phoneType: 'fixed_line',
  phoneExtension,
  altPhones: [],
  country: 'JP',
  timezone: 'Asia/Tokyo',
  timezoneCandidates: ['Asia/Tokyo'],
  timezoneSource: 'country',
  status: 'new' as const,
  blockedReason: null,
});

const PREVIEW: ImportPreview = {
  encoding: 'shift_jis',
  encodingSource: 'detected',
  delimiter: ',',
  hasHeader: true,
  header: ['氏名', '電話番号', '会員番号'],
  columns: ['氏名', '電話番号', '会員番号'],
  suggestedMapping: { 氏名: 'fullName', 電話番号: 'phone' },
  mapping: { 氏名: 'fullName', 電話番号: 'phone' },
  rows: [
    {
      row: 1,
      cells: ['山田太郎', '03-1234-5678', 'A-1'],
      outcome: 'lead',
      lead: tokyoLead('+81312345678', null),
    },
    { row: 2, cells: ['鈴木一郎', '1234', 'A-2'], outcome: 'rejected', rejection: { code: 'INVALID_PHONE', message: '1234 is not a valid number' } },
    {
      row: 3,
      cells: ['佐藤花子', '03-2222-1113（内線12）', 'A-3'],
      outcome: 'lead',
      notes: [{ code: 'EXTENSION_KEPT', message: "the extension 12 is kept in the lead's phone_extension, apart from the number dialed", params: { extension: '12' } }],
      lead: tokyoLead('+81322221113', '12'),
    },
    { row: 4, cells: ['田中', '0312345678', 'A-4'], outcome: 'rejected', rejection: { code: 'INVALID_COUNTRY', message: '"XX" is not a country we know: write its ISO code (US, JP, GB…) or its name' } },
  ],
  counts: { rowsRead: 2, accepted: 1, rejected: 1, duplicates: 0, dncFlagged: 0, noTimezone: 0 },
  warnings: [],
  problems: [],
};

describe('ImportPreviewTable', () => {
  it('preselects the suggestion, marks it, and highlights a rejected row with its reason (Japanese)', () => {
    renderIn('ja', <ImportPreviewTable preview={PREVIEW} fields={LEAD_FIELDS} onMap={jest.fn()} />);
    const phone = screen.getByLabelText('列「電話番号」の項目') as HTMLSelectElement;
    expect(phone.value).toBe('phone');
    expect(phone.selectedOptions[0].textContent).toBe('電話番号 (候補)');
    expect((screen.getByLabelText('列「会員番号」の項目') as HTMLSelectElement).value).toBe('');
    const rows = screen.getAllByRole('row');
    expect(rows[1].className).toBe('');
    expect(within(rows[1]).getByText('+81312345678')).toBeTruthy();
    expect(rows[2].className).toBe('rejected');
    // The reason in Japanese by its code; the api's words (naming the value) stay in its title.
    expect(within(rows[2]).getByText('電話番号として読み取れません').title).toBe('1234 is not a valid number');
    // A row's note by its code, with its figure; an unknown country cell by its code.
    expect(within(rows[3]).getByText('内線 12 は発信する番号とは分けて保存します。')).toBeTruthy();
    expect(within(rows[4]).getByText('国が不明です').title).toMatch(/is not a country we know/);
    expect(rows.map((row) => row.textContent).join(' ')).not.toMatch(/kept in the lead|not a country we know/);
  });

  it('gives a ragged row’s counts and quotes an unknown country or zone, when the api sends their figures (Japanese)', () => {
    const rejected = (row: number, code: 'RAGGED_ROW' | 'INVALID_COUNTRY' | 'INVALID_TIMEZONE', message: string, params: Record<string, unknown>) => ({
      row,
      cells: ['x'],
      outcome: 'rejected' as const,
      rejection: { code, message, params },
    });
    const preview: ImportPreview = {
      ...PREVIEW,
      rows: [
        rejected(1, 'RAGGED_ROW', 'the row has 5 cells but the header has 3', { cellCount: 5, columnCount: 3 }),
        rejected(2, 'INVALID_COUNTRY', '"ナルニア" is not a country we know', { value: 'ナルニア' }),
        rejected(3, 'INVALID_TIMEZONE', '"Mars/Olympus" is not a time zone we know', { value: 'Mars/Olympus' }),
      ],
    };
    renderIn('ja', <ImportPreviewTable preview={preview} fields={LEAD_FIELDS} onMap={jest.fn()} />);
    const reasons = [...document.querySelectorAll('.lists-rejection')].map((span) => span.textContent);
    expect(reasons).toEqual([
      '列の数が合いません: この行は 5 列、ヘッダーは 3 列です',
      '国が不明です: 「ナルニア」',
      'タイムゾーンが不明です: 「Mars/Olympus」',
    ]);
  });

  it('shows the rows of a file with no phone column as not read yet, under a select per column (Japanese)', () => {
    const preview: ImportPreview = {
      ...PREVIEW,
      columns: ['氏名', 'Contact number'],
      header: ['氏名', 'Contact number'],
      suggestedMapping: { 氏名: 'fullName' },
      mapping: { 氏名: 'fullName' },
      rows: [{ row: 1, cells: ['山田', '03-1234-5678'], outcome: 'unmapped' }],
      problems: [{ code: 'NO_PHONE_COLUMN', message: 'No column is recognised as the phone number', params: { columns: ['氏名', 'Contact number'] } }],
    };
    renderIn('ja', <ImportPreviewTable preview={preview} fields={LEAD_FIELDS} onMap={jest.fn()} />);
    expect((screen.getByLabelText('列「Contact number」の項目') as HTMLSelectElement).value).toBe('');
    const row = screen.getAllByRole('row')[1];
    expect(row.getAttribute('data-outcome')).toBe('unmapped');
    expect(row.textContent).toContain('未読込（電話番号の列を選ぶと表示されます）');
    expect(row.textContent).toContain('03-1234-5678');
  });

  it('reports a column’s new field, and shows no selects for a file read by column name (English)', () => {
    const onMap = jest.fn();
    const { unmount } = renderIn('en', <ImportPreviewTable preview={PREVIEW} fields={LEAD_FIELDS} onMap={onMap} />);
    fireEvent.change(screen.getByLabelText('Field of column 会員番号'), { target: { value: 'externalId' } });
    expect(onMap).toHaveBeenCalledWith('会員番号', 'externalId');
    unmount();
    renderIn('en', <ImportPreviewTable preview={PREVIEW} onMap={onMap} />);
    expect(screen.queryAllByRole('combobox')).toHaveLength(0);
  });
});
