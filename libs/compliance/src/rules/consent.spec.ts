import { checkConsent, consentRequired } from './consent';

const grantedAt = new Date('2026-01-01T00:00:00Z');

describe('consentRequired', () => {
  it('asks consent for a prerecorded call to a number that may be a mobile (most US numbers are fixed_line_or_mobile)', () => {
    expect(consentRequired('mobile', true, 'fixed_line_or_mobile')).toBe(true);
    expect(consentRequired('mobile', true, 'mobile')).toBe(true);
  });

  it('does not ask it for numbers that are surely not mobiles under a mobile-only profile', () => {
    for (const type of ['fixed_line', 'toll_free', 'voip']) expect(consentRequired('mobile', true, type)).toBe(false);
  });

  it('treats a number of unknown type (missing or blank) as a mobile', () => {
    expect(consentRequired('mobile', true, undefined)).toBe(true);
    expect(consentRequired('mobile', true, null)).toBe(true);
    expect(consentRequired('mobile', true, '')).toBe(true);
  });

  it('never asks it when an agent is on the line or the profile asks none', () => {
    expect(consentRequired('all', false, 'fixed_line_or_mobile')).toBe(false);
    expect(consentRequired('none', true, 'fixed_line_or_mobile')).toBe(false);
    expect(consentRequired('none', true, null)).toBe(false);
  });

  it('asks it for every number under an all-numbers profile', () => {
    expect(consentRequired('all', true, 'fixed_line')).toBe(true);
    expect(consentRequired('all', true, 'toll_free')).toBe(true);
  });
});

describe('checkConsent', () => {
  it('passes a call that needs none, whatever is on file', () => {
    expect(checkConsent(false, null)).toEqual({
      gate: 'consent',
      passed: true,
      code: 'OK',
      message: 'No consent needed for this call',
      evidence: undefined,
    });
  });

  it('passes with consent on file, keeping its date as evidence', () => {
    const expected = {
      gate: 'consent',
      passed: true,
      code: 'OK',
      message: 'Consent on file since 2026-01-01T00:00:00.000Z',
      evidence: { grantedAt: '2026-01-01T00:00:00.000Z' },
    };
    expect(checkConsent(true, { grantedAt })).toEqual(expected);
    expect(checkConsent(true, { grantedAt, revokedAt: null })).toEqual(expected);
  });

  it('blocks for good without consent, saying why', () => {
    expect(checkConsent(true, null)).toEqual({
      gate: 'consent',
      passed: false,
      code: 'CONSENT_MISSING',
      message: 'Prerecorded calls to this number need the callee’s prior consent',
      retryAt: null,
      evidence: undefined,
    });
  });

  it('blocks for good once consent is revoked', () => {
    expect(checkConsent(true, { grantedAt, revokedAt: new Date('2026-02-01T00:00:00Z') })).toEqual({
      gate: 'consent',
      passed: false,
      code: 'CONSENT_REVOKED',
      message: 'The callee revoked consent to prerecorded calls',
      retryAt: null,
      evidence: undefined,
    });
  });
});
