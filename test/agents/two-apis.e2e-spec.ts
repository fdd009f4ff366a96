import { INestApplicationContext } from '@nestjs/common';
import { AgentsService } from '@dialer/agents';
import { createTestContext, seedCampaign, TestContext } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { RunningApi, signInAs, startApi, startWorker } from '../support/apps';
import { freePort, spawnApi } from '../support/child-api';
import { SpawnedProcess } from '../support/processes';

/**
 * Two api processes behind one address (issue 13, defect 7): socket.io's rooms
 * live in Redis (its adapter), so an agent's desk on one process is seen and
 * reached through the other, and through the worker (the Redis emitter).
 */
describe('two api processes share the agents’ desks (e2e, two real processes)', () => {
  let ctx: TestContext;
  let apiB: RunningApi;
  let apiA: { process: SpawnedProcess; url: string };
  let worker: INestApplicationContext;
  let campaignId: string;
  const desks: AgentSocket[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    apiB = await startApi(ctx.config); // this process
    ({ id: campaignId } = await seedCampaign(apiB.app, { status: 'active' })); // agents join only an active campaign
    apiA = await spawnApi(ctx.config, await freePort()); // a child process
    worker = await startWorker(ctx.config);
  });

  afterAll(async () => {
    desks.forEach((desk) => desk.close());
    await worker?.close();
    apiA?.process.kill('SIGTERM');
    await apiA?.process.exited();
    await apiB?.close();
    await ctx?.cleanup();
  });

  const deskOn = async (url: string, token: string) => {
    const desk = await AgentSocket.connect(url, token);
    desks.push(desk);
    return desk;
  };

  it('keeps an agent ready when a second tab on api B closes while the first is open on api A', async () => {
    const agent = await signInAs(apiB, 'agent');
    const onA = await deskOn(apiA.url, agent.token);
    expect(await onA.emit('join', { campaignId })).toMatchObject({ ok: true });
    // Ready as if their audio leg were in their room: these apis run without the emulator.
    expect(await apiB.app.get(AgentsService).ready(agent.userId)).toMatchObject({ state: 'ready' });
    const onB = await deskOn(apiB.url, agent.token);
    await onB.next('state');

    onB.close(); // api B must see the desk still open on api A, or it would pause the agent as gone
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await apiB.app.get(AgentsService).get(agent.userId)).toMatchObject({ state: 'ready', pauseReason: null });
  });

  it('reaches a desk on api A with what api B or the worker does to its agent, once', async () => {
    const agent = await signInAs(apiB, 'agent');
    const onA = await deskOn(apiA.url, agent.token);
    await onA.emit('join', { campaignId });
    await apiB.app.get(AgentsService).ready(agent.userId);
    await onA.next<{ state: string }>('state', (presence) => presence?.state === 'ready');
    onA.forget('state');

    await apiB.app.get(AgentsService).pause(agent.userId, 'coaching');
    expect(await onA.next<{ state: string; pauseReason: string }>('state')).toMatchObject({ state: 'paused', pauseReason: 'coaching' });
    await worker.get(AgentsService).ready(agent.userId); // the worker has no socket server: the Redis emitter carries it
    expect(await onA.next<{ state: string }>('state')).toMatchObject({ state: 'ready' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onA.received.filter((m) => m.event === 'state')).toEqual([]); // each notice came once, not once per api process
  });
});
