import '../../app/testing/text-encoder';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { DeskPresence, DeskScreenPop } from '@dialer/desk-events';
import { answer, refusal } from '../../app/testing/fake-api';
import { initI18n } from '../../app/i18n';
import type { CallMemory } from './call-memory';
import type { DeskLive } from './use-desk';

const mockApi = { GET: jest.fn(), POST: jest.fn(), DELETE: jest.fn() };
jest.mock('../../app/session', () => ({
  useSession: () => ({ api: mockApi, session: { accessToken: 't', user: { userId: 'agent-1', displayName: 'Agent One' } }, expire: jest.fn() }),
}));
// The desk's socket is played by the test: what useDesk would hold is set here.
let mockDesk: DeskLive;
jest.mock('./use-desk', () => ({ useDesk: () => mockDesk }));
// jsdom has no performance marks: the pop's timing is the browser's business.
jest.mock('./screen-pop-timing', () => ({ SCREEN_POP_MEASURE: 'screen-pop', screenPopReceived: jest.fn(), useScreenPopPainted: jest.fn() }));
jest.mock('../../ui/twilio-phone', () => ({ connectTwilioLeg: jest.fn(), MicrophoneRefusedError: class extends Error {} }));
// Imported after the mocks (jest hoists jest.mock above the imports).
import { AgentDeskPage, AUDIO_RECHECK_CONNECTED_MS, AUDIO_RECHECK_DISCONNECTED_MS, audioRecheckMs } from './agent-desk-page';

const CAMPAIGN = {
  id: 'campaign-1',
  name: 'Campaign',
  kind: 'telemarketing',
  dialingMode: 'predictive',
  jurisdiction: 'US',
  wrapUp: { seconds: 30, maxSeconds: 60, autoReady: true },
  identity: null,
  callingHours: null,
  previewAutoDialAfterSec: null,
  pauseReasons: ['break'],
};

const presence = (state: DeskPresence['state'], attemptId: string | null = null): DeskPresence => ({
  agentId: 'agent-1',
  name: 'Agent One',
  campaignId: 'campaign-1',
  state,
  sinceMs: Date.now(),
  attemptId,
  leadId: attemptId ? 'lead-1' : null,
  pauseReason: null,
  pauseAfterCall: null,
  wrapUpUntilMs: null,
  epoch: 1,
});

const callOf = (attemptId: string, ended = false): CallMemory => ({
  pop: {
    attemptId,
    mode: 'predictive',
    campaign: { id: 'campaign-1', name: 'Campaign', kind: 'telemarketing' },
    lead: { id: 'lead-1', phone: '+12125550100', firstName: 'Ann', lastName: 'Lee', email: null, externalId: null, region: null, postalCode: null, custom: {} },
    localTime: null,
    script: '',
    history: [],
    dispositions: [{ code: 'SALE', label: 'Sale', isCallback: false, isDnc: false, position: 1, fields: [] }],
    survey: null,
  } as unknown as DeskScreenPop,
  ended,
  startedAtMs: Date.now() - 60_000,
  endedAtMs: ended ? Date.now() : null,
  disclosure: { items: [], confirmedAt: null },
  savedCode: null,
});

function deskWith(change: Partial<DeskLive>): DeskLive {
  return {
    connected: true,
    presence: presence('paused'),
    call: null,
    preview: null,
    error: null,
    back: null,
    act: jest.fn(async () => null),
    send: jest.fn(),
    updateCall: jest.fn(),
    outcomeSaved: jest.fn(),
    finishCall: jest.fn(),
    clearPreview: jest.fn(),
    clearError: jest.fn(),
    ...change,
  };
}

/** The api's answers: the audio leg as `audio()` says at each ask. */
function apiAnswers(audio: () => { mode: 'emulated' | 'twilio'; connected: boolean }) {
  mockApi.GET.mockImplementation((path: string) => {
    if (path === '/agent/audio') return answer(audio());
    if (path === '/agent/campaigns') return answer([CAMPAIGN]);
    if (path === '/agent/today') return answer({ calls: 0, contacts: 0, successes: 0, since: new Date().toISOString(), timeZone: 'UTC' });
    return answer(null);
  });
}

function renderPage(language: 'en' | 'ja' = 'en') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const page = () => (
    <QueryClientProvider client={client}>
      <AgentDeskPage />
    </QueryClientProvider>
  );
  const i18n = initI18n(language);
  // The same wrapper on every render: the page keeps its state across rerenders (a new push from the desk).
  const view = render(page(), { wrapper: ({ children }: { children: ReactNode }) => <I18nextProvider i18n={i18n}>{children}</I18nextProvider> });
  return { rerender: () => view.rerender(page()) };
}

const audioStatus = () => screen.getByTestId('audio-status');

beforeEach(() => {
  jest.clearAllMocks();
  sessionStorage.clear();
});

