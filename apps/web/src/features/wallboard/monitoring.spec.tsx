import '../../app/testing/text-encoder';
import type { DeskPresence } from '@dialer/desk-events';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { answer, refusal } from '../../app/testing/fake-api';
import { I18nextProvider } from 'react-i18next';
import { initI18n, Language } from '../../app/i18n';

const mockApi = { GET: jest.fn(), POST: jest.fn(), PATCH: jest.fn(), DELETE: jest.fn() };
jest.mock('../../app/session', () => ({ useSession: () => ({ api: mockApi, session: { accessToken: 't' } }) }));
// Imported after the mock (jest hoists jest.mock above the imports).
import { AgentGrid } from './agent-grid';

const agent = (agentId: string, name: string, state: DeskPresence['state'], attemptId: string | null = null): DeskPresence => ({
  agentId, name, campaignId: 'c1', state, sinceMs: Date.now(), attemptId, leadId: null, pauseReason: state === 'paused' ? 'break' : null, pauseAfterCall: null, wrapUpUntilMs: null, epoch: 1,
});
const AIKO = agent('a1', 'Aiko', 'on_call', 'att-1');
const BEN = agent('a2', 'Ben', 'on_call', 'att-2');
const CHIE = agent('a3', 'Chie', 'paused');
const monitoring = (mode: string) => ({ agentId: 'a1', supervisorId: 's1', attemptId: 'att-1', mode, audio: 'emulated', connected: true, token: null });

function grid(language: Language, agents: DeskPresence[]) {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  const i18n = initI18n(language);
  // The same providers on every render: the floor socket pushes a new list to the same grid.
  const wrap = (list: DeskPresence[]): ReactElement => (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <AgentGrid agents={list} campaignNames={null} />
      </QueryClientProvider>
    </I18nextProvider>
  );
  const view = render(wrap(agents));
  return { rerender: (list: DeskPresence[]) => view.rerender(wrap(list)), unmount: () => view.unmount() };
}
const row = (agentId: string) => within(document.querySelector<HTMLElement>(`tr[data-agent="${agentId}"]`)!);

beforeEach(() => {
  jest.clearAllMocks();
  // No monitoring in force when the wallboard opens, unless a test says otherwise.
  mockApi.GET.mockImplementation(() => answer({ monitoring: null }));
});

