import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { answer } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';
import { Language } from '../../app/i18n';

const mockApi = { GET: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { OutcomeSections } from './outcome-sections';

const row = (unreadable: number) => ({ currency: 'JPY', count: 3, amount: 30_000, kept: 1, keptAmount: 10_000, broken: 0, pending: 1, unreadable });

function renderPromises(language: Language, rows: ReturnType<typeof row>[]) {
  mockApi.GET.mockImplementation((path: string) =>
    answer(path.endsWith('/promises') ? { campaignId: 'c1', currencies: rows } : { campaignId: 'c1', questions: [] }),
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderIn(
    language,
    <QueryClientProvider client={client}>
      <OutcomeSections campaignId="c1" range={{ from: '2026-12-01', to: '2026-12-07' }} />
    </QueryClientProvider>,
  );
}

describe('OutcomeSections: promises to pay', () => {
  it('tells the reader, in Japanese, how many promises could not be read and what the totals leave out', async () => {
    renderPromises('ja', [row(1), { ...row(1), currency: 'USD' }]);
    expect((await screen.findByTestId('rp-promises-unreadable')).textContent).toContain('2 件の支払約束は金額または期日を読み取れません');
  });

  it('says it once, in the singular, in English', async () => {
    renderPromises('en', [row(1)]);
    expect((await screen.findByTestId('rp-promises-unreadable')).textContent).toMatch(/^1 promise could not be read/);
  });

  it('says nothing when every promise was read', async () => {
    renderPromises('en', [row(0)]);
    await screen.findByText('JPY');
    expect(screen.queryByTestId('rp-promises-unreadable')).toBeNull();
  });
});
