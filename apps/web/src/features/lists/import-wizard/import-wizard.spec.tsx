import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../../api/client';
import { renderIn } from '../../../app/testing/render-in';
import { ImportPreview, ImportView, LEAD_FIELDS } from './import-form';
import { ImportWizard } from './import-wizard';

// The import's last step follows it through the session's api (never asked here: its first answer is the upload's).
jest.mock('../../../app/session', () => ({ useSession: () => ({ api: { GET: () => new Promise(() => undefined) }, session: { accessToken: 't' } }) }));

const PREVIEW: ImportPreview = {
  encoding: 'shift_jis',
  encodingSource: 'given',
  delimiter: ',',
  hasHeader: true,
  header: ['電話番号', '氏名'],
  columns: ['電話番号', '氏名'],
  suggestedMapping: { 電話番号: 'phone', 氏名: 'fullName' },
  mapping: { 電話番号: 'phone', 氏名: 'fullName' },
  rows: [],
  counts: { rowsRead: 0, accepted: 0, rejected: 0, duplicates: 0, dncFlagged: 0, noTimezone: 0 },
  warnings: [],
  problems: [],
};

describe('ImportWizard', () => {
  it('words the preview’s quoting warnings in Japanese by their codes, keeping their rows and columns', async () => {
    const warned: ImportPreview = {
      ...PREVIEW,
      warnings: [
        {
          code: 'BROKEN_QUOTE',
          message: 'Row 3 is rejected: the quote that opens column 2 is broken (it is never closed): this line was rejected as written and reading resumed on the next line',
          params: { row: 3, column: 2, reason: 'NEVER_CLOSED' },
        },
        { code: 'TEXT_AFTER_CLOSING_QUOTE', message: 'The header: column 2 has text after its closing quote, read as written, quotes included', params: { row: 0, column: 2 } },
        { code: 'QUOTED_CELL_HOLDS_ROWS', message: 'Row 5: column 1 is one quoted cell of 4 lines holding delimiters', params: { row: 5, column: 1, lines: 4 } },
        { code: 'MORE_QUOTE_WARNINGS', message: '7 more rows of the sample have quotes like these', params: { count: 7 } },
      ],
    };
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const { container } = renderIn(
      'ja',
      <QueryClientProvider client={client}>
        <ImportWizard preview={async () => warned} upload={async () => Promise.reject(new Error('not uploaded'))} undoQuestion="?" />
      </QueryClientProvider>,
    );
    fireEvent.change(container.querySelector('input[type=file]') as HTMLInputElement, { target: { files: [new File(['x'], 'q.csv', { type: 'text/csv' })] } });
    const banner = (await screen.findByText('確認が必要な行')).closest('.banner') as HTMLElement;
    expect([...banner.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'データ 3 行目は除外されます: 2 列目を開く引用符が正しくありません（閉じられていません）。次の行から読み直しました。',
      'ヘッダー行: 2 列目の閉じ引用符の後に文字があります。引用符を含め、書かれたとおりに読み取りました。',
      'データ 5 行目: 1 列目は区切り文字を含む 4 行にわたる 1 つのセルとして読み取りました。引用符が意図どおりか確認してください（中に別の行が含まれている可能性があります）。',
      'サンプル内のほか 7 行にも同様の引用符があります。',
    ]);
    expect(banner.textContent).not.toMatch(/[A-Za-z]{3,}/);
  });


  it.each([
    ['ja', '1 行目はヘッダー（データ 1 行目はその次の行）: 電話番号 | 氏名', 'データ 1 行目: 1 列目の', 'データ行'],
    ['en', 'the first line is the header (data row 1 is the line after it): 電話番号 | 氏名', 'Data row 1: column 1 ', 'Data row'],
  ] as const)('(%s) numbers data rows unambiguously: the header line, the warnings and the table say the same', async (language, headerLine, warning, column) => {
    const warned: ImportPreview = {
      ...PREVIEW,
      rows: [{ row: 1, cells: ['"03"1', 'A'], outcome: 'rejected', rejection: { code: 'INVALID_PHONE', message: 'not a number' } }],
      warnings: [{ code: 'TEXT_AFTER_CLOSING_QUOTE', message: 'Row 1: column 1 has text after its closing quote', params: { row: 1, column: 1 } }],
    };
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const { container } = renderIn(
      language,
      <QueryClientProvider client={client}>
        <ImportWizard preview={async () => warned} upload={async () => Promise.reject(new Error('not uploaded'))} undoQuestion="?" />
      </QueryClientProvider>,
    );
    fireEvent.change(container.querySelector('input[type=file]') as HTMLInputElement, { target: { files: [new File(['x'], 'q.csv', { type: 'text/csv' })] } });
    expect((await screen.findByTestId('preview-header')).textContent).toBe(headerLine);
    expect(container.textContent).toContain(warning);
    expect(screen.getByTestId('import-preview').querySelector('thead th')?.textContent).toBe(column);
  });

  it('keeps the encoding choice when the detection misread the file, so a Shift_JIS file with a stray byte can still be previewed', async () => {
    const asked: (string | null)[] = [];
    // The api as it answers such a file: refused (it looks like windows-1252 but holds bytes that has no character for) until an encoding is named.
    const preview = async (form: FormData) => {
      asked.push(form.get('encoding') as string | null);
      if (form.get('encoding') !== 'shift_jis')
        throw new ApiError(
          422,
          'UNSUPPORTED_ENCODING',
          'The file\'s encoding was not recognised (it looks like "windows-1252", but holds bytes that encoding has no character for): if it is Shift_JIS (Japanese Excel), choose Shift_JIS as its encoding in the upload (encoding: shift_jis); otherwise re-save it as UTF-8. Supported: utf-8, utf-16le, utf-16be, shift_jis, windows-1252',
        );
      return PREVIEW;
    };
    const upload = async (): Promise<ImportView> => {
      throw new Error('not uploaded in this spec');
    };
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const { container } = renderIn(
      'ja',
      <QueryClientProvider client={client}>
        <ImportWizard preview={preview} upload={upload} undoQuestion="?" />
      </QueryClientProvider>,
    );
    const input = container.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([0x81, 0xff])], 'odd.csv', { type: 'text/csv' })] } });
    await screen.findByText(/windows-1252/);
    const encoding = screen.getByRole('combobox', { name: /文字コード/ });
    fireEvent.change(encoding, { target: { value: 'shift_jis' } });
    await waitFor(() => expect(screen.getByTestId('preview-encoding').dataset.encoding).toBe('shift_jis'));
    expect(screen.queryByText(/windows-1252/)).toBeNull();
    expect(asked).toEqual([null, 'shift_jis']);

    // "Choose another file" goes away with its step: focus lands on the heading naming the new step, not the page's top.
    fireEvent.click(screen.getByRole('button', { name: '別のファイルを選ぶ' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: /ステップ 1\/3/ }));
  });

  it('lets the user pick the phone column of a file whose phone header it does not recognise, then preview and import it (Japanese)', async () => {
    const COLUMNS = ['氏名', 'Contact number'];
    const sent: (string | null)[] = [];
    // The api as it answers: no column mapped to phone is a problem of the preview (200), not a refusal.
    const preview = async (form: FormData): Promise<ImportPreview> => {
      const mapping = form.get('mapping') as string | null;
      sent.push(mapping);
      const chosen = mapping ? (JSON.parse(mapping) as Record<string, string>) : { 氏名: 'fullName' };
      const base = { ...PREVIEW, header: COLUMNS, columns: COLUMNS, suggestedMapping: { 氏名: 'fullName' as const }, mapping: chosen as ImportPreview['mapping'] };
      if (!Object.values(chosen).includes('phone')) {
        return {
          ...base,
          rows: [{ row: 1, cells: ['山田', '03-1234-5678'], outcome: 'unmapped' }],
          counts: { ...PREVIEW.counts, rowsRead: 1 },
          problems: [{ code: 'NO_PHONE_COLUMN', message: 'No column is recognised as the phone number', params: { columns: COLUMNS } }],
        };
      }
      return {
        ...base,
        rows: [{ row: 1, cells: ['山田', '03-1234-5678'], outcome: 'lead', lead: { phone: '+81312345678', phoneType: 'FIXED_LINE', phoneExtension: null, altPhones: [], country: 'JP', timezone: 'Asia/Tokyo', timezoneCandidates: ['Asia/Tokyo'], timezoneSource: 'country', status: 'new', blockedReason: null } }],
        counts: { ...PREVIEW.counts, rowsRead: 1, accepted: 1 },
      };
    };
    const uploaded: (string | null)[] = [];
    const started = jest.fn();
    const upload = async (form: FormData): Promise<ImportView> => {
      uploaded.push(form.get('mapping') as string | null);
      throw new Error('stop here');
    };
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const { container } = renderIn(
      'ja',
      <QueryClientProvider client={client}>
        <ImportWizard preview={preview} upload={upload} mappable={LEAD_FIELDS} undoQuestion="?" onStarted={started} />
      </QueryClientProvider>,
    );
    fireEvent.change(container.querySelector('input[type=file]') as HTMLInputElement, { target: { files: [new File(['x'], 'crm.csv', { type: 'text/csv' })] } });
    const problem = await screen.findByTestId('preview-problems');
    expect(problem.textContent).toBe(
      '電話番号の列が見つかりません（ファイルの列: 「氏名」、「Contact number」）。電話番号が入っている列の割り当てで「電話番号」を選んでください。選ぶまでインポートは開始できません。',
    );
    const importButton = screen.getByRole('button', { name: 'ファイル全体をインポート' }) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);
    expect(screen.queryByTestId('preview-counts')).toBeNull();
    // A select per column, the phone column among them.
    const select = screen.getByLabelText('列「Contact number」の項目') as HTMLSelectElement;
    expect(select.value).toBe('');
    fireEvent.change(select, { target: { value: 'phone' } });
    await waitFor(() => expect(screen.queryByTestId('preview-problems')).toBeNull());
    expect(JSON.parse(sent[1]!)).toEqual({ 氏名: 'fullName', 'Contact number': 'phone' });
    expect(screen.getByTestId('import-preview').textContent).toContain('+81312345678');
    await waitFor(() => expect(importButton.disabled).toBe(false));
    fireEvent.click(importButton);
    await waitFor(() => expect(uploaded).toHaveLength(1));
    expect(JSON.parse(uploaded[0]!)).toEqual({ 氏名: 'fullName', 'Contact number': 'phone' });
  });

  it('tells the list page when an import has started, and numbers its steps in their own text (English)', async () => {
    const view = { id: 'i1', state: 'queued', fileName: 'a.csv', durationMs: null, progress: 0, counts: PREVIEW.counts, error: null } as unknown as ImportView;
    const started = jest.fn();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const { container, unmount } = renderIn(
      'en',
      <QueryClientProvider client={client}>
        <ImportWizard preview={async () => PREVIEW} upload={async () => view} undoQuestion="?" onStarted={started} />
      </QueryClientProvider>,
    );
    // Each step carries its number: "1. Choose the file", never a marker set against the previous step's words.
    expect([...container.querySelectorAll('.lists-steps li')].map((li) => li.textContent)).toEqual(['1. Choose the file', '2. Check the preview', '3. Import']);
    fireEvent.change(container.querySelector('input[type=file]') as HTMLInputElement, { target: { files: [new File(['x'], 'a.csv', { type: 'text/csv' })] } });
    await screen.findByTestId('preview-counts');
    fireEvent.click(screen.getByRole('button', { name: 'Import the whole file' }));
    await waitFor(() => expect(started).toHaveBeenCalledWith(view));
    // The started import is polled: stop it with the page.
    unmount();
    client.clear();
  });
});
