import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { answer, refusal } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';
import { Language } from '../../app/i18n';

const mockApi = { GET: jest.fn(), POST: jest.fn(), DELETE: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { DncPage } from './dnc-page';

const ENTRY = { id: 'e1', phone: '+819012345678', scope: 'global', campaignId: null, product: null, source: 'api', reason: 'revoked (compliance_user): no more calls', revocation: { channel: 'compliance_user', content: 'no more calls' }, createdAt: '2026-01-01T00:00:00Z', expiresAt: null, importId: null, createdBy: null };

function renderPage(language: Language) {
  mockApi.GET.mockImplementation((path: string) => answer(path === '/dnc' ? { phone: null, total: 1, limit: 50, offset: 0, entries: [ENTRY] } : []));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  renderIn(
    language,
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <DncPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return within(screen.getByTestId('dnc-add'));
}

beforeEach(() => jest.clearAllMocks());

describe('DncPage: the entries', () => {
  it('words a revocation’s reason in Japanese, the api’s English kept in its title', async () => {
    renderPage('ja');
    const reason = await screen.findByText('同意撤回（コンプライアンス担当）: no more calls');
    expect(reason.title).toBe('revoked (compliance_user): no more calls');
  });
});

describe('DncPage: adding a number', () => {
  it('adds once when the button is double-clicked', async () => {
    let finish: (value: unknown) => void = () => undefined;
    mockApi.POST.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    const form = renderPage('en');
    fireEvent.change(form.getByRole('textbox', { name: /Number/ }), { target: { value: '+819012345678' } });
    const button = form.getByRole('button', { name: 'Add to the list' });
    act(() => {
      fireEvent.click(button);
      fireEvent.click(button);
    });
    await act(async () => finish(await answer({ created: true, entry: ENTRY, leadsBlocked: 0 })));
    expect(mockApi.POST).toHaveBeenCalledTimes(1);
  });

  it('marks the refused number for keyboard and screen-reader users: invalid, described by its message, focused, said once in Japanese', async () => {
    mockApi.POST.mockImplementation(() =>
      refusal(400, 'VALIDATION_FAILED', 'phone: "12" is too short', { fields: [{ field: 'phone', messages: ['"12" is too short'], rules: ['INVALID_PHONE'] }] }),
    );
    const form = renderPage('ja');
    const phone = form.getByRole('textbox', { name: /番号/ });
    fireEvent.change(phone, { target: { value: '12' } });
    fireEvent.click(form.getByRole('button', { name: 'リストに登録' }));
    await waitFor(() => expect(phone.getAttribute('aria-invalid')).toBe('true'));
    const message = document.getElementById(phone.getAttribute('aria-describedby') ?? '');
    expect(message?.textContent).toBe('電話番号として読み取れません。番号と国を確認してください。');
    expect(document.activeElement).toBe(phone);
    // Once, beside the field: not again in the notice, nor in English, nor with its path.
    expect(screen.getAllByText(/電話番号として読み取れません/)).toHaveLength(1);
    expect(screen.queryByText(/too short/)).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('入力内容に誤りがあります');
  });

  it('says in Japanese that a country code is unknown, beside the country field', async () => {
    mockApi.POST.mockImplementation(() =>
      refusal(400, 'VALIDATION_FAILED', 'country: XX is not a country we know numbers of', {
        fields: [{ field: 'country', messages: ['XX is not a country we know numbers of'], rules: ['UNKNOWN_COUNTRY'] }],
      }),
    );
    const form = renderPage('ja');
    fireEvent.change(form.getByRole('textbox', { name: /番号/ }), { target: { value: '0312345678' } });
    const country = document.querySelector('[data-testid=dnc-add] input[name=country]') as HTMLInputElement;
    fireEvent.change(country, { target: { value: 'XX' } });
    fireEvent.click(form.getByRole('button', { name: 'リストに登録' }));
    await waitFor(() => expect(country.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(country.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      '国コードとして認識できません。ISO の 2 文字のコード（例: JP、US、GB）で入力してください。',
    );
    expect(screen.queryByText(/not a country we know/)).toBeNull();
  });
});

describe('DncPage: searching', () => {
  it('says in Japanese that the searched country is unknown, with the field’s Japanese label, not its api name', async () => {
    renderPage('ja');
    mockApi.GET.mockImplementation((path: string) =>
      path === '/dnc'
        ? refusal(400, 'VALIDATION_FAILED', 'country: XX is not a country we know numbers of', {
            fields: [{ field: 'country', messages: ['XX is not a country we know numbers of'], rules: ['UNKNOWN_COUNTRY'] }],
          })
        : answer([]),
    );
    const search = within(screen.getByTestId('dnc-search'));
    fireEvent.change(document.querySelector('[data-testid=dnc-search] input[name=phone]') as HTMLInputElement, { target: { value: '0312345678' } });
    fireEvent.change(document.querySelector('[data-testid=dnc-search] input[name=country]') as HTMLInputElement, { target: { value: 'XX' } });
    fireEvent.click(search.getByRole('button', { name: '検索' }));
    const item = await screen.findByText(/国コードとして認識できません/);
    expect(item.textContent).toBe('国: 国コードとして認識できません。ISO の 2 文字のコード（例: JP、US、GB）で入力してください。');
    expect(screen.queryByText(/country:/)).toBeNull();
  });
});
