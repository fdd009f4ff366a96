import { FailureClass } from './webhook-delivery';

/** How Twilio calls one URL, from the fragment of that URL (`#ct=…&rt=…&tt=…&rc=…&rp=…`). */
export interface ConnectionSettings {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  totalTimeoutMs: number;
  retryCount: number;
  retryOn: ReadonlySet<FailureClass>;
}

/** Twilio's defaults: one retry, only when the connection could not be made. */
export const DEFAULT_CONNECTION_SETTINGS: ConnectionSettings = {
  connectTimeoutMs: 5000,
  readTimeoutMs: 15000,
  totalTimeoutMs: 15000,
  retryCount: 1,
  retryOn: new Set(['ct']),
};

/** A fragment Twilio would refuse to use, with Twilio's error code for it. */
export class InvalidConnectionOverride extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidConnectionOverride';
  }
}

const RANGES = {
  ct: { min: 100, max: 10000, code: 11237, name: 'connection timeout' },
  rt: { min: 100, max: 15000, code: 11238, name: 'read timeout' },
  tt: { min: 100, max: 15000, code: 11239, name: 'total timeout' },
  rc: { min: 0, max: 5, code: 11240, name: 'retry count' },
} as const;

const POLICIES: Record<string, readonly FailureClass[]> = {
  ct: ['ct'],
  rt: ['rt'],
  '4xx': ['4xx'],
  '5xx': ['5xx'],
  all: ['ct', 'rt', '4xx', '5xx'],
};

/** Splits a webhook URL into the URL Twilio requests (and signs) and its connection settings. */
export function parseConnectionOverrides(url: string): { url: string; settings: ConnectionSettings } {
  const hash = url.indexOf('#');
  if (hash === -1) return { url, settings: DEFAULT_CONNECTION_SETTINGS };
  const settings = { ...DEFAULT_CONNECTION_SETTINGS };
  for (const [key, value] of new URLSearchParams(url.slice(hash + 1))) {
    if (key === 'rp') {
      const classes = value.split(',').map((policy) => POLICIES[policy.trim()]);
      if (classes.some((policy) => !policy)) throw new InvalidConnectionOverride(11243, `HTTP retry policy is invalid: ${value}`);
      settings.retryOn = new Set(classes.flatMap((policy) => policy ?? []));
    } else if (key in RANGES) {
      const range = RANGES[key as keyof typeof RANGES];
      const number = Number(value);
      if (!Number.isInteger(number) || number < range.min || number > range.max) {
        throw new InvalidConnectionOverride(range.code, `HTTP ${range.name} is invalid: ${value} (${range.min}–${range.max})`);
      }
      if (key === 'ct') settings.connectTimeoutMs = number;
      else if (key === 'rt') settings.readTimeoutMs = number;
      else if (key === 'tt') settings.totalTimeoutMs = number;
      else settings.retryCount = number;
    }
    // Other keys (e: edge, sni) change nothing on a loopback network.
  }
  return { url: url.slice(0, hash), settings };
}
