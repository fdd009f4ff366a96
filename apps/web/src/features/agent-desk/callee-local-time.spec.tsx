import { screen } from '@testing-library/react';
import { renderIn } from '../../app/testing/render-in';
import { CalleeLocalTime } from './callee-local-time';

describe('CalleeLocalTime', () => {
  afterEach(() => jest.useRealTimers());

  it('writes it as the English locale does', () => {
    jest.useFakeTimers({ now: new Date('2026-12-07T05:04:50Z') });
    renderIn('en', <div data-testid="t"><CalleeLocalTime zone="America/New_York" /></div>);
    expect(screen.getByTestId('t').textContent).toBe('Dec 7, 2026, 12:04 AM (America/New_York)');
  });
});
