import { pgArrayLiteral } from './pg-array';

describe('pgArrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(pgArrayLiteral([])).toBe('{}');
    expect(pgArrayLiteral(['+81312345678', 'a"b', 'c\\d', 'x,y'])).toBe('{"+81312345678","a\\"b","c\\\\d","x,y"}');
  });
});
