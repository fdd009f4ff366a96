import { Twilio } from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { AppConfig } from '@dialer/core';
import { isTwilioApiBaseUrl, RebasingRequestClient } from './rebasing-request-client';

export type TwilioConfig = AppConfig['twilio'];

/** Keep-alive sockets: the dialer places calls in bursts, one TLS handshake each would show. */
const HTTP_OPTIONS: RequestClient.RequestClientOptions = { keepAlive: true, timeout: 15_000 };

/** The HTTP client the SDK should use for `apiBaseUrl`: its own, or one that rewrites the host. */
export function createTwilioHttpClient(apiBaseUrl: string): RequestClient {
  return isTwilioApiBaseUrl(apiBaseUrl)
    ? new RequestClient(HTTP_OPTIONS)
    : new RebasingRequestClient(apiBaseUrl, HTTP_OPTIONS);
}

/**
 * The one SDK client a process needs. `httpClient` lets tests wrap the
 * transport (e.g. to check every response against Twilio's OpenAPI description).
 */
export function createTwilioClient(config: TwilioConfig, httpClient?: RequestClient): Twilio {
  return new Twilio(config.accountSid, config.authToken, {
    accountSid: config.accountSid,
    httpClient: httpClient ?? createTwilioHttpClient(config.apiBaseUrl),
  });
}
