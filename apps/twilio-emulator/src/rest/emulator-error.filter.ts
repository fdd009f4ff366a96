import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { twilioErrors, TwilioRestError } from '../common/twilio-rest.errors';
import { ControlError } from '../control/control.errors';
import { ScenarioValidationError } from '../scenario/scenario-input';
import { EMULATOR_LOGGER, EmulatorLogger } from '../emulator-logger';

/**
 * Every error as Twilio would answer it: `{code, message, more_info, status}`
 * (what the SDK parses into a RestException). Control-API refusals use the
 * same shape with a text code.
 */
@Catch()
export class EmulatorErrorFilter implements ExceptionFilter {
  constructor(@Inject(EMULATOR_LOGGER) private readonly logger: EmulatorLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    if (response.headersSent) return;

    if (exception instanceof ControlError || exception instanceof ScenarioValidationError) {
      const error =
        exception instanceof ControlError ? exception : new ControlError(400, 'SCENARIO_INVALID', exception.message, exception.problems);
      response.status(error.status).json({
        code: error.code,
        message: error.message,
        status: error.status,
        ...(error.problems ? { problems: error.problems } : {}),
      });
      return;
    }

    const error = this.toTwilioError(exception, request);
    if (error.status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
    response.status(error.status).json(error.toBody());
  }

  private toTwilioError(exception: unknown, request: Request): TwilioRestError {
    if (exception instanceof TwilioRestError) return exception;
    if (exception instanceof NotFoundException) return twilioErrors.notFound(request.path);
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      return new TwilioRestError(exception.getStatus(), 20001, exception.message);
    }
    // body-parser signals malformed or oversized bodies with a status.
    const status = (exception as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return new TwilioRestError(status, 20001, (exception as Error).message);
    }
    this.logger.error({ err: exception, method: request.method, url: request.originalUrl }, 'emulator request failed');
    return twilioErrors.internal();
  }
}
