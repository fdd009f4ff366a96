import { jwt } from 'twilio';
import { DomainError } from '@dialer/core';
import { AgentAccessToken } from '../telephony.port';
import { TwilioConfig } from './twilio-client.factory';

export const DEFAULT_AGENT_TOKEN_TTL_SEC = 3600;
/** Twilio refuses access tokens that live longer than a day. */
const MAX_AGENT_TOKEN_TTL_SEC = 24 * 3600;
const MIN_AGENT_TOKEN_TTL_SEC = 60;
/** Client identities become `client:<identity>` addresses: keep them to URL- and SIP-safe characters. */
const IDENTITY = /^[\w.@-]{1,121}$/;

/**
 * A VoiceGrant token for `@twilio/voice-sdk`: outgoing calls go to our TwiML
 * App (whose voice URL answers with the agent's conference room), incoming
 * calls to `client:<identity>` are allowed.
 */
export function issueAgentAccessToken(
  config: TwilioConfig,
  identity: string,
  ttlSec = DEFAULT_AGENT_TOKEN_TTL_SEC,
): AgentAccessToken {
  if (!IDENTITY.test(identity)) {
    throw new DomainError(
      'TELEPHONY_AGENT_IDENTITY_INVALID',
      'An agent identity is 1–121 letters, digits, "_", ".", "@" or "-"',
      'invalid',
      { identity },
    );
  }
  if (!Number.isInteger(ttlSec) || ttlSec < MIN_AGENT_TOKEN_TTL_SEC || ttlSec > MAX_AGENT_TOKEN_TTL_SEC) {
    throw new DomainError(
      'TELEPHONY_AGENT_TOKEN_TTL_INVALID',
      `An agent token lives ${MIN_AGENT_TOKEN_TTL_SEC}–${MAX_AGENT_TOKEN_TTL_SEC} seconds`,
      'invalid',
      { ttlSec },
    );
  }

  const token = new jwt.AccessToken(config.accountSid, config.apiKeySid, config.apiKeySecret, { identity, ttl: ttlSec });
  token.addGrant(new jwt.AccessToken.VoiceGrant({ outgoingApplicationSid: config.twimlAppSid, incomingAllow: true }));
  const signed = token.toJwt();
  return { token: signed, identity, expiresAt: new Date(expiryOf(signed) * 1000) };
}

/** Reads `exp` back from the token so `expiresAt` agrees with the signed claim to the second. */
function expiryOf(signed: string): number {
  const payload = JSON.parse(Buffer.from(signed.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
  if (typeof payload.exp !== 'number') throw new Error('Twilio access token without an exp claim');
  return payload.exp;
}