describe('call monitoring from the agent grid', () => {
  it('offers listen, whisper and barge for agents on a call only', () => {
    grid('ja', [AIKO, CHIE]);
    for (const name of ['モニタリング', 'ささやき', '割り込み']) expect(row('a1').getByRole('button', { name })).toBeTruthy();
    expect(row('a3').queryByRole('button', { name: 'モニタリング' })).toBeNull();
  });

  it('starts once on a double click, shows who is monitored and how, switches mode in place and stops', async () => {
    let finish: (value: unknown) => void = () => undefined;
    mockApi.POST.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    grid('en', [AIKO, BEN]);
    const listen = row('a1').getByRole('button', { name: 'Listen' });
    act(() => {
      fireEvent.click(listen);
      fireEvent.click(listen);
    });
    await waitFor(() => expect(mockApi.POST).toHaveBeenCalled());
    const started = await answer(monitoring('listen'));
    await act(async () => finish(started));
    expect(mockApi.POST).toHaveBeenCalledTimes(1);
    expect(mockApi.POST).toHaveBeenCalledWith('/agents/{id}/monitoring', { params: { path: { id: 'a1' } }, body: { mode: 'listen' } });
    const bar = within(await screen.findByRole('region', { name: 'Call monitoring' }));
    expect(bar.getByText('Monitoring Aiko: listening (nobody hears you)')).toBeTruthy();
    // One call at a time: Ben's buttons wait.
    expect((row('a2').getByRole('button', { name: 'Listen' }) as HTMLButtonElement).disabled).toBe(true);

    mockApi.PATCH.mockImplementation(() => answer(monitoring('whisper')));
    await act(async () => fireEvent.click(bar.getByRole('button', { name: 'Whisper' })));
    expect(mockApi.PATCH).toHaveBeenCalledWith('/agents/{id}/monitoring', { params: { path: { id: 'a1' } }, body: { mode: 'whisper' } });
    expect(bar.getByText('Monitoring Aiko: whispering (only the agent hears you)')).toBeTruthy();
    expect(row('a1').getByRole('button', { name: 'Whisper' }).getAttribute('aria-pressed')).toBe('true');

    mockApi.DELETE.mockImplementation(() => answer(monitoring('whisper')));
    await act(async () => fireEvent.click(bar.getByRole('button', { name: 'Stop monitoring' })));
    expect(mockApi.DELETE).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('region', { name: 'Call monitoring' })).toBeNull();
  });

  it('lets the bar go, saying why, when the monitored call ends', async () => {
    mockApi.POST.mockImplementation(() => answer(monitoring('barge')));
    const view = grid('ja', [AIKO]);
    await act(async () => fireEvent.click(row('a1').getByRole('button', { name: '割り込み' })));
    expect(screen.getByRole('region', { name: '通話モニタリング' })).toBeTruthy();
    view.rerender([{ ...AIKO, state: 'wrap_up' }]);
    expect(screen.queryByRole('region', { name: '通話モニタリング' })).toBeNull();
    expect(screen.getByText('Aiko の通話が終了したため、モニタリングを終了しました。')).toBeTruthy();
  });

  it('lets the bar go when the api no longer knows the monitoring (the leg dropped), saying so', async () => {
    mockApi.POST.mockImplementation(() => answer(monitoring('listen')));
    mockApi.PATCH.mockImplementation(() => refusal(409, 'NOT_MONITORING', 'You are not monitoring this agent’s call (it may have ended)'));
    grid('en', [AIKO]);
    await act(async () => fireEvent.click(row('a1').getByRole('button', { name: 'Listen' })));
    const bar = within(await screen.findByRole('region', { name: 'Call monitoring' }));
    await act(async () => fireEvent.click(bar.getByRole('button', { name: 'Barge' })));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Call monitoring' })).toBeNull());
    expect(within(screen.getByRole('alert')).getByText(/not monitoring this agent’s call/)).toBeTruthy();
    expect((row('a1').getByRole('button', { name: 'Listen' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says in Japanese that another supervisor already monitors the call', async () => {
    mockApi.POST.mockImplementation(() => refusal(409, 'AGENT_ALREADY_MONITORED', 'Another supervisor is already monitoring this call'));
    grid('ja', [AIKO]);
    await act(async () => fireEvent.click(row('a1').getByRole('button', { name: 'モニタリング' })));
    expect(within(screen.getByRole('alert')).getByText('この通話はすでに別のスーパーバイザーがモニタリングしています。')).toBeTruthy();
    expect(screen.queryByRole('region', { name: '通話モニタリング' })).toBeNull();
  });

  it('brings the bar back after a reload, keeps it while the agent is out of view, and stops through the api on leaving', async () => {
    mockApi.GET.mockImplementation((path: string) => (path === '/agents/monitoring/mine' ? answer({ monitoring: monitoring('barge') }) : answer({})));
    const view = grid('en', [AIKO, BEN]);
    const bar = within(await screen.findByRole('region', { name: 'Call monitoring' }));
    expect(bar.getByText('Monitoring Aiko: barged in (agent and callee hear you)')).toBeTruthy();
    // Another campaign picked: Aiko leaves the grid, her call goes on.
    view.rerender([BEN]);
    expect(screen.getByRole('region', { name: 'Call monitoring' })).toBeTruthy();
    expect(screen.queryByText(/ended/)).toBeNull();
    mockApi.DELETE.mockImplementation(() => answer(monitoring('barge')));
    view.unmount();
    expect(mockApi.DELETE).toHaveBeenCalledWith('/agents/{id}/monitoring', { params: { path: { id: 'a1' } } });
  });

  it('says in Japanese whose call is monitored, and how, without saying モニタリング twice', async () => {
    mockApi.POST.mockImplementation(() => answer(monitoring('listen')));
    grid('ja', [AIKO]);
    await act(async () => fireEvent.click(row('a1').getByRole('button', { name: 'モニタリング' })));
    const bar = within(await screen.findByRole('region', { name: '通話モニタリング' }));
    expect(bar.getByText('Aiko の通話: モニタリング（誰にも聞こえません）')).toBeTruthy();
  });
});
