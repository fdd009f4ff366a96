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
    agentCalls = { dialPreview: (agentId: string, epoch?: number) => withOrmContext(app, () => service.dialPreview(agentId, epoch)) } as AgentCallsService;
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it('dials a held preview once when a click, a double click and the countdown race: one call at Twilio, the others told it is being dialed', async () => {
    const seeded = await seedCampaign(app, { mode: 'preview', settings: { callerIds: { numbers: ['+14155550100'] }, preview: { autoDialAfterSec: 5 } } });
    const [leadId] = await seedLeads(app, seeded.listId, [{ phone: '+12125559001' }]);
    const agentId = randomUUID();
    await agents.join(agentId, seeded.id, 'Preview agent');
    await agents.ready(agentId);
    const campaign = await app.get(MikroORM).em.fork().findOneOrFail(Campaign, { id: seeded.id });
    expect(await withOrmContext(app, () => app.get(AgentCallsService).offerPreview(campaign, resolveCampaignConfig(campaign, now), agentId, 'Preview agent'))).toBe(true);
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
});
