import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { answer } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';
import { Language } from '../../app/i18n';

const mockApi = { GET: jest.fn(), POST: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { ExportsPage } from './exports-page';

const FAILED = {
  id: 'x1',
  kind: 'attempts',
  format: 'csv',
  encoding: 'utf-8',
  filters: {},
  state: 'failed',
  requestedBy: null,
  requestedRole: 'compliance',
  rowsTotal: 10,
  rowsWritten: 0,
  progress: 0,
  replacedCharacters: 0,
  fileName: null,
  fileSize: null,
  error: 'The export stopped after 3 attempts: ENOSPC: no space left on device',
  errorCode: 'EXPORT_ATTEMPTS_FAILED',
  errorParams: { attempts: 3 },
  createdAt: '2026-12-01T00:00:00Z',
  startedAt: '2026-12-01T00:00:01Z',
  finishedAt: '2026-12-01T00:00:09Z',
  expiresAt: null,
};

function renderPage(language: Language) {
  mockApi.GET.mockImplementation((path: string) => answer(path === '/exports' ? { items: [FAILED], total: 1 } : []));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderIn(
    language,
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <ExportsPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => jest.clearAllMocks());

describe('ExportsPage: a failed export in the history', () => {
  it('says why in Japanese by its code, with the attempts made, the api’s English kept in its title', async () => {
    renderPage('ja');
    const why = await screen.findByText('3 回試みましたが作成できませんでした。もう一度エクスポートしてください。');
    expect(why.title).toBe(FAILED.error);
    expect(screen.getByTestId('export-history').textContent).not.toMatch(/stopped after/);
  });

  it('shows the api’s sentence, naming the cause, in English', async () => {
    renderPage('en');
    expect(await screen.findByText(FAILED.error)).toBeTruthy();
  });
});
