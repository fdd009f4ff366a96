import { randomUUID } from 'node:crypto';
import { AgentsService } from '@dialer/agents';
import { createTestContext, query, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
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

  /** A new agent at a desktop, joined to the campaign and ready. */
  const readyAtDesk = async (inCampaign: string) => {
    const agent = await signInAs(api, 'agent');
    const desk = await AgentSocket.connect(api.url, agent.token);
    await desk.emit('join', { campaignId: inCampaign });
    await desk.emit('ready');
    return { agent, desk };
  };

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
    const { agent, desk } = await readyAtDesk(campaignId);
    desk.close();
    const state = await pollUntil(
      async () => (await api.http().get('/agent/state').set('Authorization', `Bearer ${agent.token}`)).body,
      (presence) => presence.state === 'paused',
    );
    expect(state.pauseReason).toBe('disconnected');
  });

  it('pauses an agent whose desktop disconnects mid-call once the call and wrap-up are over, instead of offering calls to an empty desk', async () => {
    const { agent, desk } = await readyAtDesk(campaignId);
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

  it('releases a reserved agent whose desktop disconnects, so the answered callee is not bridged into an empty room', async () => {
    const { agent, desk } = await readyAtDesk(campaignId);
    const agents = api.app.get(AgentsService);
    const attemptId = randomUUID(); // a predictive or manual call ringing for them
    await agents.reserve(agent.userId, attemptId, randomUUID());
    desk.close();
    const released = await pollUntil(
      async () => agents.get(agent.userId),
      (presence) => presence?.state === 'paused',
    );
    expect(released).toMatchObject({ state: 'paused', pauseReason: 'disconnected', attemptId: null });
    // The callee answers: the bridge cannot put them through to this agent (it plays the abandon message, counted).
    expect(await agents.connect(agent.userId, attemptId)).toBeNull();
  });

  it('gives back the preview a disconnected agent was reading, at once', async () => {
    const seeded = await seedCampaign(api.app, { mode: 'preview' });
    const [leadId] = await seedLeads(api.app, seeded.listId, [{ phone: '+12125556001', status: 'dialing' }]);
    const { agent, desk } = await readyAtDesk(seeded.id);
    const attemptId = randomUUID();
    await query(api.app, `insert into call_attempts (id, campaign_id, lead_id, phone, state, mode, agent_id) values (?, ?, ?, '+12125556001', 'queued', 'preview', ?)`, [
      attemptId,
      seeded.id,
      leadId,
      agent.userId,
    ]);
    const agents = api.app.get(AgentsService);
    await agents.reserve(agent.userId, attemptId, leadId);
    desk.close();
    const [attempt] = await pollUntil(
      () => query(api.app, `select state, outcome, settled_at from call_attempts where id = ?`, [attemptId]),
      ([row]) => row.state !== 'queued',
    );
    expect(attempt).toMatchObject({ state: 'canceled', outcome: 'skipped', settled_at: expect.anything() });
    expect((await query(api.app, `select status from leads where id = ?`, [leadId]))[0].status).not.toBe('dialing');
    expect(await agents.get(agent.userId)).toMatchObject({ state: 'paused', pauseReason: 'disconnected' });
  });

  it('does not pause after the call an agent whose desktop came back during it (a browser refresh)', async () => {
    const { agent, desk } = await readyAtDesk(campaignId);
    const agents = api.app.get(AgentsService);
    const attemptId = randomUUID();
    await agents.reserve(agent.userId, attemptId, randomUUID());
    await agents.connect(agent.userId, attemptId);
    desk.close();
    await pollUntil(
      async () => agents.get(agent.userId),
      (presence) => presence?.pauseAfterCall === 'disconnected',
    );
    const back = await AgentSocket.connect(api.url, agent.token);
    try {
      expect(await back.next<{ state: string; pauseAfterCall: string | null }>('state', (s) => s?.state === 'on_call')).toMatchObject({ pauseAfterCall: null });
      expect(await agents.get(agent.userId)).toMatchObject({ state: 'on_call', pauseAfterCall: null });
      await agents.endCall(agent.userId, attemptId);
      await agents.finishWrapUp(agent.userId);
      expect(await agents.get(agent.userId)).toMatchObject({ state: 'ready', pauseReason: null });

      // A pause the agent asked for is theirs: coming back does not withdraw it.
      const next = randomUUID();
      await agents.reserve(agent.userId, next, randomUUID());
      await agents.connect(agent.userId, next);
      await back.emit('pause', { reason: 'lunch' });
      const again = await AgentSocket.connect(api.url, agent.token);
      again.close();
      expect(await agents.get(agent.userId)).toMatchObject({ state: 'on_call', pauseAfterCall: 'lunch' });
    } finally {
      back.close();
    }
  });

  it('keeps the desktop to agents', async () => {
    const manager = await signInAs(api, 'manager');
    await expect(AgentSocket.connect(api.url, manager.token).then((s) => s.next('error'))).resolves.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    await expect(AgentSocket.connect(api.url, 'garbage').then((s) => s.next('error'))).resolves.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
  });
});
