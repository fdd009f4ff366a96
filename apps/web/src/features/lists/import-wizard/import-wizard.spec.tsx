import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../../api/client';
import { renderIn } from '../../../app/testing/render-in';
import { ImportPreview, ImportView } from './import-form';
import { ImportWizard } from './import-wizard';

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
    // The api as it answers such a file: refused as windows-1252 until an encoding is named.
    const preview = async (form: FormData) => {
      asked.push(form.get('encoding') as string | null);
      if (form.get('encoding') !== 'shift_jis')
        throw new ApiError(422, 'UNSUPPORTED_ENCODING', 'The encoding "windows-1252" is not supported; use one of utf-8, utf-16le, utf-16be, shift_jis');
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
});
