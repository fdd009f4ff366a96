import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { DomainError, DomainErrorKind, loggableUrl } from '@dialer/core';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** Only for unexpected errors: quote it to support, it is in the log line. */
  errorId?: string;
}

/** `NOT_FOUND`, `PAYLOAD_TOO_LARGE`... from Nest's own exceptions and body-parser's. */
function codeOfStatus(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name ?? `HTTP_${status}`;
}

/** What the unexpected error of a request is logged with, besides the error and its id. */
export interface FailedRequest {
  method: string;
  originalUrl: string;
}

/** Where an unexpected error is logged (a PinoLogger, or pino itself). */
export interface ErrorLog {
  error(object: Record<string, unknown>, message: string): void;
}

/**
 * The error body of any exception: domain errors by their kind, Nest's HTTP
 * exceptions as they are, body-parser's client errors by their status,
 * anything else a 500 with an errorId that is also in the error log line.
 * Shared by the filter and the Twilio webhook server (which answers without Express).
 */
export function errorBodyOf(exception: unknown, request: FailedRequest, logger: ErrorLog): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: STATUS_OF_KIND[exception.kind],
      code: exception.code,
      message: exception.message,
      ...(exception.details ? { details: exception.details } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? exception.message);
    return { statusCode: status, code: codeOfStatus(status), message };
  }
  // body-parser and other express middleware signal client errors with `status`.
  const status = (exception as { status?: unknown; statusCode?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, code: codeOfStatus(status), message: (exception as Error).message };
  }

  const errorId = randomUUID();
  logger.error({ err: exception, errorId, method: request.method, url: loggableUrl(request.originalUrl) }, `Unhandled error ${errorId}`);
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'INTERNAL_ERROR',
    message: `Something went wrong on our side. Quote error id ${errorId} when reporting it.`,
    errorId,
  };
}

/** The one place errors become HTTP responses (see errorBodyOf). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(HttpErrorFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = errorBodyOf(exception, request, this.logger);
    if (response.headersSent) return;
    if (body.code === 'AUTH_TOO_MANY_FAILURES' && typeof body.details?.retryAfterSec === 'number') {
      response.setHeader('Retry-After', String(body.details.retryAfterSec));
    }
    response.status(body.statusCode).json(body);
  }
}
