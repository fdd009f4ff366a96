import http from 'node:http';
import { getExpectedTwilioSignature } from 'twilio';
import { ScriptedRequest } from './call-scripts';

export interface PreparedRequest {
  webhook: ScriptedRequest;
  path: string;
  body: string;
  signature: string;
  idempotencyToken: string;
}

/** Signs every request up front, as Twilio would have: the run then spends its CPU on sending only. */
export function prepareRequests(plan: readonly ScriptedRequest[], publicBaseUrl: string, authToken: string): PreparedRequest[] {
  const tokens = new Map<Record<string, string>, string>();
  return plan.map((webhook, i) => {
    // Copies carry their original's idempotency token, as Twilio's do.
    const token = tokens.get(webhook.params) ?? `idem-${i}`;
    tokens.set(webhook.params, token);
    return {
      webhook,
      path: webhook.path,
      body: new URLSearchParams(webhook.params).toString(),
      signature: getExpectedTwilioSignature(authToken, `${publicBaseUrl}${webhook.path}`, webhook.params),
      idempotencyToken: token,
    };
  });
}

export interface LoadResult {
  /** Per request sent: latency in ms from its scheduled send time to the end of its response (NaN: no response). */
  latencyMs: Float64Array;
  status: Int16Array;
  /** The response body of each voice and gather request (the TwiML), to check what the call flow answered. */
  bodies: (string | undefined)[];
  sent: number;
  /** When each request was scheduled, ms from the start. */
  scheduledAtMs: Float64Array;
  elapsedMs: number;
  errors: Map<string, number>;
}

export interface LoadOptions {
  url: string;
  ratePerSec: number;
  durationMs: number;
  /** Most requests in flight (sockets); the rest wait, and their wait counts in their latency. */
  connections: number;
  /** Called once when the warm-up is over (ms after the start). */
  warmupMs?: number;
  onWarmedUp?: () => void;
}

/**
 * Open-loop load: request i is due at i / rate seconds and its latency counts
 * from then, so a slow server cannot hide its backlog (no coordinated
 * omission). Keep-alive HTTP/1.1 over loopback.
 */
export async function runLoad(requests: readonly PreparedRequest[], options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const total = Math.min(requests.length, Math.floor((options.ratePerSec * options.durationMs) / 1000));
  const latencyMs = new Float64Array(total).fill(Number.NaN);
  const scheduledAtMs = new Float64Array(total);
  const status = new Int16Array(total);
  const bodies: (string | undefined)[] = new Array(total);
  const errors = new Map<string, number>();
  const interval = 1000 / options.ratePerSec;
  const start = performance.now();
  let next = 0;
  let done = 0;

  await new Promise<void>((resolve) => {
    const send = (i: number) => {
      const request = requests[i]!;
      const scheduled = start + i * interval;
      scheduledAtMs[i] = i * interval;
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: request.path,
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
            'Content-Length': Buffer.byteLength(request.body),
            'X-Twilio-Signature': request.signature,
            'I-Twilio-Idempotency-Token': request.idempotencyToken,
            'User-Agent': 'TwilioProxy/1.1',
          },
        },
        (res) => {
          const kind = request.webhook.kind;
          if (kind === 'voice' || kind === 'gather') {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => (bodies[i] = body));
          } else {
            res.resume();
          }
          res.on('end', () => {
            latencyMs[i] = performance.now() - scheduled;
            status[i] = res.statusCode ?? 0;
            if ((res.statusCode ?? 0) >= 300) errors.set(`HTTP ${res.statusCode}`, (errors.get(`HTTP ${res.statusCode}`) ?? 0) + 1);
            finish();
          });
        },
      );
      req.on('error', (error) => {
        errors.set(error.message, (errors.get(error.message) ?? 0) + 1);
        finish();
      });
      req.end(request.body);
    };
    const finish = () => {
      done += 1;
      if (done === total) resolve();
    };
    let warmedUp = false;
    const tick = () => {
      if (!warmedUp && options.onWarmedUp && performance.now() - start >= (options.warmupMs ?? 0)) {
        warmedUp = true;
        options.onWarmedUp();
      }
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      while (next < due) send(next++);
      if (next < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  return { latencyMs, status, bodies, sent: total, scheduledAtMs, elapsedMs: performance.now() - start, errors };
}
