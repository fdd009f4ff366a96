import { MikroORM } from '@mikro-orm/core';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';
import { AgentNotice, AgentNotifier } from './agent-notifier';
import { AgentsModule } from './agents.module';
import { AgentsService } from './agents.service';
import { AgentStateChange } from './entities/agent-state-change.entity';

describe('agents on the floor (integration: Redis + PostgreSQL)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let agents: AgentsService;
  const notices: AgentNotice[] = [];
  let campaign: string;
  beforeEach(() => {
    campaign = randomUUID(); // each test its own floor
  });

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, AgentsModule]);
    agents = app.get(AgentsService);
    await app.get(AgentNotifier).subscribe((notice) => notices.push(notice));
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const onFloor = async (count: number) => {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const [i, id] of ids.entries()) {
      await agents.join(id, campaign, `Agent ${i}`);
      await agents.ready(id);
    }
    return ids;
  };

  it('never reserves one agent for two calls, however many calls answer at once', async () => {
    const ready = await onFloor(5);
    const reservations = await Promise.all(Array.from({ length: 20 }, () => agents.reserveNext(campaign, randomUUID(), randomUUID())));
    const reserved = reservations.filter((r) => r !== null).map((r) => r!.agentId);
    expect(reserved.sort()).toEqual([...ready].sort());
    expect(await agents.reserveNext(campaign, randomUUID(), randomUUID())).toBeNull();
  });

  it('gives the call to the agent who has waited longest', async () => {
    const [first, second] = await onFloor(2);
    const presence = await agents.reserveNext(campaign, randomUUID(), randomUUID());
    expect(presence?.agentId).toBe(first);
    expect((await agents.reserveNext(campaign, randomUUID(), randomUUID()))?.agentId).toBe(second);
  });

  it('honours a pause asked for while holding a reservation that comes to nothing (a skipped preview)', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserve(agent, attempt, randomUUID());
    expect(await agents.pause(agent, 'break')).toMatchObject({ state: 'reserved', pauseAfterCall: 'break' });
    expect((await agents.release(agent, attempt))?.presence).toMatchObject({ state: 'paused', pauseReason: 'break', attemptId: null });
    // A released reservation with no pause asked goes back to ready; releaseTo can park it paused with a reason.
    await agents.ready(agent);
    const next = randomUUID();
    await agents.reserve(agent, next, randomUUID());
    expect((await agents.releaseTo(agent, next, 'paused', 'preview_timeout'))?.presence).toMatchObject({ state: 'paused', pauseReason: 'preview_timeout' });
  });

  it('walks a call from reservation to wrap-up and back to ready, ignoring a stale attempt', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    const reserved = await agents.reserveNext(campaign, attempt, 'lead-1');
    expect(reserved).toMatchObject({ agentId: agent, state: 'reserved', attemptId: attempt, leadId: 'lead-1' });

    expect(await agents.connect(agent, randomUUID())).toBeNull(); // another call's callback
    expect((await agents.connect(agent, attempt))?.presence.state).toBe('on_call');
    const wrap = await agents.endCall(agent, attempt);
    expect(wrap?.presence).toMatchObject({ state: 'wrap_up', attemptId: attempt });

    expect(await agents.finishWrapUp(agent, wrap!.presence.epoch - 1)).toBeNull(); // a stale timer
    expect((await agents.finishWrapUp(agent, wrap!.presence.epoch))?.presence.state).toBe('ready');
  });

  it('keeps a pause asked during a call for after the wrap-up', async () => {
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserveNext(campaign, attempt, 'lead-2');
    await agents.connect(agent, attempt);
    expect(await agents.pause(agent, 'break')).toMatchObject({ state: 'on_call', pauseAfterCall: 'break' });
    await agents.endCall(agent, attempt);
    expect((await agents.finishWrapUp(agent))?.presence).toMatchObject({ state: 'paused', pauseReason: 'break' });
  });

  it('refuses what an agent may not do, in words', async () => {
    const stranger = randomUUID();
    await expect(agents.ready(stranger)).rejects.toMatchObject({ code: 'AGENT_NOT_IN_CAMPAIGN' });
    const [agent] = await onFloor(1);
    const attempt = randomUUID();
    await agents.reserveNext(campaign, attempt, 'lead-3');
    await agents.connect(agent, attempt);
    await expect(agents.leave(agent)).rejects.toMatchObject({ code: 'AGENT_BUSY' });
    await expect(agents.join(agent, randomUUID(), 'x')).rejects.toMatchObject({ code: 'AGENT_BUSY' });
  });

  it('logs every state period in PostgreSQL and tells the agent’s screen', async () => {
    const [agent] = await onFloor(1);
    await agents.pause(agent, 'lunch');
    await agents.leave(agent);
    const log = await app.get(MikroORM).em.fork().find(AgentStateChange, { agentId: agent }, { orderBy: { id: 'asc' } });
    expect(log.map((row) => [row.state, row.reason ?? null, row.endedAt !== undefined && row.endedAt !== null])).toEqual([
      ['paused', 'not_ready', true],
      ['ready', null, true],
      ['paused', 'lunch', true],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(notices.filter((n) => n.agentId === agent).map((n) => (n.payload as { state: string }).state)).toEqual([
      'paused',
      'ready',
      'paused',
      'offline',
    ]);
  });
});
