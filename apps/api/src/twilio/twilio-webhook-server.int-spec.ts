import { NestExpressApplication } from '@nestjs/platform-express';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { getExpectedTwilioSignature } from 'twilio';
import { CallProgressService } from '@dialer/calls';
import { createTestContext, seedAttempts, TestContext } from '@dialer/testing';
import { createApiApp } from '../create-api-app';
import { TwilioWebhookServer } from './twilio-webhook-server';

/**
 * node:querystring is the host's, so under jest the arrays it makes for
 * repeated names are of another realm than this spec's modules, and the
 * SDK's signature, which tells arrays by `instanceof Array`, would misread
 * them. In production both share one realm: copy them here, not on the hot path.
 */
jest.mock('node:querystring', () => {
  const actual = jest.requireActual<typeof import('node:querystring')>('node:querystring');
  return {
    ...actual,
    parse: (...args: Parameters<typeof actual.parse>) => {
      const parsed = actual.parse(...args);
      for (const name in parsed) if (Array.isArray(parsed[name])) parsed[name] = [...parsed[name]];
      return parsed;
    },
  };
});

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
  requestId: string | undefined;
}

/**
 * The webhook server answers exactly as the controllers behind Express do:
 * the same request is sent in Twilio's shape (Content-Length, served ahead of
 * Express) and chunked (which it leaves to Express), and both answers compared.
 */