describe('AgentDeskPage: the audio leg (QA2 F3)', () => {
  it('keeps checking an emulated leg said to be connected, at a modest pace; a real Twilio leg is the browser’s to hear', () => {
    expect(audioRecheckMs({ mode: 'emulated', connected: true })).toBe(AUDIO_RECHECK_CONNECTED_MS);
    expect(AUDIO_RECHECK_CONNECTED_MS).toBeLessThanOrEqual(30_000);
    expect(audioRecheckMs({ mode: 'emulated', connected: false })).toBe(AUDIO_RECHECK_DISCONNECTED_MS);
    expect(audioRecheckMs(undefined)).toBe(AUDIO_RECHECK_DISCONNECTED_MS);
    expect(audioRecheckMs({ mode: 'twilio', connected: true })).toBe(false);
  });

  it('notices an emulated leg that dropped while the agent was paused, without any state change', async () => {
    jest.useFakeTimers();
    try {
      let connected = true;
      apiAnswers(() => ({ mode: 'emulated', connected }));
      mockDesk = deskWith({ presence: presence('paused') });
      renderPage('ja');
      await waitFor(() => expect(audioStatus().dataset.connected).toBe('yes'));
      expect(audioStatus().textContent).toBe('音声接続済み');

      connected = false; // the emulator restarted: the leg is gone, the agent's state is unchanged
      await act(async () => void jest.advanceTimersByTime(AUDIO_RECHECK_CONNECTED_MS + 100));
      await waitFor(() => expect(audioStatus().dataset.connected).toBe('no'));
      expect(screen.getByRole('button', { name: '音声を接続' })).toBeTruthy();
    } finally {
      jest.useRealTimers();
    }
  });

  it('asks about the leg again when going ready is refused, and shows it not connected so the agent can reconnect', async () => {
    let connected = true;
    apiAnswers(() => ({ mode: 'emulated', connected }));
    const act = jest.fn(async () => {
      connected = false; // the leg had dropped: the api refuses ready (409 NO_AUDIO)
      return null;
    });
    mockDesk = deskWith({ presence: presence('paused'), act });
    renderPage('en');
    await waitFor(() => expect(audioStatus().dataset.connected).toBe('yes'));
    const asked = mockApi.GET.mock.calls.filter(([path]) => path === '/agent/audio').length;

    fireEvent.click(screen.getByRole('button', { name: 'Ready' }));
    await waitFor(() => expect(audioStatus().dataset.connected).toBe('no'));
    expect(act).toHaveBeenCalledWith('ready');
    expect(mockApi.GET.mock.calls.filter(([path]) => path === '/agent/audio').length).toBeGreaterThan(asked);
    expect(screen.getByRole('button', { name: 'Connect audio' })).toBeTruthy();
  });

  it('withdraws the refusal shown for want of audio once the agent connects it', async () => {
    let connected = false;
    apiAnswers(() => ({ mode: 'emulated', connected }));
    mockApi.POST.mockImplementation(() => ((connected = true), answer({ mode: 'emulated', connected: true })));
    mockDesk = deskWith({ presence: presence('paused'), error: 'No audio leg in your room' });
    renderPage('en');
    fireEvent.click(await screen.findByRole('button', { name: 'Connect audio' }));
    await waitFor(() => expect(mockDesk.clearError).toHaveBeenCalled());
    await waitFor(() => expect(audioStatus().dataset.connected).toBe('yes'));
  });
});

describe('AgentDeskPage: a refused hang-up’s banner (QA2 F7)', () => {
  it('goes when the call ends, and is not carried into the next call', async () => {
    apiAnswers(() => ({ mode: 'emulated', connected: true }));
    mockApi.POST.mockImplementation(() => refusal(503, 'TELEPHONY_UNAVAILABLE', 'Twilio unreachable during hangUp: socket hang up'));
    mockDesk = deskWith({ presence: presence('on_call', 'attempt-1'), call: callOf('attempt-1') });
    const page = renderPage('en');
    await waitFor(() => expect(audioStatus().dataset.connected).toBe('yes'));

    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await screen.findByText(/Twilio unreachable during hangUp/);

    // The call ends (its callback came after all): the refusal is about a call that is over.
    mockDesk = deskWith({ presence: presence('wrap_up', 'attempt-1'), call: callOf('attempt-1', true) });
    page.rerender();
    await waitFor(() => expect(screen.queryByText(/Twilio unreachable during hangUp/)).toBeNull());

    // Refused again on the next call, then that call gives way to another: gone as well.
    mockDesk = deskWith({ presence: presence('on_call', 'attempt-2'), call: callOf('attempt-2') });
    page.rerender();
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await screen.findByText(/Twilio unreachable during hangUp/);
    mockDesk = deskWith({ presence: presence('on_call', 'attempt-3'), call: callOf('attempt-3') });
    page.rerender();
    await waitFor(() => expect(screen.queryByText(/Twilio unreachable during hangUp/)).toBeNull());
  });

  it('stays while the same call goes on (a new state pushed for it)', async () => {
    apiAnswers(() => ({ mode: 'emulated', connected: true }));
    mockApi.POST.mockImplementation(() => refusal(503, 'TELEPHONY_UNAVAILABLE', 'Twilio unreachable during hangUp: socket hang up'));
    mockDesk = deskWith({ presence: presence('on_call', 'attempt-1'), call: callOf('attempt-1') });
    const page = renderPage('en');
    await waitFor(() => expect(audioStatus().dataset.connected).toBe('yes'));
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await screen.findByText(/Twilio unreachable during hangUp/);
    // Same call, a new state pushed (a supervisor joined, the epoch moved): the banner stays while the call does.
    mockDesk = deskWith({ presence: { ...presence('on_call', 'attempt-1'), epoch: 2 }, call: callOf('attempt-1') });
    page.rerender();
    expect(screen.getByText(/Twilio unreachable during hangUp/)).toBeTruthy();
  });
});
