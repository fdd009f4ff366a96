import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { renderIn } from '../../../app/testing/render-in';
import type { ImportView } from './import-form';

jest.mock('../../../app/session', () => ({ useSession: () => ({ api: {}, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { ImportStatus } from './import-status';

const FAILED = {
  id: 'i1', listId: 'l1', target: 'leads', state: 'failed', fileName: 'leads.csv', fileSize: 10, encoding: null, delimiter: null, hasHeader: true, columns: [], mapping: {},
  progress: 0, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null, durationMs: null, rejectionsUrl: '/imports/i1/rejections.csv',
  counts: { rowsRead: 0, accepted: 0, rejected: 0, duplicates: 0, dncFlagged: 0, noTimezone: 0 },
  error: { code: 'NOT_A_CSV', message: 'The file does not look like CSV' },
} as unknown as ImportView;

describe('ImportStatus', () => {
  it('says why an import failed in Japanese, by the failure’s code', () => {
    const client = new QueryClient();
    renderIn(
      'ja',
      <QueryClientProvider client={client}>
        <ImportStatus id="i1" initial={FAILED} undoQuestion="?" />
      </QueryClientProvider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('CSV ファイルではないようです。');
    expect(screen.queryByText(/does not look like CSV/)).toBeNull();
  });
});
