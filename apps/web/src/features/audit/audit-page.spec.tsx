import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { answer } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';

const mockApi = { GET: jest.fn(), POST: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
import { AuditPage } from './audit-page';

const ADMIN = '00000000-0000-4000-8000-00000000a001';
const GONE = '00000000-0000-4000-8000-00000000d001';
const entry = (seq: number, fields: object) => ({
  seq: String(seq),
  id: String(seq),
  at: '2026-12-01T00:00:00Z',
  actorId: null,
  actorName: null,
  actorEmail: null,
  actorRole: 'system',
  entityId: null,
  data: {},
  requestId: null,
  prevHash: null,
  hash: null,
  ...fields,
});
const ENTRIES = [
  entry(5, { actorId: ADMIN, actorName: '山田 花子', actorEmail: 'hanako@example.com', actorRole: 'admin', action: 'campaign.start', entityType: 'campaign', entityId: 'c1' }),
  entry(4, { actorId: GONE, actorRole: 'agent', action: 'call.disposition', entityType: 'call_attempt', entityId: 'a1' }),
  entry(3, { actorRole: 'system', action: 'import.completed', entityType: 'import_job' }),
  entry(2, { actorRole: 'anonymous', action: 'auth.login_failed', entityType: 'user' }),
  entry(1, { actorId: ADMIN, actorName: '山田 花子', actorEmail: 'hanako@example.com', actorRole: 'compliance', action: 'dnc.requested_again', entityType: 'dnc_entry' }),
];

function renderPage() {
  mockApi.GET.mockImplementation((path: string) => answer(path === '/audit' ? { items: ENTRIES, nextBefore: null } : { ok: true, checked: 5, headSeq: '5', headHash: 'ab', firstBroken: null }));
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  renderIn(
    'ja',
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <AuditPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const cells = (action: string) => [...document.querySelector(`tr[data-action="${action}"]`)!.querySelectorAll('td')].map((td) => td.textContent);

describe('AuditPage in Japanese', () => {
  it('names who acted, their role, the action and what it was about in Japanese, never a raw role, entity type or bare UUID', async () => {
    renderPage();
    await screen.findByTestId('audit-entries');
    expect(cells('campaign.start').slice(2, 5)).toEqual(['山田 花子管理者 · hanako@example.com', 'キャンペーンを開始campaign.start', 'キャンペーンc1']);
    expect(cells('call.disposition').slice(2, 5)).toEqual([`登録のないユーザーオペレーターユーザー ID: ${GONE}`, '通話結果を登録call.disposition', '架電a1']);
    expect(cells('import.completed').slice(2, 5)).toEqual(['システム', '取り込み完了import.completed', '取り込み']);
    expect(cells('auth.login_failed').slice(2, 5)).toEqual(['未サインイン', 'サインイン拒否auth.login_failed', 'ユーザー']);
    expect(cells('dnc.requested_again').slice(2, 5)).toEqual(['山田 花子コンプライアンス担当 · hanako@example.com', '架電禁止の再依頼（登録済みの番号）dnc.requested_again', '架電禁止リストの登録']);
    const table = within(screen.getByTestId('audit-entries'));
    for (const raw of ['admin', 'agent', 'compliance', 'system', 'campaign', 'call_attempt', 'dnc_entry']) expect(table.queryByText(raw)).toBeNull();
  });
});
