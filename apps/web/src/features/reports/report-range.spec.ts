import { chooseDay, dayRange, periodStartSec, rangeInstants } from './report-range';

describe('the reports page’s range', () => {
  it('covers the last days up to today, across a month’s end', () => {
    expect(dayRange(new Date(2026, 11, 3, 15), 7)).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(dayRange(new Date(2026, 11, 3), 1)).toEqual({ from: '2026-12-03', to: '2026-12-03' });
  });

  it('reads a period as written, whatever the browser’s zone', () => {
    expect(periodStartSec('2026-11-02 19:00:00')).toBe(Date.UTC(2026, 10, 2, 19) / 1000);
  });

  it('keeps the range when a day is typed that a date cannot hold (a five-digit year) or is half typed, and asks the api for whole local days', () => {
    const days = { from: '2026-11-27', to: '2026-12-03' };
    expect(chooseDay(days, 'to', '99999-12-06')).toBe(days);
    expect(chooseDay(days, 'from', '')).toBe(days);
    expect(chooseDay(days, 'from', '2026-11-01')).toEqual({ from: '2026-11-01', to: '2026-12-03' });
    const range = rangeInstants(chooseDay(days, 'to', '99999-12-06'));
    expect(new Date(range.to).getTime() - new Date(range.from).getTime()).toBe(new Date(2026, 11, 4).getTime() - new Date(2026, 10, 27).getTime());
  });
});
