import { screen } from '@testing-library/react';
import { renderIn } from '../../app/testing/render-in';
import { TodayCounts } from './today-counts';

describe('TodayCounts', () => {
  it("says today's calls, contacts and successes with their plurals", () => {
    renderIn('en', <TodayCounts today={{ calls: 1, contacts: 0, successes: 2 }} />);
    expect(screen.getByTestId('today-counts').textContent).toBe('Today: 1 call, 0 contacts, 2 successes');
  });

  it('in Japanese', () => {
    renderIn('ja', <TodayCounts today={{ calls: 12, contacts: 5, successes: 1 }} />);
    expect(screen.getByTestId('today-counts').textContent).toBe('本日: 架電 12 件、コンタクト 5 件、成約 1 件');
  });
});
