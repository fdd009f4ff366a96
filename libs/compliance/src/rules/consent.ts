import { block, GateVerdict, pass } from './gate-verdict';

/** Which numbers need prior consent before a prerecorded (agentless) call. */
export type PrerecordedConsentScope = 'none' | 'mobile' | 'all';

const MOBILE_TYPES = new Set(['mobile', 'fixed_line_or_mobile']);

/**
 * Whether this call needs consent on file: agentless (prerecorded) calls to the
 * numbers the profile names. A number of unknown type counts as mobile.
 */
export function consentRequired(scope: PrerecordedConsentScope, prerecorded: boolean, phoneType: string | null | undefined): boolean {
  if (!prerecorded || scope === 'none') return false;
  return scope === 'all' || !phoneType || MOBILE_TYPES.has(phoneType);
}

export function checkConsent(required: boolean, consent: { grantedAt: Date; revokedAt?: Date | null } | null): GateVerdict {
  if (!required) return pass('consent', 'No consent needed for this call');
  if (consent && !consent.revokedAt) {
    return pass('consent', `Consent on file since ${consent.grantedAt.toISOString()}`, { grantedAt: consent.grantedAt.toISOString() });
  }
  return block(
    'consent',
    consent ? 'CONSENT_REVOKED' : 'CONSENT_MISSING',
    consent ? 'The callee revoked consent to prerecorded calls' : 'Prerecorded calls to this number need the callee’s prior consent',
    null,
  );
}
