import { act, fireEvent, renderHook, screen } from '@testing-library/react';
import { EventEmitter } from 'node:events';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { DeskPresence, DeskScreenPop } from '@dialer/desk-events';
import { initI18n } from '../../app/i18n';
import { renderIn } from '../../app/testing/render-in';

/** The desk's socket, played by the test: what the api pushes is emitted on it. */
class FakeDeskSocket extends EventEmitter {
  connected = true;
  connect = jest.fn();
  close = jest.fn();
  timeout = jest.fn();
}
let socket: FakeDeskSocket;
/** How far the browser's clock is ahead of the server's (ms). */
let browserAhead = 0;
const serverTime = () => Date.now() - browserAhead;

jest.mock('../../api/desk-socket', () => ({
  openDeskSocket: () => socket,
  deskAction: jest.fn(),
  // The api's `clock` answer, 10 ms into a 20 ms round trip.
  askServerTime: jest.fn(async () => {
    jest.advanceTimersByTime(10);
    const at = serverTime();
    jest.advanceTimersByTime(10);
    return at;
  }),
}));
jest.mock('./screen-pop-timing', () => ({ screenPopReceived: jest.fn() }));

// Imported after the mocks (jest hoists jest.mock above the imports).
import { askServerTime } from '../../api/desk-socket';
import { serverClock } from '../../api/server-clock';
import { Softphone } from './softphone';
import { PAUSE_REASONS, StateBar } from './state-bar';
import { useDesk } from './use-desk';
import { WrapUpCountdown } from './wrap-up';

const presence = (state: DeskPresence['state'], sinceMs: number, attemptId: string | null = null, epoch = 1): DeskPresence => ({
  agentId: 'agent-1',
  name: 'Agent One',
  campaignId: 'campaign-1',
  state,
  sinceMs,
  attemptId,
  leadId: attemptId ? 'lead-1' : null,
  pauseReason: state === 'paused' ? 'lunch' : null,
  pauseAfterCall: null,
  wrapUpUntilMs: null,
  epoch,
});
const pop = (attemptId: string) => ({ attemptId, mode: 'predictive', campaign: { id: 'campaign-1', name: 'C', kind: 'telemarketing' } }) as unknown as DeskScreenPop;

const phone = (callStartedAtMs: number, onHangUp: () => void) => (
  <Softphone
    audio={{ mode: 'emulated', connected: true }}
    connecting={false}
    error={null}
    onCall
    callStartedAtMs={callStartedAtMs}
    muted={false}
    onConnect={jest.fn()}
    onDisconnect={jest.fn()}
    onMute={jest.fn()}
    onHangUp={onHangUp}
    onDigit={jest.fn()}
  />
);

const wrapper = ({ children }: { children: ReactNode }) => <I18nextProvider i18n={initI18n('en')}>{children}</I18nextProvider>;

/** The desk opens: its first state (paused) makes it live, and it asks the server's time. */
async function openDesk() {
  const desk = renderHook(() => useDesk('token', 'agent-1', jest.fn()), { wrapper });
  await act(async () => {
    socket.emit('state', presence('paused', serverTime() - 65_000));
    await jest.advanceTimersByTimeAsync(0);
  });
  return desk;
}

describe.each([
  ['20 s ahead of', 20_000],
  ['20 s behind', -20_000],
])('the desk on a browser whose clock is %s the server’s', (_, ahead) => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 7, 9, 0, 0) });
    browserAhead = ahead;
    serverClock.reset();
    sessionStorage.clear();
    socket = new FakeDeskSocket();
    jest.mocked(askServerTime).mockClear();
  });
  afterEach(() => jest.useRealTimers());

  it('measures the offset when it opens', async () => {
    await openDesk();
    expect(askServerTime).toHaveBeenCalled();
    expect(serverClock.offsetMs).toBe(-ahead);
  });

  it('times the call from the server’s start of it, and asks for Ctrl+H twice on a call under 3 s old', async () => {
    const { result } = await openDesk();
    // The call was put through a second ago by the server's clock.
    act(() => {
      socket.emit('state', presence('reserved', serverTime() - 3_000, 'attempt-1', 2));
      socket.emit('state', presence('on_call', serverTime() - 1_000, 'attempt-1', 3));
      socket.emit('screen_pop', pop('attempt-1'));
    });
    const startedAtMs = result.current.call!.startedAtMs;
    expect(startedAtMs).toBe(serverTime() - 1_000);
    const onHangUp = jest.fn();
    renderIn('en', phone(startedAtMs, onHangUp));
    expect(screen.getByTestId('call-timer').textContent).toBe('Call 0:01');
    act(() => void jest.advanceTimersByTime(1_000));
    expect(screen.getByTestId('call-timer').textContent).toBe('Call 0:02');

    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).not.toHaveBeenCalled();
    expect(screen.getByTestId('hang-up-confirm')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).toHaveBeenCalledTimes(1);
  });

  it('hangs up at once with Ctrl+H once the call is 3 s old by the server’s clock', async () => {
    await openDesk();
    const onHangUp = jest.fn();
    renderIn('en', phone(serverTime() - 3_500, onHangUp));
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('hang-up-confirm')).toBeNull();
  });

  it('counts the time in state and the wrap-up from the server’s clock', async () => {
    const { result } = await openDesk();
    renderIn('en', <StateBar presence={result.current.presence!} readyBlockedBy={null} reasons={PAUSE_REASONS} onReady={jest.fn()} onPause={jest.fn()} />);
    expect(screen.getByTestId('time-in-state').textContent).toBe('for 1:05');
    const sinceMs = serverTime() - 10_000;
    renderIn('en', <WrapUpCountdown untilMs={sinceMs + 60_000} sinceMs={sinceMs} seconds={30} maxSeconds={120} error={null} onExtend={jest.fn()} />);
    expect(screen.getByTestId('wrap-up-left').textContent).toBe('Wrap-up: 50 s left');
  });
});
