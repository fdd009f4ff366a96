import { getExpectedTwilioSignature } from 'twilio';
import request from 'supertest';

export interface SignedPostOptions {
  /** Sign as if for this public base URL (default: the URL posted to). */
  publicBaseUrl?: string;
  /** Sign with this token instead (a forger's). */
  authToken?: string;
  idempotencyToken?: string;
}

/**
 * Posts a form to the api the way Twilio does: urlencoded, signed over the
 * public base URL + path and query, with an idempotency token when given.
 */
export function postSigned(
  apiUrl: string,
  pathAndQuery: string,
  params: Record<string, string>,
  authToken: string,
  options: SignedPostOptions = {},
): request.Test {
  const signature = getExpectedTwilioSignature(options.authToken ?? authToken, `${options.publicBaseUrl ?? apiUrl}${pathAndQuery}`, params);
  const post = request(apiUrl).post(pathAndQuery).type('form').set('X-Twilio-Signature', signature);
  if (options.idempotencyToken) post.set('I-Twilio-Idempotency-Token', options.idempotencyToken);
  return post.send(params);
}
