import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, startApi } from '../support/apps';
import { postSigned } from '../support/twilio/signed-webhook';

/** Only Twilio may call the webhooks: unsigned requests are refused (400), forged ones forbidden (403). */
describe('Twilio webhooks: signatures (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  const callSid = 'CA0123456789abcdef0123456789abcdef';
  const forms: Record<string, Record<string, string>> = {
    '/twilio/status': { CallSid: callSid, CallStatus: 'ringing', SequenceNumber: '1', AccountSid: 'AC1' },
    '/twilio/amd': { CallSid: callSid, AnsweredBy: 'human', MachineDetectionDuration: '1200' },
    '/twilio/conference': { ConferenceSid: 'CF0123', FriendlyName: 'agent-1', StatusCallbackEvent: 'conference-start', SequenceNumber: '1' },
    '/twilio/voice': { CallSid: callSid, CallStatus: 'in-progress', From: '+15005550006', To: '+15005550101' },
    '/twilio/gather?step=q1': { CallSid: callSid, CallStatus: 'in-progress', Digits: '3' },
  };
  const routes = Object.keys(forms);

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    ctx.config.api.publicBaseUrl = api.url;
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it.each(routes)('%s refuses a request without X-Twilio-Signature with 400', async (route) => {
    const response = await request(api.url).post(route).type('form').send(forms[route]!).expect(400);
    expect(response.body).toMatchObject({ code: 'TWILIO_SIGNATURE_MISSING' });
  });

  it.each(routes)('%s forbids a forged or tampered request with 403', async (route) => {
    const form = forms[route]!;
    const forged = await postSigned(api.url, route, form, ctx.config.twilio.authToken, { authToken: 'not-our-auth-token-000000' }).expect(403);
    expect(forged.body).toMatchObject({ code: 'TWILIO_SIGNATURE_INVALID' });
    // Signed for another host: Twilio signs the public URL, so this cannot be Twilio.
    await postSigned(api.url, route, form, ctx.config.twilio.authToken, { publicBaseUrl: 'https://elsewhere.example.com' }).expect(403);
    // A parameter changed after signing.
    const signature = getExpectedTwilioSignature(ctx.config.twilio.authToken, `${api.url}${route}`, form);
    await request(api.url)
      .post(route)
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send({ ...form, Extra: 'tampered' })
      .expect(403);
  });

  it('accepts signed notifications for a call that is not ours with 204, so Twilio stops retrying', async () => {
    for (const route of ['/twilio/status', '/twilio/amd', '/twilio/conference']) {
      await postSigned(api.url, route, forms[route]!, ctx.config.twilio.authToken).expect(204);
    }
  });

  it('answers a signed voice or gather request for an unknown call with TwiML that hangs up', async () => {
    for (const route of ['/twilio/voice', '/twilio/gather?step=q1']) {
      const response = await postSigned(api.url, route, forms[route]!, ctx.config.twilio.authToken).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/xml/);
      expect(response.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    }
  });

  it('refuses a signed status callback it cannot read with 400 naming the problem', async () => {
    const response = await postSigned(api.url, '/twilio/status', { CallSid: callSid, CallStatus: 'ringing' }, ctx.config.twilio.authToken).expect(400);
    expect(response.body).toMatchObject({ code: 'TWILIO_WEBHOOK_INVALID', details: { problems: [expect.stringMatching(/SequenceNumber/)] } });
  });

  it('reads form names with brackets literally, as Twilio signed them', async () => {
    const form = { ...forms['/twilio/status']!, SequenceNumber: '2', 'Foo[bar]': 'x' };
    await postSigned(api.url, '/twilio/status', form, ctx.config.twilio.authToken).expect(204);
  });
});
