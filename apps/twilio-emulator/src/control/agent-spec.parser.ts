import { AgentSpec } from '../agents/simulated-agents';
import { parseDistribution } from '../scenario/scenario-input';
import { ControlError } from './control.errors';

const IDENTITY = /^[\w.@-]{1,121}$/;

/** Validates a `POST /_emulator/agents` body. */
export function parseAgentSpec(body: unknown): AgentSpec {
  const problems: string[] = [];
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { identity, voiceUrl, method, params, talkTimeSec, applicationSid } = input;

  if (typeof identity !== 'string' || !IDENTITY.test(identity)) problems.push('identity must be 1–121 letters, digits, "_", ".", "@" or "-"');
  if (typeof voiceUrl !== 'string' || !/^https?:\/\/\S+$/.test(voiceUrl)) problems.push('voiceUrl must be an absolute http(s) URL');
  if (method !== undefined && method !== 'GET' && method !== 'POST') problems.push('method must be GET or POST');
  const validParams =
    params === undefined ||
    (typeof params === 'object' && params !== null && Object.values(params).every((value) => typeof value === 'string'));
  if (!validParams) problems.push('params must map names to strings');
  const talkTime = talkTimeSec === undefined ? undefined : parseDistribution(talkTimeSec);
  if (talkTimeSec !== undefined && talkTime === undefined) problems.push('talkTimeSec must be seconds, {min,max}, {mean,sd} or {median,sigma}');
  if (applicationSid !== undefined && (typeof applicationSid !== 'string' || !/^AP[0-9a-f]{32}$/i.test(applicationSid))) {
    problems.push('applicationSid must look like AP followed by 32 hex digits');
  }
  if (problems.length > 0) throw new ControlError(400, 'AGENT_INVALID', problems.join('; '), problems);

  return {
    identity: identity as string,
    voiceUrl: voiceUrl as string,
    ...(method ? { method: method as 'GET' | 'POST' } : {}),
    ...(params ? { params: params as Record<string, string> } : {}),
    ...(talkTime !== undefined ? { talkTimeSec: talkTime } : {}),
    ...(applicationSid ? { applicationSid: applicationSid as string } : {}),
  };
}
