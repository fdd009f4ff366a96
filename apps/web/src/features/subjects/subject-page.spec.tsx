import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { refusal } from '../../app/testing/fake-api';
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
