import { act, renderHook } from '@testing-library/react';
import { EventEmitter } from 'node:events';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { DeskPresence, DeskScreenPop } from '@dialer/desk-events';
import { initI18n } from '../../app/i18n';
import { SKEWED_CLOCKS } from '../../app/testing/browser-clock';

/** The desk's socket, played by the test: what the api pushes is emitted on it. */
class FakeDeskSocket extends EventEmitter {
  connected = true;
  connect = jest.fn();
  close = jest.fn();
  timeout = jest.fn();
}
let socket: FakeDeskSocket;

/** How far the browser's clock is ahead of the server's, in the specs that skew it. */
let browserAhead = 0;
jest.mock('../../api/desk-socket', () => ({
  openDeskSocket: () => socket,
  deskAction: jest.fn(),
  // The api's `clock` answer, read 10 ms into a 20 ms round trip (under fake timers; at once under real ones).
  askServerTime: jest.fn(async () => {
    if (jest.isMockFunction(setTimeout)) jest.advanceTimersByTime(10);
    const at = Date.now() - browserAhead;
    if (jest.isMockFunction(setTimeout)) jest.advanceTimersByTime(10);
    return at;
  }),
}));

// jsdom has no performance.mark: the pop's timing is the browser's business.
jest.mock('./screen-pop-timing', () => ({ screenPopReceived: jest.fn() }));

