import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateRequest } from 'twilio';
import { pollUntil } from '../poll';

/** One request the emulator made to the app, as the app would see it. */
export interface ReceivedWebhook {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path and query, as Express's originalUrl. */
  originalUrl: string;
  params: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  signature: string | undefined;
  /** Checked with the SDK's validateRequest over receiver URL + originalUrl and the form body. */
  signatureValid: boolean;
  idempotencyToken: string | undefined;
}

export type WebhookReply = { status?: number; body?: string; contentType?: string; delayMs?: number };
export type Responder = (webhook: ReceivedWebhook) => WebhookReply | string | undefined;

/**
 * A small app stand-in for e2e tests: listens on port 0, records every
 * webhook with its signature check, and answers per path prefix (TwiML as a
 * string, or a full reply). Unrouted paths get an empty 200.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly routes: [string, Responder][] = [];

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly authToken: string,
  ) {}

  static async start(authToken: string): Promise<WebhookReceiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authToken);
    server.on('request', (request, response) => receiver.handle(request, response));
    return receiver;
  }

  /** Answers requests whose path starts with `prefix` (latest registration wins). */
  on(prefix: string, responder: Responder): this {
    this.routes.unshift([prefix, responder]);
    return this;
  }

  /** Every request to paths starting with `prefix`, optionally for one call. */
  requests(prefix: string, callSid?: string): ReceivedWebhook[] {
    return this.received.filter((hook) => hook.path.startsWith(prefix) && (!callSid || hook.params.CallSid === callSid));
  }

  /** Resolves once `predicate` holds for what has arrived (webhooks are asynchronous by nature). */
  async waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs = 15_000): Promise<ReceivedWebhook[]> {
    await pollUntil(async () => predicate(this.received), (done) => done, { timeoutMs, everyMs: 10 });
    return this.received;
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const originalUrl = request.url ?? '/';
      const [path = '/'] = originalUrl.split('?');
      const method = request.method ?? 'GET';
      const params = method === 'POST' ? Object.fromEntries(new URLSearchParams(body)) : Object.fromEntries(new URL(originalUrl, this.url).searchParams);
      const signature = header(request, 'x-twilio-signature');
      const webhook: ReceivedWebhook = {
        method,
        path,
        originalUrl,
        params,
        headers: request.headers,
        signature,
        signatureValid: !!signature && validateRequest(this.authToken, signature, `${this.url}${originalUrl}`, method === 'POST' ? params : {}),
        idempotencyToken: header(request, 'i-twilio-idempotency-token'),
      };
      this.received.push(webhook);

      const route = this.routes.find(([prefix]) => path.startsWith(prefix));
      const answer = route?.[1](webhook);
      const reply: WebhookReply = typeof answer === 'string' ? { body: answer, contentType: 'text/xml' } : (answer ?? {});
      const send = () => {
        response.statusCode = reply.status ?? 200;
        response.setHeader('content-type', reply.contentType ?? 'text/plain');
        response.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  }
}

function header(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
