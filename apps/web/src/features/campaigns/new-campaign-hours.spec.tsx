import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { answer, refusal } from '../../app/testing/fake-api';
import { renderIn } from '../../app/testing/render-in';

globalThis.structuredClone ??= <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const mockApi = { GET: jest.fn(), POST: jest.fn(), PATCH: jest.fn(), PUT: jest.fn(), DELETE: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
import { CampaignsRoutes } from './campaigns-routes';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const week = (start: string, end: string) => Object.fromEntries(DAYS.map((day) => [day, { start, end }]));
/** What the api answers for a new campaign's settings before any is set: its jurisdiction's lawful hours. */
const HOURS: Record<string, Record<string, { start: string; end: string }>> = { JP: week('09:00', '20:00'), US: week('08:00', '21:00') };

function renderNew() {
  mockApi.GET.mockImplementation((path: string, options?: { params?: { query?: { jurisdiction?: string } } }) => {
    if (path === '/campaigns/defaults') return answer({ effective: { callingHours: { weekly: HOURS[options!.params!.query!.jurisdiction!], holidays: [] } } });
    return answer([]);
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  renderIn(
    'ja',
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/new']}>
        <CampaignsRoutes />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const row = (day: string) => document.querySelector<HTMLTableRowElement>(`tr[data-day="${day}"]`)!;
const times = (day: string) => within(row(day)).getAllByDisplayValue(/\d\d:\d\d/).map((input) => (input as HTMLInputElement).value);
const ownWeek = () => screen.getByRole<HTMLInputElement>('checkbox', { name: /独自の曜日別時間帯/ });

beforeEach(() => jest.clearAllMocks());

describe('the new campaign form’s calling hours', () => {
  it('shows the hours the chosen jurisdiction gives before anything is ticked, and follows a change of jurisdiction', async () => {
    renderNew();
    await waitFor(() => expect(times('mon')).toEqual(['09:00', '20:00']));
    expect(DAYS.every((day) => (within(row(day)).getByRole('checkbox') as HTMLInputElement).checked)).toBe(true);
    fireEvent.change(screen.getByRole('combobox', { name: '法域' }), { target: { value: 'US' } });
    await waitFor(() => expect(times('sun')).toEqual(['08:00', '21:00']));
  });

  it('starts the campaign’s own week from those hours, so one day changed leaves the others calling', async () => {
    renderNew();
    await waitFor(() => expect(ownWeek().disabled).toBe(false));
    fireEvent.change(screen.getByRole('textbox', { name: '名称' }), { target: { value: 'Spring' } });
    fireEvent.click(ownWeek());
    fireEvent.click(within(row('sun')).getByRole('checkbox'));
    mockApi.POST.mockImplementationOnce(() => answer({ id: '00000000-0000-4000-8000-0000000000c3' }));
    fireEvent.click(screen.getByRole('button', { name: 'キャンペーンを作成' }));
    await waitFor(() => expect(mockApi.POST).toHaveBeenCalled());
    const body = mockApi.POST.mock.calls[0][1].body as { settings: { callingHours: { weekly: Record<string, unknown> } } };
    expect(body.settings.callingHours.weekly).toEqual({ ...HOURS.JP, sun: null });
  });

  it('says beside the week, in Japanese, that a week with no calling day is refused', async () => {
    renderNew();
    await waitFor(() => expect(ownWeek().disabled).toBe(false));
    fireEvent.change(screen.getByRole('textbox', { name: '名称' }), { target: { value: 'Spring' } });
    fireEvent.click(ownWeek());
    for (const day of DAYS) fireEvent.click(within(row(day)).getByRole('checkbox'));
    const message = "callingHours.weekly gives no day calling hours: give at least one day a window, or leave weekly out for the jurisdiction's hours";
    mockApi.POST.mockImplementationOnce(() =>
      refusal(400, 'VALIDATION_FAILED', `settings.callingHours.weekly: ${message}`, {
        fields: [{ field: 'settings.callingHours.weekly', messages: [message], rules: ['NO_CALLING_DAYS'], params: [null] }],
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'キャンペーンを作成' }));
    await waitFor(() => expect(ownWeek().getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(ownWeek().getAttribute('aria-describedby')!)!.textContent).toMatch(/^架電できる曜日がありません。/);
    expect(document.body.textContent).not.toContain(message);
  });
});
