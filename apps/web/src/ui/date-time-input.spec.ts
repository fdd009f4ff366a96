import { instantOfLocalInput, localInputOf } from './date-time-input';
import { queryString } from './query-string';

describe('date-time inputs and query strings', () => {
  it('reads a datetime-local value in the user’s zone and writes it back the same', () => {
    const instant = instantOfLocalInput('2026-12-06T10:30');
    expect(instant).toBe(new Date(2026, 11, 6, 10, 30).toISOString());
    expect(localInputOf(new Date(instant!))).toBe('2026-12-06T10:30');
    expect(instantOfLocalInput('')).toBeUndefined();
    expect(instantOfLocalInput('not a date')).toBeUndefined();
  });

  it('leaves out empty parameters and repeats lists', () => {
    expect(queryString({ phone: '+8190', scope: '', limit: 20, ids: ['a', 'b'], none: undefined, empty: [] })).toBe('?phone=%2B8190&limit=20&ids=a&ids=b');
    expect(queryString({ a: undefined })).toBe('');
  });
});
