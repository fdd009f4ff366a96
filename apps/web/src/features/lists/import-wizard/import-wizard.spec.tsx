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
