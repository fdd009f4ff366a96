import { createHmac } from 'node:crypto';
import { loadConfig } from '@dialer/core';
import { issueAgentAccessToken } from './agent-access-token';

const config = loadConfig({}).twilio;

function decode(token: string) {
  const [header, payload, signature] = token.split('.');
  const json = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(header), payload: json(payload), signedPart: `${header}.${payload}`, signature };
}

describe('issueAgentAccessToken', () => {
  it('grants the Voice SDK outgoing calls to our TwiML App and incoming calls, for the ttl', () => {
    const issued = issueAgentAccessToken(config, 'agent_42', 1800);
    const { header, payload, signedPart, signature } = decode(issued.token);

    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    expect(payload).toMatchObject({
      iss: config.apiKeySid,
      sub: config.accountSid,
      grants: {
        identity: 'agent_42',
        voice: { outgoing: { application_sid: config.twimlAppSid }, incoming: { allow: true } },
      },
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(1800);
    expect(issued.expiresAt.getTime()).toBe((payload.exp as number) * 1000);
    expect(issued.identity).toBe('agent_42');
    // Signed with the API key secret, as Twilio verifies it.
    expect(createHmac('sha256', config.apiKeySecret).update(signedPart).digest('base64url')).toBe(signature);
  });

  it('refuses identities Twilio cannot route and lifetimes it would not accept', () => {
    expect(() => issueAgentAccessToken(config, 'agent 42')).toThrow(expect.objectContaining({ code: 'TELEPHONY_AGENT_IDENTITY_INVALID' }));
    expect(() => issueAgentAccessToken(config, 'a', 2 * 24 * 3600)).toThrow(
      expect.objectContaining({ code: 'TELEPHONY_AGENT_TOKEN_TTL_INVALID' }),
    );
  });
});
