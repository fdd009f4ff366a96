import { randomUUID } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio';
import { SimScheduler } from '../clock/sim-scheduler';
import { Scenario } from '../scenario/scenario';
import { ScenarioRandom } from '../scenario/scenario-random';
import { ConnectionSettings, InvalidConnectionOverride, parseConnectionOverrides } from './connection-overrides';
import { HttpFailure, HttpSender } from './http-sender';
import { FailureClass, WebhookAttempt, WebhookDelivery, WebhookRequest } from './webhook-delivery';

/** How much of a response body the event log keeps. */
const LOGGED_BODY_CHARS = 4096;
/** Pause between attempts; Twilio does not document one, and tests should not wait for it. */
const RETRY_PAUSE_MS = 20;

export type DeliveryRecorder = (delivery: WebhookDelivery) => void;

/**
 * Twilio's side of webhooks: signs each request with the account's auth
 * token (via the SDK, over the URL without its fragment), honours the URL's
 * connection overrides for timeouts and retries, and, for notifications
 * only, optionally shuffles, duplicates, delays and drops deliveries (the
 * faults a real network and Twilio's own retries produce).
 */
export class WebhookDispatcher {
  private readonly sender = new HttpSender();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly random: ScenarioRandom;

  constructor(
    private readonly authToken: string,
    private readonly scheduler: SimScheduler,
    private readonly scenario: () => Scenario,
  ) {
    this.random = new ScenarioRandom(scenario().seed);
  }

  reseed(seed: number): void {
    this.random.reseed(seed);
  }

  /** A request whose response drives the call (voice URL, Gather action): delivered now, awaited. */
  async request(request: WebhookRequest, record: DeliveryRecorder): Promise<WebhookDelivery> {
    const { delivery, settings } = this.prepare(request);
    record(delivery);
    if (settings) {
      const loseFirstResponse = this.random.chance(this.scenario().webhooks.voiceRetryProbability);
      await this.track(this.deliver(delivery, settings, loseFirstResponse));
    }
    return delivery;
  }

  /**
   * A notification (status, AMD, conference, recording): fire and forget.
   * In order per `chain` (a call or conference) unless the scenario shuffles.
   */
  notify(request: WebhookRequest, record: DeliveryRecorder, chain: string): void {
    const { delivery, settings } = this.prepare(request);
    record(delivery);
    if (!settings) return;
    const { shuffle, shuffleWindowMs, duplicateProbability, dropProbability, delayMs } = this.scenario().webhooks;
    const send = (copy: WebhookDelivery) => {
      if (shuffle) this.later(delayMs + this.random.between(0, shuffleWindowMs), () => this.deliver(copy, settings, false));
      else this.enqueue(chain, () => this.pause(delayMs).then(() => this.deliver(copy, settings, false)));
    };

    // Lost on the way: recorded in the call's log, never sent.
    if (this.random.chance(dropProbability)) delivery.outcome = 'dropped';
    else send(delivery);

    if (this.random.chance(duplicateProbability)) {
      const copy: WebhookDelivery = { ...delivery, duplicate: true, attempts: [], outcome: 'pending', response: undefined };
      record(copy);
      send(copy);
    }
  }

  private pause(realMs: number): Promise<void> {
    return realMs > 0 ? new Promise<void>((resolve) => this.scheduler.afterReal(realMs, resolve)) : Promise.resolve();
  }

  /** Resolves once every delivery started so far has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Forgets queued notifications (their timers were dropped with the scheduler's). */
  reset(): void {
    this.chains.clear();
    this.inFlight.clear();
  }

  close(): void {
    this.reset();
    this.sender.close();
  }

  private prepare(request: WebhookRequest): { delivery: WebhookDelivery; settings: ConnectionSettings | null } {
    const base: Omit<WebhookDelivery, 'requestUrl' | 'signature'> = {
      ...request,
      idempotencyToken: randomUUID(),
      duplicate: false,
      attempts: [],
      outcome: 'pending',
    };
    try {
      const { url, settings } = parseConnectionOverrides(request.url);
      // Twilio signs exactly the URL it requests: for GET the parameters move into the query string.
      const requestUrl = request.method === 'GET' ? appendQuery(url, request.params) : url;
      const signature = getExpectedTwilioSignature(this.authToken, requestUrl, request.method === 'GET' ? {} : request.params);
      return { delivery: { ...base, requestUrl, signature }, settings };
    } catch (error) {
      if (!(error instanceof InvalidConnectionOverride)) throw error;
      const delivery: WebhookDelivery = { ...base, requestUrl: request.url, signature: '', outcome: 'failed', rejected: `${error.code}: ${error.message}` };
      return { delivery, settings: null };
    }
  }

  private async deliver(delivery: WebhookDelivery, settings: ConnectionSettings, loseFirstResponse: boolean): Promise<void> {
    const deadline = Date.now() + settings.totalTimeoutMs;
    const body = delivery.method === 'POST' ? new URLSearchParams(delivery.params).toString() : undefined;
    const headers: Record<string, string> = {
      'X-Twilio-Signature': delivery.signature,
      'I-Twilio-Idempotency-Token': delivery.idempotencyToken,
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      ...(body !== undefined
        ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }
        : {}),
    };

    for (let attempt = 1; attempt <= settings.retryCount + 1; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const started = Date.now();
      const entry: WebhookAttempt = { attempt, at: new Date(started).toISOString(), durationMs: 0 };
      delivery.attempts.push(entry);
      let failure: FailureClass | undefined;
      try {
        const response = await this.sender.send(delivery.requestUrl, delivery.method, headers, body, {
          connectMs: Math.min(settings.connectTimeoutMs, remaining),
          readMs: Math.min(settings.readTimeoutMs, remaining),
        });
        entry.status = response.status;
        entry.body = response.body.slice(0, LOGGED_BODY_CHARS);
        failure = response.status >= 500 ? '5xx' : response.status >= 400 ? '4xx' : undefined;
        if (!failure && loseFirstResponse && attempt === 1) {
          entry.discarded = true;
          failure = 'rt';
        } else if (!failure) {
          delivery.response = response;
        }
      } catch (error) {
        if (!(error instanceof HttpFailure)) throw error;
        failure = error.failure;
        entry.error = error.message;
      }
      entry.durationMs = Date.now() - started;
      if (!failure) {
        delivery.outcome = 'delivered';
        return;
      }
      entry.failure = failure;
      if (!settings.retryOn.has(failure)) break;
      await new Promise<void>((resolve) => this.scheduler.afterReal(RETRY_PAUSE_MS, resolve));
    }
    delivery.outcome = 'failed';
  }

  private enqueue(chain: string, task: () => Promise<void>): void {
    const previous = this.chains.get(chain) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.chains.set(chain, next);
    void this.track(next).finally(() => {
      if (this.chains.get(chain) === next) this.chains.delete(chain);
    });
  }

  private later(realMs: number, task: () => Promise<void>): void {
    const done = new Promise<void>((resolve) => this.scheduler.afterReal(realMs, () => void task().finally(resolve)));
    void this.track(done);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }
}

function appendQuery(url: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  if (!query) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}
