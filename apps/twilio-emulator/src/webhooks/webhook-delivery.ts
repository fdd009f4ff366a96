/** What a webhook is for; notifications may be shuffled, duplicated, delayed and dropped, requests never are. */
export type WebhookKind = 'voice' | 'action' | 'fallback' | 'status-callback' | 'amd-callback' | 'conference-callback';

export type HttpMethod = 'GET' | 'POST';

export interface WebhookRequest {
  kind: WebhookKind;
  /** As the app gave it, connection overrides (`#rc=…`) included. */
  url: string;
  method: HttpMethod;
  params: Record<string, string>;
}

/** Which of Twilio's retry classes a failed attempt falls into. */
export type FailureClass = 'ct' | 'rt' | '4xx' | '5xx';

export interface WebhookAttempt {
  attempt: number;
  at: string;
  durationMs: number;
  status?: number;
  failure?: FailureClass;
  error?: string;
  /** The response body (truncated), to see what TwiML the app returned. */
  body?: string;
  /** A response the emulator pretended not to receive (voiceRetryProbability). */
  discarded?: boolean;
}

/** One webhook and every attempt to deliver it; recorded in the call's event log. */
export interface WebhookDelivery extends WebhookRequest {
  /** The URL actually requested: no fragment; for GET, the parameters in the query string. */
  requestUrl: string;
  signature: string;
  /** Sent as I-Twilio-Idempotency-Token; equal on retries and duplicates. */
  idempotencyToken: string;
  /** A second copy of a notification already delivered (duplicateProbability). */
  duplicate: boolean;
  attempts: WebhookAttempt[];
  /** `dropped`: never sent (the scenario's dropProbability), as a callback lost on the way. */
  outcome: 'pending' | 'delivered' | 'failed' | 'dropped';
  /** Set when the URL's connection overrides are invalid: Twilio refuses to call it at all. */
  rejected?: string;
  response?: { status: number; contentType: string; body: string };
}
