import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { answer, refusal } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';

const mockApi = { GET: jest.fn(), POST: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { SubjectPage } from './subject-page';

describe('SubjectPage: looking a number up', () => {
  it('says in Japanese that the country is unknown, with the field’s Japanese label, not its api name', async () => {
    mockApi.GET.mockImplementation(() =>
      refusal(400, 'VALIDATION_FAILED', 'country: XX is not a country we know numbers of', {
        fields: [{ field: 'country', messages: ['XX is not a country we know numbers of'], rules: ['UNKNOWN_COUNTRY'] }],
      }),
    );
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    renderIn(
      'ja',
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={['/subjects?phone=0312345678&country=XX']}>
          <SubjectPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const item = await screen.findByText(/国コードとして認識できません/);
    expect(item.textContent).toBe('国: 国コードとして認識できません。ISO の 2 文字のコード（例: JP、US、GB）で入力してください。');
    expect(screen.queryByText(/country:/)).toBeNull();
  });
});

describe('SubjectPage: what is held', () => {
  it('shows a lead’s status in Japanese words, not the api’s code', async () => {
    const lead = (status: string, id: string) => ({ id, list_name: 'Spring', last_name: '山田', first_name: '花子', email: null, external_id: null, status, attempt_count: 1, created_at: '2026-12-01T00:00:00Z' });
    mockApi.GET.mockImplementation(() =>
      answer({ phone: '+81312345678', leads: [lead('new', 'l1'), lead('done', 'l2'), lead('blocked', 'l3')], attempts: [], surveyAnswers: [], consents: [], revocations: [], dncEntries: [], recordings: [] }),
    );
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    renderIn(
      'ja',
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={['/subjects?phone=%2B81312345678']}>
          <SubjectPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await screen.findByText('未架電');
    const statuses = [...document.querySelectorAll('[data-section="leads"] tbody tr')].map((row) => row.querySelectorAll('td')[5].textContent);
    expect(statuses).toEqual(['未架電', '完了', '架電停止']);
  });
});
