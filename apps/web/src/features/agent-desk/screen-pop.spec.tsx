import type { DeskScreenPop } from '@dialer/desk-events';
import { act, screen } from '@testing-library/react';
import { renderIn } from '../../app/testing/render-in';

// jsdom has no performance.mark: the pop's timing is the browser's business.
jest.mock('./screen-pop-timing', () => ({ useScreenPopPainted: jest.fn() }));

import { ScreenPop } from './screen-pop';

const pop: DeskScreenPop = {
  attemptId: 'attempt-1',
  mode: 'progressive',
  campaign: { id: 'c1', name: 'Renewals', kind: 'telemarketing' },
  lead: { id: 'l1', phone: '+81312345678', firstName: '花子', lastName: '山田', email: null, externalId: null, region: null, postalCode: null, custom: {} },
  localTime: { zone: 'Asia/Tokyo', time: '14:04', date: '2026-12-07' },
  script: 'Hello',
  history: [],
  dispositions: [],
  survey: null,
};

describe('ScreenPop', () => {
  afterEach(() => jest.useRealTimers());

  it("shows the callee's local time as the user's locale writes it, kept current through the call", () => {
    jest.useFakeTimers({ now: new Date('2026-12-07T05:04:50Z') });
    renderIn('ja', <ScreenPop pop={pop} />);
    expect(screen.getByTestId('callee-local-time').textContent).toBe('2026/12/07 14:04 (Asia/Tokyo)');
    act(() => void jest.advanceTimersByTime(15_000));
    expect(screen.getByTestId('callee-local-time').textContent).toBe('2026/12/07 14:05 (Asia/Tokyo)');
  });
});
