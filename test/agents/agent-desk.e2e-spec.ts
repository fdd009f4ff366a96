import { randomUUID } from 'node:crypto';
import { AgentsService } from '@dialer/agents';
import { createTestContext, TestContext } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { RunningApi, signInAs, startApi } from '../support/apps';
import { pollUntil } from '../support/poll';

describe('agent desk: socket and REST (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  const campaignId = randomUUID();

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('joins a campaign and pushes every state change to the desktop, whoever made it', async () => {
    const agent = await signInAs(api, 'agent');
    const desk = await AgentSocket.connect(api.url, agent.token);
    try {
      const joined = await desk.emit<{ ok: boolean; data: { state: string; campaignId: string } }>('join', { campaignId });
      expect(joined).toMatchObject({ ok: true, data: { state: 'paused', campaignId } });

      await api.http().post('/agent/ready').set('Authorization', `Bearer ${agent.token}`).expect(200, /"state":"ready"/);
      expect(await desk.next<{ state: string }>('state', (s) => s?.state === 'ready')).toMatchObject({ state: 'ready' });

      const paused = await desk.emit<{ ok: boolean; data: { state: string; pauseReason: string } }>('pause', { reason: 'lunch' });
      expect(paused.data).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    } finally {
      desk.close();
    }
  });

  it('answers a bad message with a readable refusal instead of an error event', async () => {
    const agent = await signInAs(api, 'agent');
    const desk = await AgentSocket.connect(api.url, agent.token);
    try {
      expect(await desk.emit('join', { campaignId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(await desk.emit('ready')).toMatchObject({ ok: false, error: { code: 'AGENT_NOT_IN_CAMPAIGN' } });
    } finally {
      desk.close();
    }
  });

  it('pauses a ready agent whose last desktop disconnects', async () => {
    const agent = await signInAs(api, 'agent');
    const desk = await AgentSocket.connect(api.url, agent.token);
    await desk.emit('join', { campaignId });
    await desk.emit('ready');
    desk.close();
    const state = await pollUntil(
      async () => (await api.http().get('/agent/state').set('Authorization', `Bearer ${agent.token}`)).body,
      (presence) => presence.state === 'paused',
    );
    expect(state.pauseReason).toBe('disconnected');
  });

  it('pauses an agent whose desktop disconnects mid-call once the call and wrap-up are over, instead of offering calls to an empty desk', async () => {
    const agent = await signInAs(api, 'agent');
    const desk = await AgentSocket.connect(api.url, agent.token);
    await desk.emit('join', { campaignId });
    await desk.emit('ready');
    const agents = api.app.get(AgentsService);
    const attemptId = randomUUID();
    await agents.reserve(agent.userId, attemptId, randomUUID());
    await agents.connect(agent.userId, attemptId);
    desk.close();
    const onCall = await pollUntil(
      async () => agents.get(agent.userId),
      (presence) => presence?.pauseAfterCall === 'disconnected',
    );
    expect(onCall?.state).toBe('on_call');
    await agents.endCall(agent.userId, attemptId);
    await agents.finishWrapUp(agent.userId); // the wrap-up timer, as the worker runs it
    expect(await agents.get(agent.userId)).toMatchObject({ state: 'paused', pauseReason: 'disconnected' });
  });

  it('keeps the desktop to agents', async () => {
    const manager = await signInAs(api, 'manager');
    await expect(AgentSocket.connect(api.url, manager.token).then((s) => s.next('error'))).resolves.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    await expect(AgentSocket.connect(api.url, 'garbage').then((s) => s.next('error'))).resolves.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
  });
});
