import { firstValues, integerOrNull, oneOf, webhookParams } from './twilio-values';

describe('reading Twilio values', () => {
  const body = { a: 'x', b: ['y', 'z'], c: { nested: 'no' }, d: ['w', 1], e: 7 };

  it('keeps a form’s string values, repeated names whole for the signature', () => {
    expect(webhookParams(body)).toEqual({ a: 'x', b: ['y', 'z'] });
    expect(webhookParams(undefined)).toEqual({});
    expect(webhookParams(['a'])).toEqual({});
  });

  it('keeps a field named __proto__ as data: a posted form cannot give the params a prototype', () => {
    const body = JSON.parse('{"__proto__": ["x", "y"], "CallSid": "CA1"}') as unknown;
    const params = webhookParams(body);
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.keys(params).sort()).toEqual(['CallSid', '__proto__']);
    expect(params['__proto__']).toEqual(['x', 'y']);
  });

  it('and one value per name (the first) for the handlers, without a copy when no name is repeated', () => {
    expect(firstValues(webhookParams(body))).toEqual({ a: 'x', b: 'y' });
    expect(firstValues({})).toEqual({});
    const single = { a: 'x', c: 'z' };
    expect(firstValues(single)).toBe(single);
  });

  it('reads a known value or null', () => {
    expect(oneOf(['human', 'fax'] as const, 'fax')).toBe('fax');
    expect(oneOf(['human', 'fax'] as const, 'machine_end_maybe')).toBeNull();
    expect(oneOf(['human'] as const, undefined)).toBeNull();
  });

  it.each([
    ['31', 31],
    ['0', 0],
    [42, 42],
    ['999999999', 999_999_999],
    ['1000000000', null],
    ['-1', null],
    ['1.5', null],
    [1.5, null],
    ['', null],
    [null, null],
    [undefined, null],
    ['12abc', null],
  ])('reads %j as the integer %j', (value, expected) => {
    expect(integerOrNull(value)).toBe(expected);
  });
});
