import { MikroORM } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { AgentsService } from '@dialer/agents';
import { createTestContext, TestContext } from '@dialer/testing';
import { RunningApi, SignedIn, signInAs, startApi } from '../support/apps';

/** A supervisor's acts on an agent from the wallboard, as hostile or careless users send them. */
describe('supervisor actions on agents (e2e)', () => {
  let ctx: TestContext;
  let api: RunningApi;
  let manager: SignedIn;
  let campaignId: string;
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });
  const audits = async (agentId: string): Promise<string[]> => {
    const connection = api.app.get(MikroORM).em.fork().getConnection();
    const rows: { action: string }[] = await connection.execute(`select action from audit_log where entity_id = ? and action like 'agent.%' order by id`, [agentId]);
    return rows.map((row) => row.action);
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startApi(ctx.config);
    manager = await signInAs(api, 'manager');
    const created = await api
      .http()
      .post('/campaigns')
      .set(auth(manager))
      .send({ name: 'Supervised', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US' })
      .expect(201);
    campaignId = created.body.id;
  });

  afterAll(async () => {
    await api?.close();
    await ctx?.cleanup();
  });

  it('lets neither an agent nor compliance pause or sign out an agent', async () => {
    const agent = await signInAs(api, 'agent');
    for (const who of [agent, await signInAs(api, 'compliance')]) {
      await api.http().post(`/agents/${agent.userId}/pause`).set(auth(who)).send({ reason: 'break' }).expect(403);
      await api.http().post(`/agents/${agent.userId}/sign-out`).set(auth(who)).expect(403);
    }
    expect(await audits(agent.userId)).toEqual([]);
  });

  it('refuses an act on someone not on the floor in the supervisor’s words, and audits nothing', async () => {
    const stranger = randomUUID();
    const refused = await api.http().post(`/agents/${stranger}/pause`).set(auth(manager)).send({ reason: 'break' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'AGENT_NOT_IN_CAMPAIGN', message: expect.stringContaining('This agent is not signed in to a campaign') });
    await api.http().post('/agents/not-a-uuid/sign-out').set(auth(manager)).expect(400);
    expect(await audits(stranger)).toEqual([]);
  });

  it('signs an agent out once: the second sign-out is refused and each act is audited exactly once', async () => {
    const agent = await signInAs(api, 'agent');
    await api.app.get(AgentsService).join(agent.userId, campaignId, 'Test agent');
    expect((await api.http().post(`/agents/${agent.userId}/pause`).set(auth(manager)).send({ reason: 'coaching' }).expect(200)).body).toMatchObject({ state: 'paused' });
    const [first, second] = await Promise.all([1, 2].map(() => api.http().post(`/agents/${agent.userId}/sign-out`).set(auth(manager))));
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((first.status === 409 ? first : second).body.message).toContain('This agent is not signed in to a campaign');
    await api.http().post(`/agents/${agent.userId}/sign-out-after-call`).set(auth(manager)).expect(409);
    expect(await audits(agent.userId)).toEqual(['agent.paused_by_supervisor', 'agent.signed_out_by_supervisor']);
  });

  it('refuses a reason it does not take (sign-out) or a system one (pause) with 400 naming the field, and acts on nothing', async () => {
    const agent = await signInAs(api, 'agent');
    await api.app.get(AgentsService).join(agent.userId, campaignId, 'Test agent');
    for (const route of ['sign-out-after-call', 'sign-out']) {
      for (const reason of ['__proto__', 'break']) {
        const refused = await api.http().post(`/agents/${agent.userId}/${route}`).set(auth(manager)).send({ reason }).expect(400);
        expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'reason', messages: ['property reason should not exist'] }] } });
      }
    }
    // A JSON `__proto__` key is a field like any other, never the prototype.
    const proto = await api.http().post(`/agents/${agent.userId}/sign-out-after-call`).set(auth(manager)).type('json').send('{"__proto__": {"reason": "x"}}').expect(400);
    expect(proto.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    for (const reason of ['signed_out', 'no_audio', '__proto__', 'constructor ']) {
      const refused = await api.http().post(`/agents/${agent.userId}/pause`).set(auth(manager)).send({ reason });
      expect([reason, refused.status]).toEqual([reason, 400]);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ field: 'reason' })] } });
    }
    expect(await audits(agent.userId)).toEqual([]);
    // Without a body, as the wallboard sends it: done.
    expect((await api.http().post(`/agents/${agent.userId}/sign-out-after-call`).set(auth(manager)).expect(200)).body).toMatchObject({ state: 'offline' });
  });
});
