import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedDesk } from '../../apps/agent-simulator/src/simulated-desk';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

type Ack = { ok: boolean; error?: { code: string; details?: { attemptId?: string } } };

/**
 * An agent whose wrap-up ran out with the call's outcome owed is offered no
 * call until they record it — however they try to get round it: pausing again
 * with a reason of their own, leaving the campaign and joining it again, or a
 * pause they asked for during the call.
 */
describe('the outcome an agent owes after a wrap-up ran out (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];
  let phones = 0;

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 4 } } });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  /** A campaign with a 2 s wrap-up and two leads, and an agent at it whose outcome never lands (an unknown code). */
  const agentOwingAnOutcome = async (name: string) => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values (?, 'US') returning id`, [name]);
    const zone = zonesByWindow().open[0];
    await seedLeads(
      floor.api.app,
      listId as string,
      Array.from({ length: 2 }, () => ({ phone: `+1415556${String(7000 + phones++).padStart(4, '0')}`, zones: [zone] })),
    );
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive', settings: { wrapUp: { seconds: 2, autoReady: true } } }, [listId as string]);
    const agent = await SimulatedAgent.start(floor, campaignId, { talkTimeSec: 4, disposition: () => ({ code: 'NO_SUCH_CODE' }) });
    agents.push(agent);
    const auth = { authorization: `Bearer ${agent.user.token}` };
    const presence = async () => (await floor.api.http().get('/agent/state').set(auth).expect(200)).body as { state: string; pauseReason: string | null };
    return { agent, campaignId, auth, presence };
  };

  const recordOutcome = async (agent: SimulatedAgent) => {
    const [pop] = agent.pops;
    const code = pop.dispositions.find((d) => !['DNC', 'CALLBACK'].includes(d.code))!.code;
    await floor.api.http().post(`/agent/calls/${pop.attemptId}/disposition`).set({ authorization: `Bearer ${agent.user.token}` }).send({ code }).expect(200);
  };

  it('refuses ready after the agent pauses again with a reason of their own', async () => {
    const { agent, presence } = await agentOwingAnOutcome('acw re-pause');
    await pollUntil(presence, (p) => p.state === 'paused' && p.pauseReason === 'after_call_work', { timeoutMs: 30_000 });
    const [pop] = agent.pops;

    // "Break" in place of after-call work: the outcome is owed all the same.
    expect(await agent.desk.emit<Ack>('pause', { reason: 'break' })).toMatchObject({ ok: true });
    const refused = await agent.desk.emit<Ack>('ready');
    expect(refused).toMatchObject({ ok: false, error: { code: 'DISPOSITION_REQUIRED', details: { attemptId: pop.attemptId } } });
    expect(await presence()).toMatchObject({ state: 'paused', pauseReason: 'break' });

    await recordOutcome(agent);
    expect(await agent.desk.emit<Ack>('ready')).toMatchObject({ ok: true });
  });

  it('refuses ready after the agent leaves the campaign and joins it again', async () => {
    const { agent, campaignId, auth, presence } = await agentOwingAnOutcome('acw rejoin');
    await pollUntil(presence, (p) => p.state === 'paused' && p.pauseReason === 'after_call_work', { timeoutMs: 30_000 });
    const [pop] = agent.pops;

    await floor.api.http().delete('/agent/session').set(auth).expect(200);
    await floor.api.http().post('/agent/session').set(auth).send({ campaignId }).expect(200);
    expect(await presence()).toMatchObject({ state: 'paused', pauseReason: 'not_ready' });
    const refused = await floor.api.http().post('/agent/ready').set(auth);
    expect({ status: refused.status, body: refused.body }).toMatchObject({
      status: 409,
      body: { code: 'DISPOSITION_REQUIRED', details: { attemptId: pop.attemptId } },
    });

    await recordOutcome(agent);
    await floor.api.http().post('/agent/ready').set(auth).expect(200);
  });

  it('gives a desk opened while the outcome is owed (another tab, another browser) the call, so its disposition form is in reach', async () => {
    const { agent, presence } = await agentOwingAnOutcome('acw new desk');
    await pollUntil(presence, (p) => p.state === 'paused' && p.pauseReason === 'after_call_work', { timeoutMs: 30_000 });
    const [pop] = agent.pops;

    const second = await AgentSocket.connect(floor.api.url, agent.user.token);
    try {
      const resent = await second.next<{ attemptId: string; lead: { id: string } }>('screen_pop', () => true, 5_000);
      expect(resent).toMatchObject({ attemptId: pop.attemptId, lead: { id: pop.lead.id } });
    } finally {
      second.close();
    }
    await recordOutcome(agent);
    // Recorded: a desk opened now has nothing owed to show.
    await pollUntil(presence, (p) => p.state !== 'paused', { timeoutMs: 10_000 });
    const third = await AgentSocket.connect(floor.api.url, agent.user.token);
    try {
      await expect(third.next('screen_pop', (p: { attemptId: string }) => p.attemptId === pop.attemptId, 1_000)).rejects.toThrow(/no screen_pop/);
    } finally {
      third.close();
    }
  });

  it('gives a desk that joins again the call whose outcome is owed (left the floor before recording it)', async () => {
    const { agent, campaignId, auth, presence } = await agentOwingAnOutcome('acw join again');
    await pollUntil(presence, (p) => p.state === 'paused' && p.pauseReason === 'after_call_work', { timeoutMs: 30_000 });
    const [pop] = agent.pops;
    await floor.api.http().delete('/agent/session').set(auth).expect(200);

    // A desk opened while off the floor has nothing to show; joining, it gets the owed call's form.
    const desk = await AgentSocket.connect(floor.api.url, agent.user.token);
    try {
      expect(await desk.emit<Ack>('join', { campaignId })).toMatchObject({ ok: true });
      const resent = await desk.next<{ attemptId: string }>('screen_pop', () => true, 5_000);
      expect(resent.attemptId).toBe(pop.attemptId);
    } finally {
      desk.close();
    }
    await recordOutcome(agent);
  });

  it('leaves paused, when the outcome is recorded, an agent whose audio left the room during the after-call work', async () => {
    const { agent, auth, presence } = await agentOwingAnOutcome('acw no audio');
    await pollUntil(presence, (p) => p.state === 'paused' && p.pauseReason === 'after_call_work', { timeoutMs: 30_000 });
    floor.emulator.disconnectAgent(agent.id);
    await pollUntil(async () => (await floor.api.http().get('/agent/audio').set(auth).expect(200)).body as { connected: boolean }, (a) => !a.connected, {
      timeoutMs: 10_000,
    });

    // Ready now would put the next callee through to silence: the outcome ends the after-call work, not the pause.
    await recordOutcome(agent);
    expect(await presence()).toMatchObject({ state: 'paused' });
    expect((await floor.api.http().post('/agent/ready').set(auth).expect(409)).body).toMatchObject({ code: 'NO_AUDIO' });
  });

  it('keeps the pause the agent asked for during the call when the wrap-up runs out with the outcome owed, and recording the outcome leaves them paused', async () => {
    const { agent, presence } = await agentOwingAnOutcome('acw pause after call');
    await pollUntil(presence, (p) => p.state === 'on_call', { timeoutMs: 30_000 });
    expect(await agent.desk.emit<Ack>('pause', { reason: 'lunch' })).toMatchObject({ ok: true });
    // The wrap-up runs out: the agent's own pause, not a return to calls once the outcome is in.
    const paused = await pollUntil(presence, (p) => p.state === 'paused', { timeoutMs: 30_000 });
    expect(paused).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    expect(await agent.desk.emit<Ack>('ready')).toMatchObject({ ok: false, error: { code: 'DISPOSITION_REQUIRED' } });

    await recordOutcome(agent);
    expect(await presence()).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
  });

  it('lets an agent who comes back to a new desk owing an outcome (the last one closed mid-wrap-up) record it and go ready', async () => {
    const { agent, campaignId, presence } = await agentOwingAnOutcome('acw new desk');
    await pollUntil(presence, (p) => p.state === 'paused' && p.pauseReason === 'after_call_work', { timeoutMs: 30_000 });
    const [owed] = agent.pops;
    agent.stop(); // the browser closed: desk and audio gone, the outcome still owed

    // The simulated desk, as the demo's agents open it: ready is refused for the owed call, which it records first.
    const desk = await SimulatedDesk.open({ apiUrl: floor.api.url, emulatorUrl: floor.emulator.url, token: agent.user.token, userId: agent.id, campaignId });
    try {
      expect(desk.dispositions).toContainEqual(expect.objectContaining({ attemptId: owed.attemptId, status: 200 }));
      expect(['ready', 'reserved', 'on_call']).toContain((await presence()).state);
    } finally {
      await desk.close();
    }
  });
});
