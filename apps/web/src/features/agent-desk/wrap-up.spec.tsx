import { fireEvent, screen } from '@testing-library/react';
import { browserClockAhead, browserClockReset, SKEWED_CLOCKS } from '../../app/testing/browser-clock';
import { renderIn } from '../../app/testing/render-in';
import { WrapUpCountdown } from './wrap-up';

describe('WrapUpCountdown', () => {
  const sinceMs = Date.now() - 10_000;

  it('counts down to the server’s deadline, extensions included', () => {
    renderIn('en', <WrapUpCountdown untilMs={sinceMs + 60_000} sinceMs={sinceMs} seconds={30} maxSeconds={120} error={null} onExtend={jest.fn()} />);
    expect(Number(screen.getByTestId('wrap-up-left').dataset.left)).toBeGreaterThanOrEqual(49);
    expect(screen.getByTestId('wrap-up-left').textContent).toMatch(/Wrap-up: 5\d s left/);
  });

  it('counts down the campaign’s length until the server has set the deadline, and asks the server to extend', () => {
    const onExtend = jest.fn();
    renderIn('ja', <WrapUpCountdown untilMs={null} sinceMs={sinceMs} seconds={30} maxSeconds={120} error={null} onExtend={onExtend} />);
    expect(screen.getByTestId('wrap-up-left').textContent).toMatch(/後処理: 残り (19|20) 秒/);
    fireEvent.click(screen.getByRole('button', { name: '30 秒延長' }));
    expect(onExtend).toHaveBeenCalled();
  });

  it('says when the campaign’s maximum is reached, and shows a refusal', () => {
    renderIn('en', <WrapUpCountdown untilMs={sinceMs + 90_000} sinceMs={sinceMs} seconds={30} maxSeconds={90} error="Wrap-up may last at most 90 s in this campaign" onExtend={jest.fn()} />);
    expect((screen.getByRole('button', { name: 'Extend 30 s' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Wrap-up is at this campaign’s maximum of 90 s')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Wrap-up may last at most 90 s in this campaign');
  });
});

describe.each(SKEWED_CLOCKS)('WrapUpCountdown on a browser whose clock is %s the server’s', (_, ahead) => {
  afterEach(browserClockReset);

  it('counts down to the server’s deadline on the server’s clock', () => {
    const sinceMs = browserClockAhead(ahead)() - 10_000;
    renderIn('en', <WrapUpCountdown untilMs={sinceMs + 60_000} sinceMs={sinceMs} seconds={30} maxSeconds={120} error={null} onExtend={jest.fn()} />);
    expect(screen.getByTestId('wrap-up-left').textContent).toBe('Wrap-up: 50 s left');
  });
});
