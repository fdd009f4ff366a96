import { RestException } from 'twilio';
import { DomainError } from '@dialer/core';

/** Stable codes of the errors this lib throws; callers and tests match on these. */
export const TELEPHONY_ERROR_CODES = {
  callNotFound: 'TELEPHONY_CALL_NOT_FOUND',
  callNotInProgress: 'TELEPHONY_CALL_NOT_IN_PROGRESS',
  requestRejected: 'TELEPHONY_REQUEST_REJECTED',
  credentialsRejected: 'TELEPHONY_CREDENTIALS_REJECTED',
  rateLimited: 'TELEPHONY_RATE_LIMITED',
  unavailable: 'TELEPHONY_UNAVAILABLE',
  signatureMissing: 'TWILIO_SIGNATURE_MISSING',
  signatureInvalid: 'TWILIO_SIGNATURE_INVALID',
} as const;

/** Twilio error codes that deserve their own domain code. */
const TWILIO_NOT_FOUND = 20404;
const TWILIO_CALL_NOT_IN_PROGRESS = 21220;

/**
 * Turns whatever the SDK threw into a DomainError. Twilio's own rejections
 * keep their code and "more info" link in `details`; transport failures and
 * 5xx become `unavailable`, the only kind a job queue should retry.
 */
export function toTelephonyError(error: unknown, operation: string): DomainError {
  if (error instanceof DomainError) return error;
  if (!(error instanceof RestException)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DomainError(TELEPHONY_ERROR_CODES.unavailable, `Twilio unreachable during ${operation}: ${reason}`, 'unavailable', {
      operation,
    });
  }

  const details = { operation, twilioCode: error.code ?? null, twilioStatus: error.status, moreInfo: error.moreInfo ?? null };
  const message = `Twilio refused ${operation}: ${error.message}`;
  if (error.code === TWILIO_NOT_FOUND || error.status === 404) {
    return new DomainError(TELEPHONY_ERROR_CODES.callNotFound, message, 'not_found', details);
  }
  if (error.code === TWILIO_CALL_NOT_IN_PROGRESS) {
    return new DomainError(TELEPHONY_ERROR_CODES.callNotInProgress, message, 'conflict', details);
  }
  if (error.status === 401 || error.status === 403) {
    // Our credentials are wrong: an operator must fix the configuration, retrying will not help.
    return new DomainError(TELEPHONY_ERROR_CODES.credentialsRejected, message, 'unprocessable', details);
  }
  if (error.status === 429) return new DomainError(TELEPHONY_ERROR_CODES.rateLimited, message, 'rate_limited', details);
  if (error.status >= 500) return new DomainError(TELEPHONY_ERROR_CODES.unavailable, message, 'unavailable', details);
  return new DomainError(TELEPHONY_ERROR_CODES.requestRejected, message, 'invalid', details);
}
