import http from 'node:http';
import https from 'node:https';
import { FailureClass } from './webhook-delivery';

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

/** A request that got no HTTP response: the connection or the read timed out or broke. */
export class HttpFailure extends Error {
  constructor(
    readonly failure: Extract<FailureClass, 'ct' | 'rt'>,
    message: string,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

class StaleSocket extends Error {}

/** Fresh tries after a stale kept-alive socket, before the request counts as failed. */
const STALE_SOCKET_RETRIES = 8;

/** TwiML documents are small; anything past this is not read. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Plain node:http, because Twilio's connection overrides distinguish the
 * connect timeout from the read timeout, which fetch cannot. Keep-alive
 * agents: a busy dialer receives thousands of callbacks a minute.
 */
export class HttpSender {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

  async send(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeouts: { connectMs: number; readMs: number },
  ): Promise<HttpResponse> {
    // A kept-alive socket the server had just closed is our artefact, not a failure Twilio would see: try a
    // fresh one. A server that died (kill -9) resets every socket of the pool at once, so a few may be stale in
    // a row; past that, it is a failure like any other (a StaleSocket must never escape: callers expect HttpFailure).
    for (let tries = 0; ; tries++) {
      try {
        return await this.attempt(url, method, headers, body, timeouts);
      } catch (error) {
        if (!(error instanceof StaleSocket)) throw error;
        if (tries >= STALE_SOCKET_RETRIES) throw new HttpFailure('rt', 'connection reset on every kept-alive socket');
      }
    }
  }

  private attempt(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeouts: { connectMs: number; readMs: number },
  ): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      let settled = false;
      let connected = false;
      let responded = false;
      let readTimer: NodeJS.Timeout | undefined;

      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        clearTimeout(readTimer);
        outcome();
      };
      const fail = (failure: 'ct' | 'rt', message: string) =>
        finish(() => {
          request.destroy();
          reject(new HttpFailure(failure, message));
        });

      const request = (secure ? https : http).request(
        target,
        { method, headers, agent: secure ? this.httpsAgent : this.httpAgent },
        (response) => {
          responded = true;
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (size < MAX_BODY_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          response.on('end', () =>
            finish(() =>
              resolve({
                status: response.statusCode ?? 0,
                contentType: String(response.headers['content-type'] ?? ''),
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            ),
          );
          response.on('error', (error) => fail('rt', error.message));
        },
      );

      const connectTimer = setTimeout(() => fail('ct', `no connection within ${timeouts.connectMs} ms`), timeouts.connectMs);
      const onConnected = () => {
        connected = true;
        clearTimeout(connectTimer);
        readTimer = setTimeout(() => fail('rt', `no response within ${timeouts.readMs} ms`), timeouts.readMs);
      };
      request.on('socket', (socket) => {
        if (socket.connecting) socket.once('connect', onConnected);
        else onConnected(); // a kept-alive socket
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && error.code === 'ECONNRESET' && !responded) {
          finish(() => reject(new StaleSocket()));
        } else {
          fail(connected ? 'rt' : 'ct', error.message);
        }
      });
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
