import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  HttpCode,
  INestApplication,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request, Response } from 'express';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { getExpectedTwilioSignature, validateRequest } from 'twilio';
import { AppConfig, AppConfigModule, DomainError, loadConfig } from '@dialer/core';
import { abandonMessageTwiml, CallSnapshot, stripUrlFragment, TelephonyModule, TwilioSignatureGuard } from '@dialer/telephony';
import { pollUntil } from '../support/poll';
import { FAST_SCENARIO, startTelephonyHarness, TelephonyHarness } from '../support/twilio/telephony-harness';
import { ReceivedWebhook } from '../support/twilio/webhook-receiver';

/**
 * Twilio's side of webhooks as the emulator plays it: signatures the SDK
 * (and our guard) accept, connection-override retries, and the shuffled,
 * duplicated deliveries an idempotent app must survive.
 */
const FROM = '+15005550006';
const HUMAN = '+15005550201';

@Controller('twilio')
class SignedWebhooksController {
  readonly accepted: Record<string, string>[] = [];

  @Post('status')
  @HttpCode(204)
  @UseGuards(TwilioSignatureGuard)
  status(@Req() req: Request): void {
    this.accepted.push(req.body as Record<string, string>);
  }
}

/** Stands in for the api's global filter: DomainError kinds to statuses. */
@Catch(DomainError)
class KindFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const status = error.kind === 'invalid' ? 400 : error.kind === 'forbidden' ? 403 : 500;
    host.switchToHttp().getResponse<Response>().status(status).json({ code: error.code });
  }
}

