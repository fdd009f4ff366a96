import type { Request } from 'express';
import { TWILIO_IDEMPOTENCY_HEADER, WebhookContext, webhookContextFrom } from '@dialer/calls';

/** The context of a webhook request through Express: its parsed query and Twilio's idempotency header. */
export function webhookContextOf(request: Request): WebhookContext {
  return webhookContextFrom(request.query, request.header(TWILIO_IDEMPOTENCY_HEADER));
}
