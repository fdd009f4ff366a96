import { act, renderHook } from '@testing-library/react';
import { EventEmitter } from 'node:events';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { DeskPresence, DeskScreenPop } from '@dialer/desk-events';
import { initI18n } from '../../app/i18n';

/** The desk's socket, played by the test: what the api pushes is emitted on it. */
class FakeDeskSocket extends EventEmitter {
  connected = true;
  connect = jest.fn();
  close = jest.fn();
  timeout = jest.fn();
}
let socket: FakeDeskSocket;

jest.mock('../../api/desk-socket', () => ({
  openDeskSocket: () => socket,
  deskAction: jest.fn(),
}));

// jsdom has no performance.mark: the pop's timing is the browser's business.
jest.mock('./screen-pop-timing', () => ({ screenPopReceived: jest.fn() }));

// Imported after the mock (jest hoists jest.mock above the imports).
import { deskAction } from '../../api/desk-socket';
import { useDesk } from './use-desk';

const presence = (state: DeskPresence['state'], attemptId: string | null = null, epoch = 1): DeskPresence => ({
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
  epoch,
});

const pop = (attemptId: string) => ({ attemptId, mode: 'predictive', campaign: { id: 'campaign-1', name: 'C', kind: 'telemarketing' } }) as unknown as DeskScreenPop;

describe('useDesk', () => {
  const wrapper = ({ children }: { children: ReactNode }) => <I18nextProvider i18n={initI18n('en')}>{children}</I18nextProvider>;

  beforeEach(() => {
    sessionStorage.clear();
    socket = new FakeDeskSocket();
  });

  it('shows no live call for a screen pop that comes after the call was over and the agent ready again', () => {
    const { result } = renderHook(() => useDesk('token', jest.fn()), { wrapper });
    // The api no longer waits for the pop before answering Twilio (7ed1dd6): a slow pop may come last. Here async
    // AMD found a machine after the bridge: the agent was freed (no outcome owed) and is ready for the next call.
    act(() => {
      socket.emit('state', presence('reserved', 'attempt-1'));
      socket.emit('state', presence('on_call', 'attempt-1'));
      socket.emit('state', presence('wrap_up', 'attempt-1'));
      socket.emit('call_ended', { attemptId: 'attempt-1', outcome: 'machine' });
      socket.emit('state', presence('ready'));
    });
    act(() => void socket.emit('screen_pop', pop('attempt-1')));

    // Not a live call the agent never has, timed and counted, until the next pop replaces it.
    expect(result.current.call).toBeNull();
    expect(result.current.counts.calls).toBe(0);
  });

  it('still shows a call whose pop comes while the agent is on it', () => {
    const { result } = renderHook(() => useDesk('token', jest.fn()), { wrapper });
    act(() => {
      socket.emit('state', presence('reserved', 'attempt-2'));
      socket.emit('state', presence('on_call', 'attempt-2'));
    });
    act(() => void socket.emit('screen_pop', pop('attempt-2')));

    expect(result.current.call).toMatchObject({ pop: { attemptId: 'attempt-2' }, ended: false });
    expect(result.current.counts.calls).toBe(1);
  });

  it('keeps the reservation the dialer pushed before the api answered ready', async () => {
    const { result } = renderHook(() => useDesk('token', jest.fn()), { wrapper });
    act(() => void socket.emit('state', presence('paused', null, 3)));
    let answer!: (ready: DeskPresence) => void;
    jest.mocked(deskAction).mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    let going!: Promise<unknown>;
    act(() => void (going = result.current.act('ready')));
    // A preview reserves the agent the moment they are ready; its push comes before the answer to ready.
    act(() => void socket.emit('state', presence('reserved', 'attempt-3', 5)));
    await act(async () => {
      answer(presence('ready', null, 4));
      await going;
    });

    expect(result.current.presence).toMatchObject({ state: 'reserved', attemptId: 'attempt-3' });
  });

  it('shows what join answered after Redis lost the agent (their epoch counts from 1 again), its push lost', async () => {
    const { result } = renderHook(() => useDesk('token', jest.fn()), { wrapper });
    // Left before Redis lost its data; the desk stayed connected (its socket is not Redis's).
    act(() => void socket.emit('state', presence('offline', null, 57)));
    jest.mocked(deskAction).mockResolvedValueOnce(presence('paused', null, 1));
    await act(async () => void (await result.current.act('join', { campaignId: 'campaign-1' })));

    expect(result.current.presence).toMatchObject({ state: 'paused', epoch: 1 });
  });

  it("keeps the dialer's reservation when the api's push of ready, published before it, comes after it", () => {
    const { result } = renderHook(() => useDesk('token', jest.fn()), { wrapper });
    const readyAt = Date.now();
    // Two processes publish on their own Redis connections: their pushes may cross on the way.
    act(() => void socket.emit('state', { ...presence('reserved', 'attempt-4', 5), sinceMs: readyAt + 3 }));
    act(() => void socket.emit('state', { ...presence('ready', null, 4), sinceMs: readyAt }));

    expect(result.current.presence).toMatchObject({ state: 'reserved', epoch: 5 });
  });

  it('shows a push numbered from 1 again after Redis lost the agent: it began after what is shown', () => {
    const { result } = renderHook(() => useDesk('token', jest.fn()), { wrapper });
    act(() => void socket.emit('state', { ...presence('ready', null, 57), sinceMs: Date.now() - 60_000 }));
    act(() => void socket.emit('state', presence('paused', null, 1)));

    expect(result.current.presence).toMatchObject({ state: 'paused', epoch: 1 });
  });

  it('shows what an action answered when nothing came since', async () => {
    const { result } = renderHook(() => useDesk('token', jest.fn()), { wrapper });
    act(() => void socket.emit('state', presence('paused', null, 3)));
    jest.mocked(deskAction).mockResolvedValueOnce(presence('ready', null, 4));
    await act(async () => void (await result.current.act('ready')));

    expect(result.current.presence).toMatchObject({ state: 'ready', epoch: 4 });
  });
});
