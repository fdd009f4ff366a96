// The class and its option types live together only in the module itself.
import RequestClient from 'twilio/lib/base/RequestClient';

/** The production API host, with or without an edge/region (api.sydney.au1.twilio.com). */
const TWILIO_API_ORIGIN = /^https:\/\/api(?:\.[a-z0-9-]+)*\.twilio\.com(?=\/|$)/i;

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';

/** Whether requests to `baseUrl` need rewriting at all (they do not for Twilio itself). */
export function isTwilioApiBaseUrl(baseUrl: string): boolean {
  return baseUrl.replace(/\/+$/, '').toLowerCase() === TWILIO_API_BASE_URL;
}

/** `https://api.twilio.com/2010-04-01/...` → `<baseUrl>/2010-04-01/...`; other URLs are left alone. */
export function rebaseTwilioUrl(uri: string, baseUrl: string): string {
  return uri.replace(TWILIO_API_ORIGIN, baseUrl.replace(/\/+$/, ''));
}

/**
 * The SDK's own HTTP client, pointed at another host (the loopback emulator).
 * Only the origin changes: the SDK still encodes the form, adds Basic auth
 * and parses the response, so the emulator sees exactly what Twilio would.
 */
export class RebasingRequestClient extends RequestClient {
  constructor(
    readonly baseUrl: string,
    options?: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...options, uri: rebaseTwilioUrl(options.uri, this.baseUrl) });
  }
}
