import { findConsentColumns, parseGrantedAt, readConsentCells } from './consent-row';

describe('consent list rows', () => {
  const now = new Date('2026-12-06T00:00:00Z');
  const columns = { type: 1, grantedAt: 2, source: 3, evidence: 4 };

  it('finds the consent columns by their usual headers, in English or Japanese, and names the missing ones', () => {
    expect(findConsentColumns(['Phone', 'Type', 'Granted At', 'Source', 'Evidence'])).toEqual({ columns });
    expect(findConsentColumns(['電話番号', '同意種別', '同意日', '取得元'])).toEqual({ columns: { type: 1, grantedAt: 2, source: 3, evidence: undefined } });
    expect(findConsentColumns(['phone', 'type'])).toEqual({ missing: ['grantedAt', 'source'] });
  });

  it('reads a valid row, the type in any usual spelling and the date in the usual formats', () => {
    expect(readConsentCells(['x', 'Prerecorded Calls', '2026-11-02T10:15:00+09:00', ' web form ', 'form 8841'], columns, now)).toEqual({
      ok: true,
      value: { consentType: 'prerecorded_calls', grantedAt: '2026-11-02T01:15:00.000Z', consentSource: 'web form', evidence: 'form 8841' },
    });
    expect(parseGrantedAt('2026/11/02')?.toISO()).toBe('2026-11-02T00:00:00.000Z');
    expect(parseGrantedAt('2026-11-02 10:15')?.toISO()).toBe('2026-11-02T10:15:00.000Z');
    expect(parseGrantedAt('yesterday')).toBeNull();
  });

  it('names every problem of a bad row', () => {
    expect(readConsentCells(['x', 'fax', '2027-01-01', '', ''], columns, now)).toEqual({
      ok: false,
      message: 'type "fax" is not one of autodialed_calls, prerecorded_calls, marketing_calls, recording; granted at 2027-01-01 is in the future; source is empty',
    });
  });
});
