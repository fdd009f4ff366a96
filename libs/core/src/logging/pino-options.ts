import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { maskPhoneNumbers, maskPhoneNumbersInText } from './mask-phone-numbers';
import { scrubErrorValues, scrubSqlValues } from './sql-values';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

const QUIET = Symbol.for('dialer.quietRequestLog');

/**
 * Logs this request's completion at debug instead of info when it succeeds:
 * for high-volume machine traffic (Twilio's webhooks) whose every success
 * would drown the log and cost CPU. Failures still log at warn/error.
 */
export function quietRequestLog(response: object): void {
  (response as { [QUIET]?: boolean })[QUIET] = true;
}

function isQuiet(response: object): boolean {
  return (response as { [QUIET]?: boolean })[QUIET] === true;
}

/** Query parameters that carry a credential (Bull Board's `?token=` hand-off): never logged. */
const SECRET_QUERY = /([?&](?:token|access_token|password|secret)=)[^&#]*/gi;

/**
 * Percent-escapes decoded (a malformed run kept as sent) and full-width digits
 * folded to ASCII (NFKC): `/dnc/%2B1%20212%20555%200143` and `２１２５５５０１４３`
 * are numbers the api accepts, and the masker only recognises plain digits.
 */
function plainUrl(url: string): string {
  const decoded = url.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  return decoded.normalize('NFKC');
}

/** A request URL as logs keep it: credentials in its query redacted, phone numbers masked. */
export function loggableUrl(url: string): string {
  return maskPhoneNumbersInText(plainUrl(url).replace(SECRET_QUERY, '$1[redacted]'));
}

/** Honours a caller's X-Request-Id (from a proxy or a client) when it is sane. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

export function createPinoOptions(config: AppConfig, name: string): LoggerOptions {
  return {
    name,
    level: config.log.level,
    transport: config.log.pretty
      ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
      : undefined,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'],
    serializers: {
      // A plain copy: the serialized error's own prototype would make maskPhoneNumbers leave it alone.
      err: (err: Error) => maskPhoneNumbers(scrubErrorValues({ ...pino.stdSerializers.err(err) })),
    },
    formatters: { log: (object) => maskPhoneNumbers(object) },
    hooks: {
      logMethod(args, method) {
        const clean = (text: string) => maskPhoneNumbersInText(scrubSqlValues(text));
        const masked = args.map((arg) => (typeof arg === 'string' ? clean(arg) : arg));
        // `logger.error(error)` takes its message from the error, past this hook's strings: give it the clean one.
        if (masked.length === 1 && masked[0] instanceof Error) masked.push(clean(masked[0].message));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
}

export function createPinoHttpOptions(config: AppConfig, name: string): PinoHttpOptions {
  return {
    ...createPinoOptions(config, name),
    genReqId: requestIdFor,
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : isQuiet(res) ? 'debug' : 'info',
    autoLogging: { ignore: (req) => req.url === '/health' },
    serializers: {
      ...createPinoOptions(config, name).serializers,
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
