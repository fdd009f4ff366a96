import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, requestIdFor } from '@dialer/core';
import {
  CallFlowService,
  CallProgressService,
  parseAmdCallback,
  parseConferenceEvent,
  parseGatherRequest,
  parseStatusCallback,
  parseVoiceRequest,
  TWILIO_IDEMPOTENCY_HEADER,
  twilioWebhookPath,
  WebhookContext,
  webhookContextFrom,
} from '@dialer/calls';
import { assertTwilioSignature, TWILIO_SIGNATURE_HEADER, WebhookParams } from '@dialer/telephony';
import { errorBodyOf, ErrorLog } from '../http/http-error.filter';

/**
 * Twilio's webhooks straight off the HTTP server, ahead of Express and Nest.
 *
 * They come by the thousand per second and need none of the general
 * pipeline: no session, no bearer token, no DTO validation, no ORM identity
 * map. Express and Nest cost more CPU per request than storing the callback,
 * so the common shape of a Twilio request (a POST of a plain urlencoded form
 * with a Content-Length, to one of the exact webhook paths) is served here,
 * with the same building blocks and the same answers as
 * TwilioCallProgressController and TwilioCallFlowController:
 *
 * - the form is parsed as body-parser's `urlencoded({ extended: false })`
 *   would (names literal, repeated names as arrays, at most 1,000 parameters,
 *   100 kB), the query string as Express's simple parser;
 * - X-Twilio-Signature is checked by `assertTwilioSignature` (the SDK's
 *   `validateRequest`) against `config.api.publicBaseUrl`, read per request;
 * - the same services record the event or compute the TwiML; voice and
 *   gather run in a MikroORM request context, as the call flow policy expects;
 * - errors become the same bodies and statuses (`errorBodyOf`, as the global
 *   filter): 400 missing signature or unreadable webhook, 403 forged, 5xx when
 *   storing failed, so Twilio retries;
 * - the request id (`X-Request-Id`, honoured or made) is answered and logged;
 *   a success is logged at debug, a failure at warn (4xx) or error (5xx).
 *
 * Anything else (another method or path, JSON, a compressed or chunked body,
 * another charset) goes on to Express untouched, and the controllers answer it
 * exactly as before: they stay the documented routes and the reference.
 */

/** body-parser's defaults for `urlencoded`: 100 kB and 1,000 parameters. */
const BODY_LIMIT_BYTES = 100 * 1024;
const PARAMETER_LIMIT = 1000;

interface Webhook {
  /** 200 with TwiML, or 204. */
  twiml: boolean;
  run(params: WebhookParams, context: WebhookContext): Promise<string | undefined>;
}

interface WebhookServices {
  progress: CallProgressService;
  flow: CallFlowService;
  orm: MikroORM;
}

function webhooksOf({ progress, flow, orm }: WebhookServices): Map<string, Webhook> {
  // The call flow policy may use the EntityManager: give it its request context, as Express requests get.
  const inContext = <T>(work: () => Promise<T>) => RequestContext.create(orm.em, work);
  const notification = (record: (params: WebhookParams, context: WebhookContext) => Promise<unknown>): Webhook => ({
    twiml: false,
    run: async (params, context) => {
      await record(params, context);
      return undefined;
    },
  });
  return new Map<string, Webhook>([
    [twilioWebhookPath('status'), notification((params, context) => progress.status(parseStatusCallback(params), context))],
    [twilioWebhookPath('amd'), notification((params, context) => progress.amd(parseAmdCallback(params), context))],
    [twilioWebhookPath('conference'), notification((params, context) => progress.conference(parseConferenceEvent(params), context))],
    [twilioWebhookPath('voice'), { twiml: true, run: (params, context) => inContext(() => flow.answer(parseVoiceRequest(params), context)) }],
    [twilioWebhookPath('gather'), { twiml: true, run: (params, context) => inContext(() => flow.gather(parseGatherRequest(params), context)) }],
  ]);
}

/** `application/x-www-form-urlencoded`, in UTF-8 (stated or implied): what Twilio posts. */
const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(;\s*charset="?utf-8"?\s*)?$/i;

/** The request is one this server answers (else Express does). */
function servable(request: IncomingMessage): boolean {
  if (request.method !== 'POST') return false;
  const type = request.headers['content-type'];
  if (type === undefined || !FORM_CONTENT_TYPE.test(type)) return false;
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const length = request.headers['content-length'];
  return length !== undefined && Number(length) <= BODY_LIMIT_BYTES && request.headers['transfer-encoding'] === undefined;
}

/**
 * As body-parser's `urlencoded({ extended: false })`: 413 past 1,000
 * parameters, repeated names as arrays. What `webhookParams` would read from
 * that body (strings and arrays of strings only), so it is checked and parsed
 * as it is, without a copy.
 */
