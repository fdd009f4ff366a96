import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { webhookParams } from '../values/twilio-values';
import { assertTwilioSignature, TWILIO_SIGNATURE_HEADER } from './twilio-signature';

/**
 * For Twilio webhook routes (`@Public() @UseGuards(TwilioSignatureGuard)`):
 * checks X-Twilio-Signature against `config.api.publicBaseUrl` + the received
 * path and query, and the form body. Throws DomainErrors (400 missing, 403
 * wrong) for the global error filter. The base URL is read per request, so a
 * test that listens on port 0 can set it after `listen()`.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    assertTwilioSignature(this.config.twilio.authToken, this.config.api.publicBaseUrl, {
      method: request.method,
      originalUrl: request.originalUrl,
      params: webhookParams(request.body),
      signature: request.header(TWILIO_SIGNATURE_HEADER),
    });
    return true;
  }
}