describe('TwilioWebhookServer (integration: the api against real PostgreSQL and Redis)', () => {
  let ctx: TestContext;
  let app: NestExpressApplication;
  let port: number;
  const served = jest.spyOn(TwilioWebhookServer.prototype, 'handle');
  const callSid = 'CA0123456789abcdef0123456789abcdef';
  const sign = (path: string, form: Record<string, string | string[]>) =>
    getExpectedTwilioSignature(ctx.config.twilio.authToken, `${ctx.config.api.publicBaseUrl}${path}`, form as Record<string, string>);

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await createApiApp(ctx.config);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    ctx.config.api.publicBaseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  function post(path: string, body: string, headers: Record<string, string>, chunked: boolean): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['content-type'],
            body: text,
            requestId: response.headers['x-request-id'] as string | undefined,
          }),
        );
      });
      request.on('error', reject);
      if (chunked) {
        // No Content-Length: Transfer-Encoding chunked, which only Express reads.
        request.write(body.slice(0, 5));
        request.end(body.slice(5));
      } else {
        request.setHeader('Content-Length', Buffer.byteLength(body));
        request.end(body);
      }
    });
  }

  /** Both answers, after checking which handler took each. */
  async function both(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams(Object.entries(form).flatMap(([name, value]) => [value].flat().map((v): [string, string] => [name, v]))).toString();
    const all = { 'Content-Type': 'application/x-www-form-urlencoded', ...headers };
    served.mockClear();
    const fast = await post(path, body, all, false);
    expect(served.mock.results.map((result) => result.value)).toEqual([true]);
    served.mockClear();
    const express = await post(path, body, all, true);
    expect(served.mock.results.map((result) => result.value)).toEqual([false]);
    return { fast, express };
  }

  const status = { CallSid: callSid, CallStatus: 'ringing', SequenceNumber: '1', AccountSid: 'AC1' };
  const voice = { CallSid: callSid, CallStatus: 'in-progress', From: '+15005550006', To: '+15005550101' };

  it('refuses an unsigned request with 400 and a forged one with 403, as the guard does', async () => {
    const unsigned = await both('/twilio/status', status);
    expect(unsigned.fast).toMatchObject({ status: 400, type: 'application/json; charset=utf-8' });
    expect(JSON.parse(unsigned.fast.body)).toMatchObject({ statusCode: 400, code: 'TWILIO_SIGNATURE_MISSING' });
    expect(JSON.parse(unsigned.fast.body)).toEqual(JSON.parse(unsigned.express.body));

    const forged = await both('/twilio/status', status, { 'X-Twilio-Signature': sign('/twilio/status', { ...status, CallStatus: 'completed' }) });
    expect(forged.fast.status).toBe(403);
    expect(JSON.parse(forged.fast.body)).toEqual(JSON.parse(forged.express.body));
  });

  it('answers a signed notification with 204 and a voice request with TwiML, honouring X-Request-Id', async () => {
    for (const path of ['/twilio/status', '/twilio/status?attempt=00000000-0000-4000-8000-000000000000']) {
      const { fast, express } = await both(path, status, { 'X-Twilio-Signature': sign(path, status), 'X-Request-Id': 'twilio-req-1' });
      expect(fast).toMatchObject({ status: 204, body: '', requestId: 'twilio-req-1' });
      expect(express).toMatchObject({ status: 204, body: '', requestId: 'twilio-req-1' });
    }
    const { fast, express } = await both('/twilio/voice', voice, { 'X-Twilio-Signature': sign('/twilio/voice', voice) });
    expect(fast).toMatchObject({ status: 200, type: 'text/xml; charset=utf-8', body: '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>' });
    expect(fast.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect({ ...express, requestId: undefined }).toEqual({ ...fast, requestId: undefined });
  });

  it('reads the form as body-parser does: names literal, repeated names, an unreadable webhook 400, too many parameters 413', async () => {
    const literal = { ...status, 'Foo[bar]': 'x', Repeated: ['a', 'b'] };
    const read = await both('/twilio/status', literal, { 'X-Twilio-Signature': sign('/twilio/status', literal) });
    expect([read.fast.status, read.express.status]).toEqual([204, 204]);

    const unreadable = { CallSid: callSid, CallStatus: 'ringing' };
    const invalid = await both('/twilio/status', unreadable, { 'X-Twilio-Signature': sign('/twilio/status', unreadable) });
    expect(invalid.fast.status).toBe(400);
    expect(JSON.parse(invalid.fast.body)).toEqual(JSON.parse(invalid.express.body));
    expect(JSON.parse(invalid.fast.body)).toMatchObject({ code: 'TWILIO_WEBHOOK_INVALID', details: { problems: [expect.stringMatching(/SequenceNumber/)] } });

    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`P${i}`, 'x']));
    const tooMany = await both('/twilio/status', many, { 'X-Twilio-Signature': 'whatever' });
    expect(tooMany.fast.status).toBe(413);
    expect(JSON.parse(tooMany.fast.body)).toEqual(JSON.parse(tooMany.express.body));
  });

  it('drops NUL characters (which PostgreSQL refuses) from any parameter of any webhook, and still records the call', async () => {
    const seeded = await seedAttempts(ctx.database.url, { attemptsPerCampaign: 2 });
    const db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      for (const [i, attempt] of seeded.entries()) {
        const sid = `CA${String(i).repeat(32)}`;
        const path = `/twilio/status?attempt=${attempt.id}`;
        const form = { CallSid: sid, CallStatus: 'ringing', SequenceNumber: '1', ApiVersion: 'a\u0000b', 'Na\u0000me': 'x' };
        // The first through the webhook server, the second (chunked) through Express.
        const body = new URLSearchParams(form).toString();
        const answer = await post(path, body, { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': sign(path, form) }, i === 1);
        expect(answer.status).toBe(204);
        const row = (await db.query<{ state: string; provider_call_sid: string }>('select state, provider_call_sid from call_attempts where id = $1', [attempt.id])).rows[0];
        expect(row).toEqual({ state: 'ringing', provider_call_sid: sid });
        const events = (await db.query<{ params: Record<string, string> }>('select params from call_events where call_sid = $1', [sid])).rows;
        expect(events).toEqual([{ params: expect.objectContaining({ ApiVersion: 'ab', Name: 'x', CallStatus: 'ringing' }) }]);
      }

      const nul = '\u0000';
      const forms: [string, Record<string, string>, number][] = [
        ['/twilio/amd', { CallSid: callSid, AnsweredBy: `human${nul}`, MachineDetectionDuration: '1200' }, 204],
        ['/twilio/conference', { ConferenceSid: 'CF0123', FriendlyName: `agent${nul}-1`, StatusCallbackEvent: `conference-start${nul}`, SequenceNumber: '1' }, 204],
        ['/twilio/voice', { ...voice, From: `+1500555${nul}0006` }, 200],
        [`/twilio/gather?step=q%001`, { ...voice, Digits: `3${nul}` }, 200],
      ];
      for (const [path, form, expected] of forms) {
        const { fast, express } = await both(path, form, { 'X-Twilio-Signature': sign(path, form) });
        expect([path, fast.status, express.status]).toEqual([path, expected, expected]);
      }

      // An identifier is checked as sent: one with a NUL is malformed, never read as another.
      const badSid = { ...status, CallSid: `${callSid.slice(0, 10)}${nul}${callSid.slice(10)}` };
      const refused = await both('/twilio/status', badSid, { 'X-Twilio-Signature': sign('/twilio/status', badSid) });
      expect([refused.fast.status, refused.express.status]).toEqual([400, 400]);
      expect(JSON.parse(refused.fast.body)).toMatchObject({ code: 'TWILIO_WEBHOOK_INVALID', details: { problems: [expect.stringMatching(/CallSid/)] } });
    } finally {
      await db.end();
    }
  });

  it('answers 500 when the event cannot be stored, so Twilio retries', async () => {
    const progress = app.get(CallProgressService);
    const failing = jest.spyOn(progress, 'status').mockRejectedValue(new Error('connection terminated'));
    try {
      const { fast, express } = await both('/twilio/status', status, { 'X-Twilio-Signature': sign('/twilio/status', status) });
      for (const answer of [fast, express]) {
        expect(answer.status).toBe(500);
        expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR', errorId: expect.any(String) });
      }
    } finally {
      failing.mockRestore();
    }
  });

  it('leaves other methods, paths and shapes to Express', async () => {
    served.mockClear();
    const json = await post('/twilio/status', JSON.stringify(status), { 'Content-Type': 'application/json' }, false);
    const agent = await post('/twilio/voice/agent', '', { 'Content-Type': 'application/x-www-form-urlencoded' }, false);
    expect(served.mock.results.map((result) => result.value)).toEqual([false, false]);
    expect(json.status).toBe(400);
    expect(agent.status).toBe(400);
  });
});
