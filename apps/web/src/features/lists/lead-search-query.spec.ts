import { SEARCH_MAX, searchOf } from './lead-search-query';

describe('searchOf (the lead search named by the page address)', () => {
  it('reads the term and page, so back from a lead shows the same results', () => {
    expect(searchOf(new URLSearchParams('q=%25_&offset=50'))).toEqual({ q: '%_', offset: 50 });
    expect(searchOf(new URLSearchParams('q='))).toEqual({ q: '', offset: 0 });
    expect(searchOf(new URLSearchParams(''))).toBeNull();
  });

  it('turns a mangled offset (huge, negative, not a number) into the first page, and cuts a term at the api’s limit', () => {
    for (const offset of ['1e30', '-5', 'abc', '2.5', '99999999999999999999']) expect(searchOf(new URLSearchParams({ q: 'x', offset }))?.offset).toBe(0);
    expect(searchOf(new URLSearchParams({ q: 'x'.repeat(10_000) }))?.q).toHaveLength(SEARCH_MAX);
  });
});