// Imported after the mock (jest hoists jest.mock above the imports).
import { askServerTime, deskAction } from '../../api/desk-socket';
import { serverClock } from '../../api/server-clock';
import { callMemory } from './call-memory';
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
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
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

    // Not a live call the agent never has, timed, until the next pop replaces it.
    expect(result.current.call).toBeNull();
  });

  it('still shows a call whose pop comes while the agent is on it', () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    act(() => {
      socket.emit('state', presence('reserved', 'attempt-2'));
      socket.emit('state', presence('on_call', 'attempt-2'));
    });
    act(() => void socket.emit('screen_pop', pop('attempt-2')));

    expect(result.current.call).toMatchObject({ pop: { attemptId: 'attempt-2' }, ended: false });
  });

  it('keeps the reservation the dialer pushed before the api answered ready', async () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
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
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    // Left before Redis lost its data; the desk stayed connected (its socket is not Redis's).
    act(() => void socket.emit('state', presence('offline', null, 57)));
    jest.mocked(deskAction).mockResolvedValueOnce(presence('paused', null, 1));
    await act(async () => void (await result.current.act('join', { campaignId: 'campaign-1' })));

    expect(result.current.presence).toMatchObject({ state: 'paused', epoch: 1 });
  });

  it("keeps the dialer's reservation when the api's push of ready, published before it, comes after it", () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    const readyAt = Date.now();
    // Two processes publish on their own Redis connections: their pushes may cross on the way.
    act(() => void socket.emit('state', { ...presence('reserved', 'attempt-4', 5), sinceMs: readyAt + 3 }));
    act(() => void socket.emit('state', { ...presence('ready', null, 4), sinceMs: readyAt }));

    expect(result.current.presence).toMatchObject({ state: 'reserved', epoch: 5 });
  });

  it('shows a push numbered from 1 again after Redis lost the agent: it began after what is shown', () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    act(() => void socket.emit('state', { ...presence('ready', null, 57), sinceMs: Date.now() - 60_000 }));
    act(() => void socket.emit('state', presence('paused', null, 1)));

    expect(result.current.presence).toMatchObject({ state: 'paused', epoch: 1 });
  });

  it('shows what an action answered when nothing came since', async () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    act(() => void socket.emit('state', presence('paused', null, 3)));
    jest.mocked(deskAction).mockResolvedValueOnce(presence('ready', null, 4));
    await act(async () => void (await result.current.act('ready')));

    expect(result.current.presence).toMatchObject({ state: 'ready', epoch: 4 });
  });

  it('keeps a call whose outcome is saved mid-call on screen until it ends, then lets it go', () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    act(() => {
      socket.emit('state', presence('on_call', 'attempt-5'));
      socket.emit('screen_pop', pop('attempt-5'));
    });
    act(() => result.current.outcomeSaved('attempt-5', 'SALE'));
    expect(result.current.call).toMatchObject({ pop: { attemptId: 'attempt-5' }, ended: false, savedCode: 'SALE' });

    act(() => void socket.emit('call_ended', { attemptId: 'attempt-5', outcome: 'human' }));
    expect(result.current.call).toBeNull();
  });

  it('lets go of a finished call whose outcome was saved in another tab, as the state it hears says', () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    act(() => {
      socket.emit('state', presence('on_call', 'attempt-6', 2));
      socket.emit('screen_pop', pop('attempt-6'));
      socket.emit('call_ended', { attemptId: 'attempt-6', outcome: 'human' });
      socket.emit('state', presence('wrap_up', 'attempt-6', 3));
    });
    expect(result.current.call).toMatchObject({ ended: true });
    // The other tab saved: the agent is ready, no call in hand.
    act(() => void socket.emit('state', presence('ready', null, 4)));
    expect(result.current.call).toBeNull();
  });

  it('lets go of a finished call whose outcome another tab saved while the agent is paused (the state names no call)', () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    act(() => {
      socket.emit('state', presence('on_call', 'attempt-8', 2));
      socket.emit('screen_pop', pop('attempt-8'));
      socket.emit('call_ended', { attemptId: 'attempt-8', outcome: 'human' });
      socket.emit('state', presence('paused', null, 3)); // "pause after this call": paused holds no call
    });
    expect(result.current.call).toMatchObject({ ended: true, savedCode: null });
    act(() => void socket.emit('outcome_saved', { attemptId: 'attempt-8', code: 'SALE' }));
    expect(result.current.call).toBeNull();
  });

  it('forgets, on a reload, a call the server no longer holds for the agent', () => {
    callMemory.save('agent-1', { pop: pop('attempt-7'), ended: true, startedAtMs: 1, endedAtMs: 2, disclosure: { items: [], confirmedAt: null }, savedCode: null });
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    expect(result.current.call).toMatchObject({ pop: { attemptId: 'attempt-7' } });
    act(() => void socket.emit('state', presence('ready', null, 9)));
    expect(result.current.call).toBeNull();
  });

  it('times a call from when it began by the server, not from its pop (a desk opened mid-call)', () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    const began = Date.now() - 208_000;
    act(() => {
      socket.emit('state', { ...presence('on_call', 'attempt-8'), sinceMs: began });
      socket.emit('screen_pop', pop('attempt-8'));
    });
    expect(result.current.call?.startedAtMs).toBe(began);
  });

  it('corrects the timer when the state that the call is on comes after its pop', () => {
    const { result } = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
    const began = Date.now() - 1_500;
    act(() => {
      socket.emit('state', presence('reserved', 'attempt-9', 2));
      socket.emit('screen_pop', pop('attempt-9'));
      socket.emit('state', { ...presence('on_call', 'attempt-9', 3), sinceMs: began });
    });
    expect(result.current.call?.startedAtMs).toBe(began);
  });

  it("shows no one else's call kept in the tab: another user signing in finds nothing", () => {
    callMemory.save('agent-1', { pop: pop('attempt-10'), ended: true, startedAtMs: 1, endedAtMs: 2, disclosure: { items: [], confirmedAt: null }, savedCode: null });
    callMemory.saveDraft('attempt-10', { code: null, data: {}, answers: {}, callbackAt: '', personalCallback: false, notes: 'private' });
    const { result } = renderHook(() => useDesk('token', 'agent-2', jest.fn()), { wrapper });
    expect(result.current.call).toBeNull();
    expect(callMemory.loadDraft('attempt-10').notes).toBe('');
  });

  describe.each(SKEWED_CLOCKS)('on a browser whose clock is %s the server’s', (_, ahead) => {
    const serverTime = () => Date.now() - ahead;
    beforeEach(() => {
      jest.useFakeTimers({ now: Date.UTC(2026, 11, 7, 9, 0, 0) });
      browserAhead = ahead;
      serverClock.reset();
    });
    afterEach(() => {
      jest.useRealTimers();
      browserAhead = 0;
      serverClock.reset();
    });

    /** The desk opens: its first state makes it live, and it asks the server's time. */
    async function openDesk() {
      const desk = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
      await act(async () => {
        socket.emit('state', { ...presence('paused'), sinceMs: serverTime() - 65_000 });
        await jest.advanceTimersByTimeAsync(0);
      });
      return desk;
    }

    it('measures the server’s clock when the desk goes live, and again every minute', async () => {
      jest.mocked(askServerTime).mockClear();
      await openDesk();
      expect(serverClock.measured).toBe(true);
      expect(serverClock.now()).toBe(serverTime());
      const asked = jest.mocked(askServerTime).mock.calls.length;
      expect(asked).toBeGreaterThan(0);
      await act(() => jest.advanceTimersByTimeAsync(60_000));
      expect(jest.mocked(askServerTime).mock.calls.length).toBe(asked + 1);
    });

    it('times the call from the server’s start of it, or from the pop by the server’s clock until that is known', async () => {
      const { result } = await openDesk();
      act(() => {
        socket.emit('state', { ...presence('reserved', 'attempt-8', 2), sinceMs: serverTime() - 3_000 });
        socket.emit('screen_pop', pop('attempt-8'));
      });
      expect(result.current.call!.startedAtMs).toBe(serverTime());
      act(() => void socket.emit('state', { ...presence('on_call', 'attempt-8', 3), sinceMs: serverTime() - 1_000 }));
      expect(result.current.call!.startedAtMs).toBe(serverTime() - 1_000);
      act(() => void socket.emit('call_ended', { attemptId: 'attempt-8', outcome: 'human' }));
      expect(result.current.call!.endedAtMs).toBe(serverTime());
    });
  });
});
