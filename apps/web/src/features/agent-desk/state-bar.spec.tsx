import type { DeskPresence } from '@dialer/desk-events';
import { fireEvent, screen } from '@testing-library/react';
import { browserClockAhead, browserClockReset, SKEWED_CLOCKS } from '../../app/testing/browser-clock';
import { renderIn } from '../../app/testing/render-in';
import { PAUSE_REASONS, StateBar } from './state-bar';

const presence = (change: Partial<DeskPresence>): DeskPresence => ({
  agentId: 'a1',
  name: 'Agent',
  campaignId: 'c1',
  state: 'paused',
  sinceMs: Date.now() - 65_000,
  attemptId: null,
  leadId: null,
  pauseReason: 'lunch',
  pauseAfterCall: null,
  wrapUpUntilMs: null,
  epoch: 1,
  ...change,
});

describe('StateBar', () => {
  it('shows the state with its reason and the time in it, in Japanese', () => {
    renderIn('ja', <StateBar presence={presence({})} readyBlockedBy={null} reasons={PAUSE_REASONS} onReady={jest.fn()} onPause={jest.fn()} />);
    expect(screen.getByTestId('agent-state').textContent).toBe('離席中 · 昼食');
    expect(screen.getByTestId('time-in-state').textContent).toBe('1:05 経過');
  });

  it('will not go ready while something blocks it (no audio), and pauses with the chosen reason', () => {
    const onReady = jest.fn();
    const onPause = jest.fn();
    renderIn('en', <StateBar presence={presence({ state: 'ready', pauseReason: null })} readyBlockedBy="No audio" reasons={PAUSE_REASONS} onReady={onReady} onPause={onPause} />);
    expect((screen.getByRole('button', { name: 'Ready' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByRole('combobox', { name: /Pause reason/ }), { target: { value: 'training' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(onPause).toHaveBeenCalledWith('training');
  });

  it('offers "pause after this call" during a call and shows it once asked', () => {
    const onPause = jest.fn();
    const { rerender } = renderIn('en', <StateBar presence={presence({ state: 'on_call', pauseReason: null })} readyBlockedBy={null} reasons={PAUSE_REASONS} onReady={jest.fn()} onPause={onPause} />);
    fireEvent.click(screen.getByRole('button', { name: 'Pause after this call' }));
    expect(onPause).toHaveBeenCalledWith('break');
    rerender(<StateBar presence={presence({ state: 'on_call', pauseReason: null, pauseAfterCall: 'break' })} readyBlockedBy={null} reasons={PAUSE_REASONS} onReady={jest.fn()} onPause={onPause} />);
    expect(screen.getByTestId('pause-after-call').textContent).toBe('Pausing after this call (Break)');
  });

  it("offers the campaign's own pause reasons, a code without a translation as it is", () => {
    const onPause = jest.fn();
    renderIn('ja', <StateBar presence={presence({ state: 'ready', pauseReason: null })} readyBlockedBy={null} reasons={['coaching', 'lunch']} onReady={jest.fn()} onPause={onPause} />);
    const options = screen.getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual(['coaching', '昼食']);
    fireEvent.click(screen.getByRole('button', { name: '離席' }));
    expect(onPause).toHaveBeenCalledWith('coaching');
  });

  it('announces the state to screen readers, not the time in it every second', () => {
    const { container } = renderIn('en', <StateBar presence={presence({})} readyBlockedBy={null} reasons={PAUSE_REASONS} onReady={jest.fn()} onPause={jest.fn()} />);
    const live = [...container.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status], [role=alert]')];
    expect(live.some((region) => region.contains(screen.getByTestId('agent-state')))).toBe(true);
    expect(live.some((region) => region.contains(screen.getByTestId('time-in-state')))).toBe(false);
  });
});

describe.each(SKEWED_CLOCKS)('StateBar on a browser whose clock is %s the server’s', (_, ahead) => {
  afterEach(browserClockReset);

  it('counts the time in state from the server’s start of it, on the server’s clock', () => {
    const serverTime = browserClockAhead(ahead);
    renderIn('en', <StateBar presence={presence({ sinceMs: serverTime() - 65_000 })} readyBlockedBy={null} reasons={PAUSE_REASONS} onReady={jest.fn()} onPause={jest.fn()} />);
    expect(screen.getByTestId('time-in-state').textContent).toBe('for 1:05');
  });
});