describe('Webhooks from the Twilio emulator', () => {
  let harness: TelephonyHarness;

  beforeAll(async () => {
    harness = await startTelephonyHarness({ ...FAST_SCENARIO, numbers: { [HUMAN]: { outcome: 'human', answerAfterSec: 2 } } });
    harness.receiver.on('/voice', () => abandonMessageTwiml({ say: 'Hello from Acme.' }));
  });

  afterAll(() => harness.close());

  afterEach(() => {
    expect(harness.transport.violations()).toEqual([]);
    harness.emulator.reset();
    harness.receiver.clear();
  });

  const place = (statusCallbackUrl: string, extra: Partial<Parameters<TelephonyHarness['telephony']['placeCall']>[0]> = {}) =>
    harness.telephony.placeCall({ to: HUMAN, from: FROM, voiceUrl: harness.url('/voice'), statusCallbackUrl, ...extra });

  const ended = (call: CallSnapshot) =>
    harness.receiver.waitFor(() => harness.receiver.requests('/', call.sid).some((hook) => hook.params.CallStatus === 'completed'));

  it('signs every webhook so the SDK validates it; a forged or replayed-elsewhere one fails', async () => {
    const statusUrl = harness.url('/status', { attempt: 'a-1' });
    expect(statusUrl).toContain('#rc=3&rp=all');
    const call = await place(statusUrl);
    await ended(call);

    const hooks = harness.receiver.requests('/', call.sid);
    expect(hooks.length).toBeGreaterThanOrEqual(5); // four status callbacks and the voice webhook
    expect(hooks.every((hook) => hook.signatureValid)).toBe(true);

    const completed = hooks.find((hook) => hook.params.CallStatus === 'completed') as ReceivedWebhook;
    const signature = completed.signature ?? '';
    const token = harness.config.authToken;
    // Twilio signs the URL it requests: the configured one minus its fragment.
    expect(validateRequest(token, signature, stripUrlFragment(statusUrl), completed.params)).toBe(true);
    expect(validateRequest(token, signature, statusUrl, completed.params)).toBe(false);
    expect(validateRequest(token, signature, stripUrlFragment(statusUrl), { ...completed.params, CallDuration: '999' })).toBe(false);
    expect(validateRequest(token, signature, stripUrlFragment(statusUrl).replace('a-1', 'a-2'), completed.params)).toBe(false);
    expect(validateRequest('another-auth-token-0000000', signature, stripUrlFragment(statusUrl), completed.params)).toBe(false);
  });

  it('the emulator and TwilioSignatureGuard agree, and the guard refuses unsigned and forged requests', async () => {
    const config: AppConfig = loadConfig({});
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), TelephonyModule.forRoot()],
      controllers: [SignedWebhooksController],
    }).compile();
    const app: INestApplication = moduleRef.createNestApplication();
    app.useGlobalFilters(new KindFilter());
    await app.listen(0, '127.0.0.1');
    try {
      // Known only once listening on port 0; the guard reads it per request.
      config.api.publicBaseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const controller = app.get(SignedWebhooksController);

      const call = await place(`${config.api.publicBaseUrl}/twilio/status?attempt=a-2#rc=3&rp=all`);
      const deliveries = await pollUntil(
        async () =>
          harness.emulator.call(call.sid)?.events.flatMap((e) => (e.type === 'webhook' && e.delivery.kind === 'status-callback' ? [e.delivery] : [])) ?? [],
        (found) => found.length === 4 && found.every((delivery) => delivery.outcome !== 'pending'),
        { everyMs: 10 },
      );
      expect(deliveries.map((delivery) => delivery.attempts.map((attempt) => attempt.status))).toEqual([[204], [204], [204], [204]]);
      expect(controller.accepted.map((body) => body.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);

      const form = { CallSid: call.sid, CallStatus: 'completed' };
      const unsigned = await request(app.getHttpServer()).post('/twilio/status').type('form').send(form).expect(400);
      expect(unsigned.body).toEqual({ code: 'TWILIO_SIGNATURE_MISSING' });
      const forged = getExpectedTwilioSignature('not-our-auth-token-000000', `${config.api.publicBaseUrl}/twilio/status`, form);
      const refused = await request(app.getHttpServer()).post('/twilio/status').type('form').set('X-Twilio-Signature', forged).send(form).expect(403);
      expect(refused.body).toEqual({ code: 'TWILIO_SIGNATURE_INVALID' });
    } finally {
      await app.close();
    }
  });

  it('can shuffle and duplicate callbacks: copies are identical, SequenceNumber restores the order', async () => {
    harness.emulator.patchScenario({ timeScale: 0.001, webhooks: { shuffle: true, shuffleWindowMs: 400, duplicateProbability: 1 } });
    const call = await place(harness.url('/status'));
    const hooks = await harness.receiver
      .waitFor(() => harness.receiver.requests('/status', call.sid).length === 8)
      .then(() => harness.receiver.requests('/status', call.sid));

    const bySequence = new Map<string, ReceivedWebhook[]>();
    for (const hook of hooks) bySequence.set(hook.params.SequenceNumber ?? '', [...(bySequence.get(hook.params.SequenceNumber ?? '') ?? []), hook]);
    expect([...bySequence.keys()].sort()).toEqual(['0', '1', '2', '3']);
    for (const copies of bySequence.values()) {
      expect(copies).toHaveLength(2);
      const [first, second] = copies as [ReceivedWebhook, ReceivedWebhook];
      expect(second.params).toEqual(first.params);
      expect(second.signature).toBe(first.signature);
      expect(second.idempotencyToken).toBe(first.idempotencyToken);
      expect(first.signatureValid && second.signatureValid).toBe(true);
    }
    const arrival = hooks.map((hook) => Number(hook.params.SequenceNumber));
    expect(arrival).not.toEqual([...arrival].sort((a, b) => a - b)); // out of order, as Twilio may deliver them
    const story = [...bySequence.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, [hook]]) => hook?.params.CallStatus);
    expect(story).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
  });

  it('retries a failing callback as the URL asks (#rc=3&rp=all), with the same idempotency token', async () => {
    let failuresLeft = 2;
    harness.receiver.on('/flaky', () => (failuresLeft-- > 0 ? { status: 503, body: 'deploying' } : { status: 204 }));
    const call = await place(harness.url('/flaky'), { statusCallbackEvents: ['initiated'] });
    const attempts = await harness.receiver
      .waitFor(() => harness.receiver.requests('/flaky', call.sid).length === 3)
      .then(() => harness.receiver.requests('/flaky', call.sid));

    expect(new Set(attempts.map((hook) => hook.idempotencyToken)).size).toBe(1);
    expect(attempts.every((hook) => hook.params.SequenceNumber === '0')).toBe(true);
    const delivery = await pollUntil(
      async () => harness.emulator.call(call.sid)?.events.find((e) => e.type === 'webhook' && e.delivery.kind === 'status-callback'),
      (event) => event?.type === 'webhook' && event.delivery.outcome !== 'pending',
      { everyMs: 10 },
    );
    expect(delivery?.type === 'webhook' && delivery.delivery.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 204]);
  });

  it("does not retry a server error without overrides (Twilio's default retries connection failures only)", async () => {
    harness.receiver.on('/broken', () => ({ status: 500 }));
    const call = await place(harness.url('/broken', {}, {}), { statusCallbackEvents: ['initiated'] });
    const event = await pollUntil(
      async () => harness.emulator.call(call.sid)?.events.find((e) => e.type === 'webhook' && e.delivery.kind === 'status-callback'),
      (found) => found?.type === 'webhook' && found.delivery.outcome === 'failed',
      { everyMs: 10 },
    );
    expect(event?.type === 'webhook' && event.delivery.attempts).toHaveLength(1);
    expect(harness.receiver.requests('/broken', call.sid)).toHaveLength(1);
  });

  it('retries a voice webhook that timed out, so the app must answer the retry with the same TwiML', async () => {
    let first = true;
    harness.receiver.on('/slow-voice', () => {
      const reply = { body: abandonMessageTwiml({ say: 'Hello.' }), contentType: 'text/xml', delayMs: first ? 600 : 0 };
      first = false;
      return reply;
    });
    const call = await place(harness.url('/status'), {
      voiceUrl: harness.url('/slow-voice', {}, { readTimeoutMs: 200, retryCount: 1, retryPolicy: ['rt'] }),
    });
    await ended(call);
    const voice = harness.receiver.requests('/slow-voice', call.sid);
    expect(voice).toHaveLength(2);
    expect(voice[1]?.idempotencyToken).toBe(voice[0]?.idempotencyToken);
    const delivery = harness.emulator.call(call.sid)?.events.find((e) => e.type === 'webhook' && e.delivery.kind === 'voice');
    expect(delivery?.type === 'webhook' && delivery.delivery.attempts.map((attempt) => attempt.failure ?? attempt.status)).toEqual(['rt', 200]);
  });

  it('refuses to call a URL whose overrides Twilio would reject (error 11243 for a bad retry policy)', async () => {
    const call = await place(`${harness.receiver.url}/status#rp=sometimes`, { statusCallbackEvents: ['initiated'] });
    const event = await pollUntil(
      async () => harness.emulator.call(call.sid)?.events.find((e) => e.type === 'webhook' && e.delivery.kind === 'status-callback'),
      (found) => found !== undefined,
      { everyMs: 10 },
    );
    expect(event?.type === 'webhook' && event.delivery).toMatchObject({ outcome: 'failed', rejected: expect.stringMatching(/^11243/) });
    expect(harness.receiver.requests('/status', call.sid)).toEqual([]);
  });
});
