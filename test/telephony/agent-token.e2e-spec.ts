import { createHmac } from 'node:crypto';
import { DEFAULT_AGENT_TOKEN_TTL_SEC } from '@dialer/telephony';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, signInAs, startApi } from '../support/apps';

/** GET /agent/token: the Voice SDK credential an agent's browser gets, as the api issues it. */
describe('agent access token (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  const decode = (token: string) => {
    const [header, payload, signature] = token.split('.');
    const json = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    return { header: json(header), payload: json(payload), signedPart: `${header}.${payload}`, signature };
  };

  it('issues the signed-in agent a VoiceGrant for our TwiML App, under their user id, for an hour', async () => {
    const agent = await signInAs(api, 'agent');
    const before = Math.floor(Date.now() / 1000);
    const { body } = await api.http().get('/agent/token').set('Authorization', `Bearer ${agent.token}`).expect(200);
    const after = Math.ceil(Date.now() / 1000);
    const twilio = ctx.config.twilio;

    expect(body).toEqual({ token: expect.any(String), identity: agent.userId, expiresAt: expect.any(String) });
    const { header, payload, signedPart, signature } = decode(body.token);
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload).toMatchObject({
      iss: twilio.apiKeySid,
      sub: twilio.accountSid,
      jti: expect.stringMatching(new RegExp(`^${twilio.apiKeySid}-`)),
      grants: {
        identity: agent.userId,
        voice: { outgoing: { application_sid: twilio.twimlAppSid }, incoming: { allow: true } },
      },
    });
    const iat = payload.iat as number;
    const exp = payload.exp as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(after);
    expect(exp - iat).toBe(DEFAULT_AGENT_TOKEN_TTL_SEC);
    expect(new Date(body.expiresAt).getTime()).toBe(exp * 1000);
    // Signed with the API key secret, which is how Twilio checks it.
    expect(createHmac('sha256', twilio.apiKeySecret).update(signedPart).digest('base64url')).toBe(signature);
  });

  it('gives no token without a signed-in user', async () => {
    await api.http().get('/agent/token').expect(401);
  });
});
