/**
 * Twilio's per-URL "connection overrides": settings written into the URL
 * fragment (`#rc=3&rp=all`) that change how Twilio calls that URL. The
 * fragment never reaches our server and is not part of the signed URL.
 */
export type RetryPolicy = '4xx' | '5xx' | 'ct' | 'rt' | 'all';

export interface ConnectionOverrides {
  /** `ct`: ms to establish the TCP connection (Twilio: 100–10000, default 5000). */
  connectTimeoutMs?: number;
  /** `rt`: ms to wait for the response (100–15000, default 15000). */
  readTimeoutMs?: number;
  /** `tt`: ms for all attempts together (100–15000, default 15000). */
  totalTimeoutMs?: number;
  /** `rc`: retries after the first attempt (0–5, default 1). */
  retryCount?: number;
  /** `rp`: which failures are retried (default `ct` only: a 500 is not retried unless asked). */
  retryPolicy?: readonly RetryPolicy[];
}

/** Retry up to three times on any failure, including our own 5xx during a deploy or a database blip. */
export const DEFAULT_CONNECTION_OVERRIDES: ConnectionOverrides = { retryCount: 3, retryPolicy: ['all'] };

const KEYS: ReadonlyArray<[keyof ConnectionOverrides, string]> = [
  ['connectTimeoutMs', 'ct'],
  ['readTimeoutMs', 'rt'],
  ['totalTimeoutMs', 'tt'],
  ['retryCount', 'rc'],
  ['retryPolicy', 'rp'],
];

/** `{ retryCount: 3, retryPolicy: ['all'] }` → `rc=3&rp=all` (empty string for no overrides). */
export function formatConnectionOverrides(overrides: ConnectionOverrides): string {
  return KEYS.flatMap(([key, short]) => {
    const value = overrides[key];
    if (value === undefined) return [];
    return [`${short}=${Array.isArray(value) ? value.join(',') : String(value)}`];
  }).join('&');
}

/** The URL as Twilio requests and signs it: without the fragment. */
export function stripUrlFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** Replaces whatever fragment `url` has with the given overrides. */
export function withConnectionOverrides(url: string, overrides: ConnectionOverrides = DEFAULT_CONNECTION_OVERRIDES): string {
  const fragment = formatConnectionOverrides(overrides);
  return fragment ? `${stripUrlFragment(url)}#${fragment}` : stripUrlFragment(url);
}

/**
 * A webhook URL for Twilio: our public base URL, a path, an optional query
 * (e.g. the attempt id, so the handler needs no lookup by CallSid) and the
 * connection overrides that make Twilio retry.
 *
 *   twilioCallbackUrl('https://dialer.example.com', '/twilio/status', { attempt: 'a1' })
 *   → 'https://dialer.example.com/twilio/status?attempt=a1#rc=3&rp=all'
 */
export function twilioCallbackUrl(
  publicBaseUrl: string,
  path: string,
  query: Record<string, string | number | undefined> = {},
  overrides: ConnectionOverrides = DEFAULT_CONNECTION_OVERRIDES,
): string {
  const url = new URL(`${publicBaseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.append(name, String(value));
  }
  return withConnectionOverrides(url.toString(), overrides);
}
