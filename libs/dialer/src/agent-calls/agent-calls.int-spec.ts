import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditModule } from '@dialer/audit';
import { AgentsService } from '@dialer/agents';
import { CallsModule } from '@dialer/calls';
import { Campaign, resolveCampaignConfig } from '@dialer/campaigns';
import { ManualClock } from '@dialer/core';
import { QueuesModule } from '@dialer/queues';
import { CallSnapshot, TELEPHONY_PORT, TelephonyModule, TelephonyPort } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { Hopper } from '../hopper/hopper.service';
import { AgentCallsService } from './agent-calls.service';

describe('agent-driven calls (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let agents: AgentsService;
  let agentCalls: AgentCallsService;
  // Monday 2026-11-23 12:00 in New York.
  const now = new Date('2026-11-23T17:00:00Z');
  const clock = new ManualClock(now);

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], clock);
    agents = app.get(AgentsService);
    const service = app.get(AgentCallsService);
    // Each dial in its own ORM context, as the api's requests and the worker's jobs run it.
    agentCalls = {
      dialPreview: (agentId: string, epoch?: number) => withOrmContext(app, () => service.dialPreview(agentId, epoch)),
      skipPreview: (agentId: string) => withOrmContext(app, () => service.skipPreview(agentId)),
    } as AgentCallsService;
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** A preview campaign, one lead, one ready agent, and the lead offered to them (the attempt queued, the agent reserved). */
  const heldPreview = async (phone: string) => {
    const seeded = await seedCampaign(app, { mode: 'preview', settings: { callerIds: { numbers: ['+14155550100'] }, preview: { autoDialAfterSec: 5 } } });
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone }]);
    const agentId = randomUUID();
    await agents.join(agentId, seeded.id, 'Preview agent');
    await agents.ready(agentId);
    const campaign = await app.get(MikroORM).em.fork().findOneOrFail(Campaign, { id: seeded.id });
    const config = resolveCampaignConfig(campaign, now);
    expect(await withOrmContext(app, () => app.get(AgentCallsService).offerPreview(campaign, config, agentId, 'Preview agent'))).toBe(true);
    const [{ id: attemptId }] = await query(app, `select id from call_attempts where lead_id = ?`, [leadId]);
    return { campaign, config, leadId, agentId, attemptId: attemptId as string };
  };

  it('dials a held preview once when a click, a double click and the countdown race: one call at Twilio, the others told it is being dialed', async () => {
    const { leadId, agentId } = await heldPreview('+12125559001');
    const { epoch } = (await agents.get(agentId))!;

    // Twilio takes a while to answer the REST request; until then the attempt is queued, with no CallSid.
    const telephony = app.get<TelephonyPort>(TELEPHONY_PORT);
    const placeCall = jest.spyOn(telephony, 'placeCall').mockImplementation(async (request) => {
      await sleep(1_000);
      const snapshot: CallSnapshot = {
        sid: `CA${randomUUID().replace(/-/g, '')}`,
        status: 'queued',
        to: request.to,
        from: request.from,
        direction: 'outbound-api',
        answeredBy: null,
        startTime: null,
        endTime: null,
        durationSec: null,
        queueTimeMs: null,
        parentCallSid: null,
      };
      return snapshot;
    });
    // Time moves on while a dial waits for its calls-per-second slot (one a second by default).
    const ticker = setInterval(() => clock.advance(100), 5);
    let results: PromiseSettledResult<{ attemptId: string }>[];
    let callsAtTwilio: number;
    try {
      results = await Promise.allSettled([agentCalls.dialPreview(agentId), agentCalls.dialPreview(agentId), agentCalls.dialPreview(agentId, epoch)]);
      callsAtTwilio = placeCall.mock.calls.length;
    } finally {
      clearInterval(ticker);
      placeCall.mockRestore();
      clock.set(now);
    }

    expect(callsAtTwilio).toBe(1);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []))).toEqual([
      expect.objectContaining({ code: 'PREVIEW_ALREADY_DIALING', kind: 'conflict' }),
      expect.objectContaining({ code: 'PREVIEW_ALREADY_DIALING', kind: 'conflict' }),
    ]);
    const attempts = await query(app, `select state, provider_call_sid from call_attempts where lead_id = ?`, [leadId]);
    expect(attempts).toEqual([{ state: expect.any(String), provider_call_sid: expect.stringMatching(/^CA/) }]);
    expect((await agents.get(agentId))?.state).toBe('reserved'); // waiting for the callee, as after one click
  });

  it('does not skip a preview a dial has claimed: the call is on its way, and the agent stays with it', async () => {
    const { campaign, config, attemptId, agentId } = await heldPreview('+12125559002');
    // The countdown's dial has passed its recheck and waits for a calls-per-second slot.
    expect(await app.get(Hopper).recheck(campaign, config, attemptId, { now, liveAgentGuaranteed: true })).toMatchObject({ status: 'passed' });
    await expect(agentCalls.skipPreview(agentId)).rejects.toMatchObject({ code: 'PREVIEW_ALREADY_DIALING' });
    expect(await query(app, `select state, outcome from call_attempts where id = ?`, [attemptId])).toEqual([{ state: 'queued', outcome: null }]);
    expect(await agents.get(agentId)).toMatchObject({ state: 'reserved', attemptId });
  });
});
