import type { Request } from 'express';
import { WebhookContext } from '@dialer/calls';

/** The query (first value of each name) and Twilio's idempotency header of a webhook request. */
export function webhookContextOf(request: Request): WebhookContext {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') query[name] = first;
  }
  return { query, idempotencyToken: request.header('i-twilio-idempotency-token') ?? null };
}