function parseForm(text: string): WebhookParams {
  if (text.length === 0) return {};
  let count = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    if (++count > PARAMETER_LIMIT) throw Object.assign(new Error('too many parameters'), { status: 413 });
  }
  return parseQueryString(text, '&', '=', { maxKeys: 0 }) as WebhookParams;
}

export class TwilioWebhookServer {
  private readonly webhooks: Map<string, Webhook>;

  constructor(
    private readonly config: AppConfig,
    services: WebhookServices,
    /** pino-http's logger once the app is initialised (it carries the req/res serializers). */
    private readonly logger: () => PinoLogger['logger'],
  ) {
    this.webhooks = webhooksOf(services);
  }

  /** Serves the request if it is a Twilio webhook in the usual shape; false leaves it to the next handler. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    const queryAt = url.indexOf('?');
    const webhook = this.webhooks.get(queryAt === -1 ? url : url.slice(0, queryAt));
    if (!webhook || !servable(request)) return false;

    const startedAt = performance.now();
    const requestId = requestIdFor(request, response);
    const chunks: Buffer[] = [];
    // A client that goes away mid-body gets no answer (as with Express); the error must not go unhandled.
    request.on('error', () => response.destroy());
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      this.answer(webhook, request, response, text, queryAt === -1 ? '' : url.slice(queryAt + 1)).then(
        (statusCode) => this.logCompletion(request, response, requestId, statusCode, startedAt),
        // Unreachable (answer catches), but never leave a request hanging.
        () => response.destroy(),
      );
    });
    return true;
  }

  private async answer(webhook: Webhook, request: IncomingMessage, response: ServerResponse, text: string, queryString: string): Promise<number> {
    let statusCode: number;
    let body: string | undefined;
    let contentType: string | undefined;
    try {
      // Read once: the signature is checked on these params, and the webhook parses them.
      const params = parseForm(text);
      assertTwilioSignature(this.config.twilio.authToken, this.config.api.publicBaseUrl, {
        method: 'POST',
        originalUrl: request.url ?? '',
        params,
        signature: request.headers[TWILIO_SIGNATURE_HEADER] as string | undefined,
      });
      // node:querystring is Express's (simple) query parser: the context is the controllers'.
      const context = webhookContextFrom(parseQueryString(queryString), request.headers[TWILIO_IDEMPOTENCY_HEADER]);
      const twiml = await webhook.run(params, context);
      if (webhook.twiml) {
        statusCode = 200;
        body = twiml ?? '';
        contentType = 'text/xml; charset=utf-8';
      } else {
        statusCode = 204;
      }
    } catch (error) {
      const errorBody = errorBodyOf(error, { method: 'POST', originalUrl: request.url ?? '' }, this.errorLog());
      statusCode = errorBody.statusCode;
      body = JSON.stringify(errorBody);
      contentType = 'application/json; charset=utf-8';
    }
    if (response.headersSent || response.destroyed) return statusCode;
    response.statusCode = statusCode;
    if (body !== undefined) {
      response.setHeader('Content-Type', contentType!);
      response.setHeader('Content-Length', Buffer.byteLength(body));
    }
    response.end(body);
    return statusCode;
  }

  private errorLog(): ErrorLog {
    const logger = this.logger();
    return { error: (object, message) => logger.error(object, message) };
  }

  /** As pino-http would: failures at warn/error, successes at debug (Twilio's traffic would drown the log). */
  private logCompletion(request: IncomingMessage, response: ServerResponse, id: string, statusCode: number, startedAt: number): void {
    const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'debug';
    const logger = this.logger();
    if (!logger.isLevelEnabled(level)) return;
    logger[level](
      // pino-http's res serializer reads the status from the response itself (null until its headers are sent): give it the response.
      { req: { id, method: request.method, url: request.url }, res: response, responseTime: Math.round(performance.now() - startedAt) },
      statusCode >= 500 ? 'request errored' : 'request completed',
    );
  }
}

/**
 * Puts the Twilio webhook server in front of the app's request handler
 * (Express): call after `NestFactory.create`, before `listen`.
 */
export function serveTwilioWebhooksFirst(app: INestApplication): TwilioWebhookServer {
  const server = new TwilioWebhookServer(
    app.get<AppConfig>(APP_CONFIG),
    { progress: app.get(CallProgressService), flow: app.get(CallFlowService), orm: app.get(MikroORM) },
    () => PinoLogger.root,
  );
  const http = app.getHttpServer() as Server;
  const next = http.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  http.removeAllListeners('request');
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (server.handle(request, response)) return;
    for (const listener of next) listener.call(http, request, response);
  });
  return server;
}
