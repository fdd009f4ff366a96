import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import { quietRequestLog } from '@dialer/core';

/** Twilio's webhooks come by the thousand: their successes log at debug, their failures as usual. */
@Injectable()
export class QuietRequestLogInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    quietRequestLog(context.switchToHttp().getResponse<Response>());
    return next.handle();
  }
}
