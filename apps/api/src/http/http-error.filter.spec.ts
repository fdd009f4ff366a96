import { ArgumentsHost, BadRequestException, NotFoundException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DomainError, NotFoundError, ValidationFailedError } from '@dialer/core';
import { HttpErrorFilter } from './http-error.filter';

function respond(exception: unknown) {
  const logged: { object: Record<string, unknown>; message: string }[] = [];
  const logger = {
    setContext: () => undefined,
    error: (object: Record<string, unknown>, message: string) => logged.push({ object, message }),
  } as unknown as PinoLogger;
  const response = {
    headersSent: false,
    headers: {} as Record<string, string>,
    statusCode: 0,
    body: undefined as unknown,
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ method: 'GET', originalUrl: '/x' }) }),
  } as unknown as ArgumentsHost;
  new HttpErrorFilter(logger).catch(exception, host);
  return { response, logged };
}

describe('HttpErrorFilter', () => {
  it.each([
    [new NotFoundError('Campaign', 'c1'), 404, 'CAMPAIGN_NOT_FOUND'],
    [new DomainError('X_CONFLICT', 'busy', 'conflict'), 409, 'X_CONFLICT'],
    [new DomainError('X_LIMIT', 'slow down', 'rate_limited'), 429, 'X_LIMIT'],
    [new DomainError('X_DOWN', 'redis away', 'unavailable'), 503, 'X_DOWN'],
    [new ValidationFailedError([{ field: 'email', messages: ['bad'] }]), 400, 'VALIDATION_FAILED'],
  ])('maps %p to its status and stable code', (error, status, code) => {
    const { response, logged } = respond(error);
    expect(response.statusCode).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
    expect(logged).toHaveLength(0);
  });

  it('keeps Nest HTTP exceptions and body-parser errors as client errors', () => {
    expect(respond(new NotFoundException('Cannot GET /nope')).response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(respond(new BadRequestException('bad')).response.statusCode).toBe(400);
    const parseError = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 });
    expect(respond(parseError).response.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('turns an unexpected error into a 500 whose errorId is also in the log line', () => {
    const { response, logged } = respond(new TypeError('undefined is not a function'));
    const body = response.body as { statusCode: number; errorId: string; message: string };
    expect(body.statusCode).toBe(500);
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.message).toContain(body.errorId);
    expect(body.message).not.toContain('undefined is not a function');
    expect(logged).toHaveLength(1);
    expect(logged[0].object.errorId).toBe(body.errorId);
    expect(logged[0].message).toContain(body.errorId);
  });

  it('sets Retry-After on throttled sign-ins', () => {
    const error = new DomainError('AUTH_TOO_MANY_FAILURES', 'wait', 'rate_limited', { retryAfterSec: 42 });
    expect(respond(error).response.headers['Retry-After']).toBe('42');
  });
});
