import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { AgentsModule, AgentsService } from '@dialer/agents';
import { CALL_FLOW_POLICY, CallFlowPolicy, CallsModule, FlowCall } from '@dialer/calls';
import { ComplianceModule } from '@dialer/compliance';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { CallEndings } from '../settlement/call-endings.service';
import { DialerCallFlowPolicy } from './dialer-call-flow.policy';
import { ScreenPopService } from './screen-pop.service';

/**
 * The call flow's bridge against the real database and Redis, where the
 * callee's voice request is answered late (an api under load): the callee may
 * have hung up, and the end of their call been handled, before an agent is
 * put through to them.
 */
describe('the call flow’s bridge, answered late (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let policy: DialerCallFlowPolicy;
  let agents: AgentsService;
  let endings: CallEndings;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [
      AuditModule,
      QueuesModule.forRoot(),
      TelephonyModule.forRoot(),
      CallsModule.forRoot({ callFlowPolicy: DialerCallFlowPolicy, callEndedListener: CallEndings, imports: [DialerModule, AgentsModule, ComplianceModule] }),
      DialerModule,
    ]);
    policy = app.get<CallFlowPolicy>(CALL_FLOW_POLICY) as DialerCallFlowPolicy;
    agents = app.get(AgentsService);
    endings = app.get(CallEndings);
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** A predictive campaign, one answered call of one lead (in `state`), and one ready agent. */
  const answeredCall = async (state: 'in_progress' | 'completed' | 'canceled') => {
    const seeded = await seedCampaign(app, {});
    const phone = `+1212555${Math.floor(1000 + Math.random() * 8999)}`;
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone }]);
    const attemptId = randomUUID();
    const callSid = `CA${attemptId.replace(/-/g, '')}`;
    const answeredAt = new Date(Date.now() - 6_000);
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, mode, provider_call_sid, answered_at, answered_by, ended_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'predictive', ?, ?, 'human', ?, ?, ?)`,
      [attemptId, seeded.id, leadId, phone, state, callSid, answeredAt, state === 'in_progress' ? null : new Date(Date.now() - 1_000), answeredAt, answeredAt],
    );
    await query(app, `update leads set status = 'dialing' where id = ?`, [leadId]);
    const agentId = randomUUID();
    await agents.join(agentId, seeded.id, 'Late agent');
    await agents.ready(agentId);
    const call: FlowCall = {
      attemptId,
      campaignId: seeded.id,
      leadId,
      callSid,
      from: '+14155550100',
      to: phone,
      callStatus: 'in-progress',
      answeredBy: 'human',
      step: 'answer',
      query: {},
      params: {},
    };
    return { call, agentId, attemptId };
  };
  const attempt = async (id: string) => (await query(app, `select * from call_attempts where id = ?`, [id]))[0];
  const settled = async (id: string) => {
    for (let i = 0; i < 100 && !(await attempt(id)).settled_at; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('puts no agent on a call whose end was handled before the api answered its voice request (nothing would free them)', async () => {
    const { call, agentId, attemptId } = await answeredCall('completed');
    // The status callback (completed) was handled first: nobody on the attempt to free; settled, never put through.
    await withOrmContext(app, () => endings.ended(attemptId));
    expect(await attempt(attemptId)).toMatchObject({ abandoned: true, settled_at: expect.anything() });

    await withOrmContext(app, () => policy.onAnswer(call));

    expect((await agents.get(agentId))?.state).not.toBe('on_call');
    expect((await agents.get(agentId))?.state).not.toBe('reserved');
  });

  it('still puts through a live callee whose attempt was given back as never placed (a worker died between Twilio and the CallSid)', async () => {
    const { call, agentId } = await answeredCall('canceled');
    expect(await withOrmContext(app, () => policy.onAnswer(call))).toContain('<Conference');
    expect((await agents.get(agentId))?.state).toBe('on_call');
  });

  it('frees the agent when the callee’s end is handled while the flow is putting them through', async () => {
    const { call, agentId, attemptId } = await answeredCall('in_progress');
    // The callee hangs up as the flow connects the agent: the end is recorded and handled before the flow writes agent_id.
    const connect = agents.connect.bind(agents);
    jest.spyOn(agents, 'connect').mockImplementation(async (id, attempt) => {
      await query(app, `update call_attempts set state = 'completed', ended_at = now() where id = ?`, [attempt]);
      await withOrmContext(app, () => endings.ended(attempt));
      return connect(id, attempt);
    });

    await withOrmContext(app, () => policy.onAnswer(call));
    await settled(attemptId);

    // Not left on a call that is over (on_call for ever, offered no callee again): after-call work, as for any call put through.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await agents.get(agentId))?.state).not.toBe('on_call');
  });

  it('sends no screen pop for a put-through it could not record (Twilio asks again, and the callee may go to another agent)', async () => {
    const { call, attemptId } = await answeredCall('in_progress');
    const pops = jest.spyOn(app.get(ScreenPopService), 'deliver');
    const em = (policy as unknown as { em: { execute: (sql: string, params?: unknown[]) => Promise<unknown> } }).em;
    const execute = em.execute.bind(em);
    jest.spyOn(em, 'execute').mockImplementation(async (sql: string, params?: unknown[]) => {
      if (sql.includes('putThroughAt')) throw new Error('connection terminated');
      return execute(sql, params);
    });

    await expect(withOrmContext(app, () => policy.onAnswer(call))).rejects.toThrow('connection terminated');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(pops).not.toHaveBeenCalled();
    expect((await attempt(attemptId)).compliance_evidence).not.toHaveProperty('putThroughAt');
  });

  it('puts the callee through again when Twilio asks again after the put-through was recorded (its TwiML could not be stored)', async () => {
    const { call, agentId, attemptId } = await answeredCall('in_progress');
    const first = await withOrmContext(app, () => policy.onAnswer(call));
    expect(first).toContain('<Conference');
    expect((await agents.get(agentId))?.state).toBe('on_call');

    // The document could not be stored (the database went away after the put-through's write): the request failed,
    // its claim went stale, and Twilio's retry asks the flow again. The agent is on this call, waiting for the callee.
    const again = await withOrmContext(app, () => policy.onAnswer(call));

    expect(again).toBe(first);
    expect(await attempt(attemptId)).toMatchObject({ abandoned: false });
    expect((await agents.get(agentId))?.state).toBe('on_call');
  });
  it('composes the screen pop of a campaign whose script, stored before scripts were checked, names objects and sections', async () => {
    const script = 'Hi {{firstName}} {{custom}}{{agent}}{{.}}{{{custom}}}{{&custom}}{{#custom}}{{.}}{{/custom}}[{{firstName.length}}{{firstName.constructor.name}}] {{custom.plan}} / {{agent.name}}';
    const seeded = await seedCampaign(app, { settings: { script } });
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone: '+12125550199', firstName: 'Ann', custom: { plan: 'Gold' } }]);
    const attemptId = randomUUID();
    await query(app, `insert into call_attempts (id, campaign_id, lead_id, phone, state, mode) values (?, ?, ?, '+12125550199', 'in_progress', 'predictive')`, [
      attemptId,
      seeded.id,
      leadId,
    ]);
    const pop = await withOrmContext(app, () => app.get(ScreenPopService).compose(attemptId, leadId, seeded.id, 'Ken'));
    expect(pop.script).toBe('Hi Ann [] Gold / Ken');
  });
});

