import { validateRequest } from 'twilio';
import { DomainError } from '@dialer/core';
import { TELEPHONY_ERROR_CODES } from '../telephony.errors';
import { WebhookParams } from '../values/twilio-values';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/** What a transport knows about an incoming webhook; framework-free so any adapter can fill it in. */
export interface IncomingWebhook {
  method: string;
  /** Path and query exactly as received (Express `originalUrl`); the fragment never arrives. */
  originalUrl: string;
  /**
   * The form of a POST, as read once by `webhookParams` (or a parser of the
   * same output) and then handed to the webhook's parser too; ignored for GET,
   * whose parameters are in the query string.
   */
  params: WebhookParams;
  /** The X-Twilio-Signature header, if any. */
  signature: string | undefined;
}

/** The URL Twilio signed: our public base URL (as configured in the callback URLs) plus what the server received. */
export function signedWebhookUrl(publicBaseUrl: string, originalUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${originalUrl.startsWith('/') ? '' : '/'}${originalUrl}`;
}

/** Twilio's algorithm, through the SDK: HMAC-SHA1 of the URL plus the sorted POST parameters. */
export function isValidTwilioSignature(authToken: string, signature: string, url: string, params: WebhookParams): boolean {
  return validateRequest(authToken, signature, url, params);
}

/**
 * Refuses a webhook that Twilio did not sign: `TWILIO_SIGNATURE_MISSING`
 * (invalid, 400) without the header, `TWILIO_SIGNATURE_INVALID` (forbidden,
 * 403) when it does not match.
 */
export function assertTwilioSignature(authToken: string, publicBaseUrl: string, webhook: IncomingWebhook): void {
  if (!webhook.signature) {
    throw new DomainError(
      TELEPHONY_ERROR_CODES.signatureMissing,
      'This endpoint only accepts requests signed by Twilio (no X-Twilio-Signature header)',
      'invalid',
    );
  }
  const url = signedWebhookUrl(publicBaseUrl, webhook.originalUrl);
  const params = webhook.method.toUpperCase() === 'POST' ? webhook.params : {};
  if (!isValidTwilioSignature(authToken, webhook.signature, url, params)) {
    throw new DomainError(TELEPHONY_ERROR_CODES.signatureInvalid, 'X-Twilio-Signature does not match this request', 'forbidden');
  }
}
