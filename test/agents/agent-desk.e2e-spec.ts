import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentsService, DeskPresence, deskRoom } from '@dialer/agents';
import { AgentReadinessService, CampaignConfigCache, WrapUpClock } from '@dialer/dialer';
import { createTestContext, query, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import type { Namespace } from 'socket.io';
import { io } from 'socket.io-client';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { AgentsGateway } from '../../apps/api/src/agents/agents.gateway';
import { RunningApi, signInAs, startApi } from '../support/apps';
import { pollUntil } from '../support/poll';

describe('agent desk: socket and REST (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let campaignId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    ({ id: campaignId } = await seedCampaign(api.app, { status: 'active' }));
  });

  /** A new agent at a desktop, joined to the campaign and ready. */
  const readyAtDesk = async (inCampaign: string) => {
    const agent = await signInAs(api, 'agent');
    const desk = await AgentSocket.connect(api.url, agent.token);
    await desk.emit('join', { campaignId: inCampaign });
    // Ready as if their audio leg were in their room: this api runs without the emulator (test/agents/agent-audio covers the audio gate).
    await api.app.get(AgentsService).ready(agent.userId);
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

      await api.app.get(AgentsService).ready(agent.userId); // as the audio gate lets an agent with audio through
      expect(await desk.next<{ state: string }>('state', (s) => s?.state === 'ready')).toMatchObject({ state: 'ready' });

      const paused = await desk.emit<{ ok: boolean; data: { state: string; pauseReason: string } }>('pause', { reason: 'lunch' });
      expect(paused.data).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    } finally {
      desk.close();
    }
  });

  it('answers `clock` with the time of the clock every state’s sinceMs is read on, for the desk to time its calls by', async () => {
    const agent = await signInAs(api, 'agent');
    const desk = await AgentSocket.connect(api.url, agent.token);
    try {
      const joined = await desk.emit<{ ok: true; data: { sinceMs: number } }>('join', { campaignId });
      const before = Date.now();
      const answer = await desk.emit<{ ok: true; data: { serverMs: number } }>('clock', {});
      expect(answer).toEqual({ ok: true, data: { serverMs: expect.any(Number) } });
      expect(answer.data.serverMs).toBeGreaterThanOrEqual(Math.max(before, joined.data.sinceMs));
      expect(answer.data.serverMs).toBeLessThanOrEqual(Date.now());
    } finally {
      desk.close();
    }
  });

  it('answers a join sent in the same tick as the connection, without waiting for the first state', async () => {
    const agent = await signInAs(api, 'agent');
    // Authentication reads the users table: holding it makes the join land while the desk is still being authenticated.
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const held = api.app
      .get(EntityManager)
      .fork()
      .transactional(async (tx) => {
        await tx.execute('lock table users in access exclusive mode');
        locked();
        await sleep(1_000);
      });
    await isLocked;
    const socket = io(`${api.url}/agents`, { auth: { token: agent.token }, transports: ['websocket'], reconnection: false });
    try {
      // Buffered by the client and sent as soon as the socket opens, before the server has authenticated it.
      const joined = socket.timeout(10_000).emitWithAck('join', { campaignId });
      await held;
      expect(await joined).toMatchObject({ ok: true, data: { state: 'paused', campaignId } });
    } finally {
      socket.close();
    }
  });

  it('lets agents join only an active campaign, over the socket and REST, saying why', async () => {
    const agent = await signInAs(api, 'agent');
    const auth = { Authorization: `Bearer ${agent.token}` };
    const desk = await AgentSocket.connect(api.url, agent.token);
    try {
      for (const status of ['draft', 'paused', 'completed']) {
        const { id } = await seedCampaign(api.app, { status });
        expect(await desk.emit('join', { campaignId: id })).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_NOT_ACTIVE' } });
        const refused = await api.http().post('/agent/session').set(auth).send({ campaignId: id }).expect(409);
        expect(refused.body).toMatchObject({ code: 'CAMPAIGN_NOT_ACTIVE', message: expect.stringContaining(status) });
      }
      await api.http().post('/agent/session').set(auth).send({ campaignId: randomUUID() }).expect(404);
      // Refused: still off the floor.
      expect((await api.http().get('/agent/state').set(auth)).body?.campaignId ?? null).toBeNull();
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
      // Keys a DTO would drop silently, and text PostgreSQL cannot store, are named as the http api names them.
      const hostile = JSON.parse(`{"campaignId":"${campaignId}","constructor":"x"}`) as object;
      expect(await desk.emit('join', hostile)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('constructor is not a field name') },
      });
      expect(await desk.emit('pause', { reason: 'lunch\u0000' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('NUL') } });
    } finally {
      desk.close();
    }
  });

  it("offers the campaign's own pause reasons and refuses any other, and the system's, over the socket and REST", async () => {
    const { id } = await seedCampaign(api.app, { status: 'active', settings: { pauseReasons: ['coaching', 'lunch'] } });
    const { agent, desk } = await readyAtDesk(id);
    const auth = { Authorization: `Bearer ${agent.token}` };
    try {
      const campaigns = await api.http().get('/agent/campaigns').set(auth).expect(200);
      expect(campaigns.body.find((c: { id: string }) => c.id === id)).toMatchObject({ pauseReasons: ['coaching', 'lunch'] });
      expect(campaigns.body.find((c: { id: string }) => c.id === campaignId)).toMatchObject({ pauseReasons: ['break', 'lunch', 'meeting', 'training', 'end_of_shift', 'other'] });

      const refused = await api.http().post('/agent/pause').set(auth).send({ reason: 'break' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'PAUSE_REASON_NOT_OFFERED', message: expect.stringContaining('coaching, lunch') });
      expect(await desk.emit('pause', { reason: 'no_audio' })).toMatchObject({ ok: false, error: { code: 'PAUSE_REASON_NOT_OFFERED' } });
      expect((await api.http().get('/agent/state').set(auth)).body).toMatchObject({ state: 'ready' });

      const paused = await desk.emit<{ ok: boolean; data: { state: string; pauseReason: string } }>('pause', { reason: 'coaching' });
      expect(paused).toMatchObject({ ok: true, data: { state: 'paused', pauseReason: 'coaching' } });
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
      ([row]) => row.settled_at !== null, // closed, then settled: two steps
    );
    // Withdrawn, not the agent's skip: the lead goes back as it was (seeded 'dialing' here, as a take leaves it), due at once.
    expect(attempt).toMatchObject({ state: 'canceled', outcome: 'canceled', settled_at: expect.anything() });
    const [lead] = await query(api.app, `select status, next_attempt_at from leads where id = ?`, [leadId]);
    expect(lead.next_attempt_at === null || Date.parse(lead.next_attempt_at as string) <= Date.now()).toBe(true);
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
      // Asserting right after close() would read the state before the api even saw the second desk go: wait until it
      // has (the socket left the agent's room, then its disconnect handler ran and found the first desk still open).
      const server = (api.app.get(AgentsGateway) as unknown as { server: Namespace }).server;
      const detach = jest.spyOn(api.app.get(DeskPresence), 'detach');
      again.close();
      await pollUntil(async () => (await server.in(deskRoom(agent.userId)).fetchSockets()).length, (open) => open === 1);
      await sleep(300);
      expect(detach).not.toHaveBeenCalled();
      detach.mockRestore();
      expect(await agents.get(agent.userId)).toMatchObject({ state: 'on_call', pauseAfterCall: 'lunch' });
    } finally {
      back.close();
    }
  });

  it('gives a desk opened mid-call or in wrap-up (another tab, a reopened browser) the call in hand, so its outcome can be recorded', async () => {
    const seeded = await seedCampaign(api.app, {});
    const [leadId] = await seedLeads(api.app, seeded.listId, [{ phone: '+12125556002', status: 'dialing', firstName: 'Hanako' }]);
    const { agent, desk } = await readyAtDesk(seeded.id);
    const attemptId = randomUUID();
    await query(api.app, `insert into call_attempts (id, campaign_id, lead_id, phone, state, agent_id) values (?, ?, ?, '+12125556002', 'in_progress', ?)`, [
      attemptId,
      seeded.id,
      leadId,
      agent.userId,
    ]);
    const agents = api.app.get(AgentsService);
    await agents.reserve(agent.userId, attemptId, leadId);
    await agents.connect(agent.userId, attemptId);
    const secondTab = await AgentSocket.connect(api.url, agent.token);
    try {
      const pop = await secondTab.next<{ attemptId: string; lead: { id: string; firstName: string } }>('screen_pop');
      expect(pop).toMatchObject({ attemptId, lead: { id: leadId, firstName: 'Hanako' } });

      await agents.endCall(agent.userId, attemptId);
      const reopened = await AgentSocket.connect(api.url, agent.token);
      try {
        expect(await reopened.next('state')).toMatchObject({ state: 'wrap_up', attemptId });
        expect(await reopened.next('screen_pop')).toMatchObject({ attemptId });
      } finally {
        reopened.close();
      }
    } finally {
      secondTab.close();
      desk.close();
    }
  });

  it('extends a wrap-up on the server, over REST and the socket, up to the campaign’s maximum; the wrap-up timer waits for the new deadline', async () => {
    const seeded = await seedCampaign(api.app, { status: 'active', settings: { wrapUp: { seconds: 30, maxSeconds: 75, autoReady: true } } });
    const [leadId] = await seedLeads(api.app, seeded.listId, [{ phone: '+12125556003', status: 'dialing' }]);
    const { agent, desk } = await readyAtDesk(seeded.id);
    const auth = { Authorization: `Bearer ${agent.token}` };
    const attemptId = randomUUID();
    await query(api.app, `insert into call_attempts (id, campaign_id, lead_id, phone, state, agent_id) values (?, ?, ?, '+12125556003', 'in_progress', ?)`, [
      attemptId,
      seeded.id,
      leadId,
      agent.userId,
    ]);
    const agents = api.app.get(AgentsService);
    try {
      const refused = await api.http().post('/agent/wrap-up/extend').set(auth).expect(409);
      expect(refused.body).toMatchObject({ code: 'NOT_IN_WRAP_UP' });

      await agents.reserve(agent.userId, attemptId, leadId);
      await agents.connect(agent.userId, attemptId);
      const wrap = (await agents.endCall(agent.userId, attemptId))!;
      // As the call's ending does: the wrap-up's deadline is the campaign's 30 s.
      await api.app.get(WrapUpClock).started(wrap.presence, (await api.app.get(CampaignConfigCache).get(seeded.id)).config);
      const since = wrap.presence.sinceMs;
      expect(await desk.next<{ wrapUpUntilMs: number }>('state', (s) => (s?.wrapUpUntilMs ?? null) !== null)).toMatchObject({ state: 'wrap_up', wrapUpUntilMs: since + 30_000 });

      const once = await api.http().post('/agent/wrap-up/extend').set(auth).expect(200);
      expect(once.body).toMatchObject({ state: 'wrap_up', wrapUpUntilMs: since + 60_000 });
      expect(await desk.next<{ wrapUpUntilMs: number | null } | null>('state', (s) => s?.wrapUpUntilMs === since + 60_000)).toMatchObject({ state: 'wrap_up' });
      // The first timer (30 s) finds the deadline later than itself: the agent stays in wrap-up.
      expect(await api.app.get(AgentReadinessService).expireWrapUp(agent.userId, wrap.presence.epoch)).toBeNull();

      const twice = await desk.emit('extend_wrap_up');
      expect(twice).toMatchObject({ ok: true, data: { wrapUpUntilMs: since + 75_000 } });
      expect(await desk.emit('extend_wrap_up')).toMatchObject({ ok: false, error: { code: 'WRAP_UP_AT_MAXIMUM', message: expect.stringContaining('75 s') } });
      expect((await api.http().get('/agent/state').set(auth)).body).toMatchObject({ state: 'wrap_up', wrapUpUntilMs: since + 75_000 });
    } finally {
      desk.close();
    }
  });

  it('pauses for after-call work, not ready, an agent whose wrap-up runs out with the outcome still owed', async () => {
    const seeded = await seedCampaign(api.app, { status: 'active', settings: { wrapUp: { seconds: 0, autoReady: true } }, dispositions: [{ code: 'NOT_INTERESTED', isFinal: true, isContact: true }] });
    const [leadId] = await seedLeads(api.app, seeded.listId, [{ phone: '+12125556004', status: 'dialing' }]);
    const { agent, desk } = await readyAtDesk(seeded.id);
    const attemptId = randomUUID();
    await query(api.app, `insert into call_attempts (id, campaign_id, lead_id, phone, state, agent_id) values (?, ?, ?, '+12125556004', 'in_progress', ?)`, [
      attemptId,
      seeded.id,
      leadId,
      agent.userId,
    ]);
    const agents = api.app.get(AgentsService);
    try {
      await agents.reserve(agent.userId, attemptId, leadId);
      await agents.connect(agent.userId, attemptId);
      const wrap = (await agents.endCall(agent.userId, attemptId))!;
      const expired = await api.app.get(AgentReadinessService).expireWrapUp(agent.userId, wrap.presence.epoch);
      expect(expired).toMatchObject({ state: 'paused', pauseReason: 'after_call_work' });
      // The outcome recorded: ready again, as the campaign's autoReady meant — their audio in the room, as
      // readyAtDesk has it (this api runs without the emulator; after-call-work.e2e-spec covers audio gone).
      jest.spyOn(api.app.get(AgentReadinessService), 'audioConnected').mockResolvedValue(true);
      // Every open desk hears the outcome is in (a tab that did not save it would ask for it again).
      const told = desk.next('outcome_saved');
      await api.http().post(`/agent/calls/${attemptId}/disposition`).set({ Authorization: `Bearer ${agent.token}` }).send({ code: 'NOT_INTERESTED' }).expect(200);
      expect(await told).toEqual({ attemptId, code: 'NOT_INTERESTED' });
      expect((await api.http().get('/agent/state').set({ Authorization: `Bearer ${agent.token}` })).body).toMatchObject({ state: 'ready' });
    } finally {
      jest.restoreAllMocks();
      desk.close();
    }
  });

  it('cuts off a desk whose account is disabled or whose agent becomes a manager, and stops offering that agent calls', async () => {
    const disabled = await readyAtDesk(campaignId);
    const promoted = await readyAtDesk(campaignId);
    const still = await readyAtDesk(campaignId);
    await query(api.app, `update users set active = false where id = ?`, [disabled.agent.userId]);
    await query(api.app, `update users set role = 'manager' where id = ?`, [promoted.agent.userId]);
    const refusals = [disabled.desk.next('error'), promoted.desk.next('error')];
    await api.app.get(AgentsGateway).recheckDesks(); // what the gateway does every minute
    await expect(Promise.all(refusals)).resolves.toEqual([
      expect.objectContaining({ code: 'AUTH_INVALID_TOKEN' }),
      expect.objectContaining({ code: 'AUTH_FORBIDDEN' }),
    ]);
    const agents = api.app.get(AgentsService);
    for (const { agent } of [disabled, promoted]) {
      await pollUntil(() => agents.get(agent.userId), (presence) => presence?.state === 'paused');
      expect(await agents.get(agent.userId)).toMatchObject({ state: 'paused', pauseReason: 'disconnected' });
    }
    // A desk whose sign-in holds stays, ready for calls.
    expect(still.desk.socket.connected).toBe(true);
    expect(await agents.get(still.agent.userId)).toMatchObject({ state: 'ready' });
    [disabled, promoted, still].forEach(({ desk }) => desk.close());
  });

  it('closes the desks of an agent an admin deactivates, whose password an admin resets or whom an admin makes a manager at once, not at the next check', async () => {
    const admin = await signInAs(api, 'admin');
    const agents = api.app.get(AgentsService);
    const changes: [object, string][] = [
      [{ active: false }, 'AUTH_INVALID_TOKEN'],
      [{ password: 'a-new-password-for-them' }, 'AUTH_INVALID_TOKEN'],
      [{ role: 'manager' }, 'AUTH_FORBIDDEN'],
    ];
    for (const [change, code] of changes) {
      const { agent, desk } = await readyAtDesk(campaignId);
      const refused = desk.next('error');
      await api.http().patch(`/users/${agent.userId}`).set({ Authorization: `Bearer ${admin.token}` }).send(change).expect(200);
      await expect(refused).resolves.toMatchObject({ code });
      await pollUntil(() => agents.get(agent.userId), (presence) => presence?.state === 'paused');
      expect(desk.socket.connected).toBe(false);
      desk.close();
    }
  });

  it('keeps taking calls after a reload mid-call even when the new desk opened before the old one’s end was handled', async () => {
    const campaign = await seedCampaign(api.app);
    const { agent, desk } = await readyAtDesk(campaign.id);
    const agents = api.app.get(AgentsService);
    const attemptId = randomUUID();
    await agents.reserveNext(campaign.id, attemptId, randomUUID());
    await agents.connect(agent.userId, attemptId);
    const reloaded = await AgentSocket.connect(api.url, agent.token);
    // The old desk's end, handled on a loaded api: its first look found no desk, then the reloaded one opened.
    const gateway = api.app.get(AgentsGateway);
    jest.spyOn(gateway as unknown as { deskOpen: () => Promise<boolean> }, 'deskOpen').mockResolvedValueOnce(false);
    desk.close();
    await pollUntil(() => agents.get(agent.userId), (presence) => presence?.pauseAfterCall === null && presence.state === 'on_call');
    await sleep(300); // the old desk's end is all handled by now
    expect(await agents.get(agent.userId)).toMatchObject({ state: 'on_call', pauseAfterCall: null });
    jest.restoreAllMocks();
    reloaded.close();
  });

  it("counts the agent's calls, contacts and successes since midnight in their zone, as the KPI report counts them", async () => {
    const seeded = await seedCampaign(api.app, { dispositions: [{ code: 'SALE', isContact: true }, { code: 'INTERESTED', isContact: true }, { code: 'NO' }] });
    await query(api.app, `update disposition_codes set is_success = true where campaign_id = ? and code = 'SALE'`, [seeded.id]);
    const [leadId] = await seedLeads(api.app, seeded.listId, [{ phone: '+12125556090' }]);
    const agent = await signInAs(api, 'agent');
    const other = await signInAs(api, 'agent');
    const live = { answered_at: 'now()', answered_by: "'human'" };
    const attempt = (agentId: string, code: string | null, answer: typeof live | null, createdAt = 'now()') =>
      query(
        api.app,
        `insert into call_attempts (campaign_id, lead_id, phone, state, agent_id, provider_call_sid, disposition_code, answered_at, answered_by, ended_at, created_at)
         values (?, ?, '+12125556090', 'completed', ?, ?, ?, ${answer?.answered_at ?? 'null'}, ${answer?.answered_by ?? 'null'}, now(), ${createdAt})`,
        [seeded.id, leadId, agentId, `CA${randomUUID().replace(/-/g, '')}`, code],
      );
    await attempt(agent.userId, 'SALE', live); // a call, a contact, a success
    await attempt(agent.userId, 'INTERESTED', live); // a call, a contact
    await attempt(agent.userId, 'NO', live); // a call
    await attempt(agent.userId, 'SALE', { answered_at: 'now()', answered_by: "'machine_start'" }); // a call: a machine is no conversation
    await attempt(agent.userId, 'SALE', live, `now() - interval '2 days'`); // not today
    await attempt(other.userId, 'SALE', live); // not theirs

    const today = await api.http().get('/agent/today').query({ timeZone: 'Asia/Tokyo' }).set({ authorization: `Bearer ${agent.token}` }).expect(200);
    expect(today.body).toMatchObject({ calls: 4, contacts: 2, successes: 1 });
    // Midnight in the zone asked for.
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(today.body.since))).toBe('00:00');
    await api.http().get('/agent/today').query({ timeZone: 'Mars/Olympus' }).set({ authorization: `Bearer ${agent.token}` }).expect(400);
  });

  it('keeps the desktop to agents', async () => {
    const manager = await signInAs(api, 'manager');
    await expect(AgentSocket.connect(api.url, manager.token).then((s) => s.next('error'))).resolves.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    await expect(AgentSocket.connect(api.url, 'garbage').then((s) => s.next('error'))).resolves.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
  });
});
