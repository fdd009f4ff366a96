import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { renderIn } from '../../../app/testing/render-in';
import type { ImportView } from './import-form';

jest.mock('../../../app/session', () => ({ useSession: () => ({ api: {}, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { ImportStatus, rejectionsUrl } from './import-status';

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

  it('says in Japanese that the worker gave up on an import, or lost it', () => {
    for (const [code, message, said] of [
      ['IMPORT_ERROR', 'The import stopped after 3 attempts: connection reset', '取り込みを再試行しても完了できませんでした。'],
      ['IMPORT_ABANDONED', 'The import stopped and will not be retried (job stalled): upload the file again', '取り込みが途中で止まり、再試行されません。'],
    ]) {
      const { unmount } = renderIn(
        'ja',
        <QueryClientProvider client={new QueryClient()}>
          <ImportStatus id="i1" initial={{ ...FAILED, error: { code, message } }} undoQuestion="?" />
        </QueryClientProvider>,
      );
      expect(screen.getByRole('alert').textContent).toContain(said);
      expect(screen.getByRole('alert').textContent).not.toContain('stopped');
      unmount();
    }
  });

  it('says how long an import has been running while it runs, how long it took once done, and nothing while it waits (English)', () => {
    const shown = (view: Partial<ImportView>) => {
      const client = new QueryClient();
      const { unmount } = renderIn(
        'en',
        <QueryClientProvider client={client}>
          <ImportStatus id="i1" initial={{ ...FAILED, error: null, ...view } as ImportView} undoQuestion="?" />
        </QueryClientProvider>,
      );
      const text = screen.getByTestId('import-status').querySelector('p')?.textContent ?? '';
      unmount();
      client.clear();
      return text;
    };
    expect(shown({ state: 'queued', durationMs: null })).not.toMatch(/Took|Running for/);
    const running = shown({ state: 'running', durationMs: 5_000, startedAt: '2026-01-01T00:00:00Z' });
    expect(running).toContain('Running for 0:05');
    expect(running).not.toContain('Took');
    expect(shown({ state: 'completed', durationMs: 65_000, progress: 100 })).toContain('Took 1:05');
  });

  it('asks for the rejection report in Japanese from a Japanese page', () => {
    expect(rejectionsUrl('/imports/i1/rejections.csv', 'ja')).toBe('/imports/i1/rejections.csv?lang=ja');
    expect(rejectionsUrl('/imports/i1/rejections.csv', 'en')).toBe('/imports/i1/rejections.csv');
  });
});
