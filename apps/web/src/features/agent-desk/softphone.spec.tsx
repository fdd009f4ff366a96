import { act, fireEvent, screen } from '@testing-library/react';
import { browserClockAhead, browserClockReset, SKEWED_CLOCKS } from '../../app/testing/browser-clock';
import { renderIn } from '../../app/testing/render-in';
import { Softphone } from './softphone';

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

describe('Softphone', () => {
  it('asks for Ctrl+H twice on a call under 3 s old', () => {
    const onHangUp = jest.fn();
    renderIn('en', phone(Date.now() - 1_000, onHangUp));
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).not.toHaveBeenCalled();
    expect(screen.getByTestId('hang-up-confirm').textContent).toContain('press Ctrl+H again');
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).toHaveBeenCalledTimes(1);
  });

  it('hangs up at once with Ctrl+H on an older call', () => {
    const onHangUp = jest.fn();
    renderIn('en', phone(Date.now() - 4_000, onHangUp));
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('hang-up-confirm')).toBeNull();
  });
});

describe.each(SKEWED_CLOCKS)('Softphone on a browser whose clock is %s the server’s', (_, ahead) => {
  let serverTime: () => number;
  beforeEach(() => (serverTime = browserClockAhead(ahead)));
  afterEach(browserClockReset);

  it('times the call from the server’s start of it, and asks for Ctrl+H twice while it is under 3 s old', () => {
    const onHangUp = jest.fn();
    renderIn('en', phone(serverTime() - 1_000, onHangUp));
    expect(screen.getByTestId('call-timer').textContent).toBe('Call 0:01');
    act(() => void jest.advanceTimersByTime(1_000));
    expect(screen.getByTestId('call-timer').textContent).toBe('Call 0:02');
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).not.toHaveBeenCalled();
    expect(screen.getByTestId('hang-up-confirm')).toBeTruthy();
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).toHaveBeenCalledTimes(1);
  });

  it('hangs up at once with Ctrl+H once the call is 3 s old by the server’s clock', () => {
    const onHangUp = jest.fn();
    renderIn('en', phone(serverTime() - 3_500, onHangUp));
    fireEvent.keyDown(window, { key: 'h', ctrlKey: true });
    expect(onHangUp).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('hang-up-confirm')).toBeNull();
  });
});
