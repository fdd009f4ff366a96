import { ValidationFailedError } from '@dialer/core';
import { e164 } from './phone-input';

describe('e164 (a number typed into a request)', () => {
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as ValidationFailedError).fields;
    }
    throw new Error('not refused');
  };

  it('refuses a country it knows no numbers of on the country field, with the rule a client words it by', () => {
    expect(refusal(() => e164('0312345678', 'XX'))).toEqual([{ field: 'country', messages: ['XX is not a country we know numbers of'], rules: ['UNKNOWN_COUNTRY'] }]);
  });

  it('refuses a number it cannot read on the number’s field', () => {
    expect(refusal(() => e164('12', 'JP'))).toEqual([{ field: 'phone', messages: [expect.any(String)], rules: ['INVALID_PHONE'] }]);
    expect(e164('03-1234-5678', 'JP')).toBe('+81312345678');
  });
});
