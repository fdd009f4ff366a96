import { formatDateTime } from '../../ui/format';
import { shown } from './held-value';

describe('shown (a held value as a person reads it)', () => {
  it('writes times in the reader’s locale, structures as JSON, nothing as a dash, the rest as it is', () => {
    expect(shown('granted_at', '2026-11-02T10:15:00.000Z', 'ja')).toBe(formatDateTime('2026-11-02T10:15:00.000Z', 'ja'));
    expect(shown('disposition_data', { amount: 12000, currency: 'USD' }, 'en')).toBe('{"amount":12000,"currency":"USD"}');
    expect(shown('email', null, 'en')).toBe('—');
    expect(shown('first_name', '', 'en')).toBe('—');
    expect(shown('attempt_count', 0, 'en')).toBe('0');
    // A field named like a time that holds something else is shown as it is.
    expect(shown('created_at', 'not a time', 'en')).toBe('not a time');
  });
});
