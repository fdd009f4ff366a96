import { AgentsService } from '@dialer/agents';
import { PacingSupervisor } from '@dialer/dialer';
import { query, seedLeads } from '@dialer/testing';
import { DemoApi } from '../../scripts/demo/demo-api';
import { windDownFloor } from '../../scripts/demo/wind-down';
import { startWorker, TEST_PASSWORD } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

/**
 * Stopping must never harm a callee (issue 13, defect 1). Pausing a campaign,
 * or stopping the worker that leads it, cancels the calls still ringing
 * before anyone answers them with nobody to take them; answered calls go on
 * to the agents, who stay until their calls end; then they sign out.
 */
describe('stopping a campaign or a worker (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];

  beforeAll(async () => {
    floor = await startFloor({
      scenario: {
        answerProbability: 0.7,
        answeredMix: { human: 1, machine: 0, fax: 0 },
        unansweredMix: { busy: 0, noAnswer: 1, failed: 0 },
        // Long rings (2–5 s at the floor's 1/20 time): a stop always finds calls ringing.
        timing: { humanAnswerSec: { min: 40, max: 100 } },
        agents: { talkTimeSec: { min: 40, max: 100 } },
        amd: { accuracy: 1 }, // no person taken for a machine (whose call the machine action would end)
      },
    });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  const count = async (sql: string, params: unknown[]) => (await query(floor.api.app, sql, params))[0].n as number;
  const ringing = (campaignId: string) => count(`select count(*)::int as n from call_attempts where campaign_id = ? and state in ('initiated', 'ringing')`, [campaignId]);
  /**
   * Abandons of calls answered between `from` and `to`. Power dialing abandons now and then while it runs (it
   * dials ahead of the agents); what a stop must not do is abandon the calls it leaves ringing. A callee answering
   * in the instant between the stop and the cancel (the leader looks 4 times a second) cannot be helped: 1 s of slack.
   */
  const abandonsAnswered = (campaignId: string, from: number, to = Date.now()) =>
    count(`select count(*)::int as n from call_attempts where campaign_id = ? and abandoned and answered_at between ? and ?`, [
      campaignId,
      new Date(from + 1_000),
      new Date(to),
    ]);
  /** Calls we hung up on after they were answered: none, ever. */
  const cut = (calls: Awaited<ReturnType<typeof callsOf>>) => calls.filter((c) => c.status === 'completed' && c.endedBy === 'api');
  const callsOf = async (campaignId: string) => {
    const sids = new Set(
      (await query(floor.api.app, `select provider_call_sid from call_attempts where campaign_id = ? and provider_call_sid is not null`, [campaignId])).map(
        (r) => r.provider_call_sid as string,
      ),
    );
    return floor.emulator.calls().filter((call) => sids.has(call.sid));
  };

  const busyFloor = async (name: string, phoneBase: number, agentCount: number) => {
    const [listId] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values (?, 'US') returning id`, [name])).map((r) => r.id as string);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId, Array.from({ length: 120 }, (_, i) => ({ phone: `+1206${phoneBase + i}`, zones: [zone] })));
    const campaignId = await launchCampaign(floor, { name, dialingMode: 'power', settings: { pacing: { powerRatio: 3 }, ringTimeoutSec: 120 } }, [listId]);
    const floorAgents: SimulatedAgent[] = [];
    for (let i = 0; i < agentCount; i++) floorAgents.push(await SimulatedAgent.start(floor, campaignId));
    agents.push(...floorAgents);
    // Mid-shift: someone talking and several calls ringing.
    await pollUntil(
      async () => ({ ringing: await ringing(campaignId), talking: (await floor.api.app.get(AgentsService).list(campaignId)).filter((a) => a.state === 'on_call').length }),
      (now) => now.ringing >= 3 && now.talking >= 1,
      { timeoutMs: 60_000, everyMs: 50 },
    );
    return { campaignId, listId, floorAgents };
  };

  it('pausing cancels the ringing calls, puts the answered ones through, keeps the agents until their calls end, and abandons nobody', async () => {
    const { campaignId, listId, floorAgents } = await busyFloor('stop by pausing', 5550000, 3);
    const demo = new DemoApi(floor.api.url);
    await demo.signIn(floor.manager.email, TEST_PASSWORD);
    const pausedAt = Date.now();

    // What Ctrl-C on the demo does.
    const left = await windDownFloor(demo, campaignId, async () => void (await Promise.all(floorAgents.map((a) => a.leave()))), { waitMs: 90_000, everyMs: 200 });
    expect(left).toBe(0);

    expect(await abandonsAnswered(campaignId, pausedAt)).toBe(0);
    const calls = await callsOf(campaignId);
    // Ringing calls were cancelled by us (Status=canceled) before anyone could answer them...
    expect(calls.filter((c) => c.status === 'canceled' && c.endedBy === 'api').length).toBeGreaterThanOrEqual(1);
    // ...and no answered call was cut: the agents talked each to its end.
    expect(cut(calls)).toEqual([]);
    // Nothing dialed once the leader saw the pause (it looks every 2 s).
    expect(calls.filter((c) => Date.parse(c.dateCreated) > pausedAt + 3_000)).toEqual([]);
    // Every agent recorded their calls and signed out; no lead is left dialing.
    for (const agent of floorAgents) expect((await floor.api.app.get(AgentsService).get(agent.id))?.state ?? 'offline').toBe('offline');
    await pollUntil(() => count(`select count(*)::int as n from leads where list_id = ? and status = 'dialing'`, [listId]), (n) => n === 0, { timeoutMs: 10_000 });
    // The leader followed the calls to their end, then let the campaign go.
    await pollUntil(async () => floor.workers[0].get(PacingSupervisor).leading.includes(campaignId), (leading) => !leading, { timeoutMs: 10_000 });
  });

  it('a stopping worker cancels its ringing calls and lets the answered ones reach their agents; the next worker carries on', async () => {
    const { campaignId, floorAgents } = await busyFloor('stop the worker', 5560000, 3);
    const stoppedAt = Date.now();
    await floor.workers[0].close(); // SIGTERM, as a deploy does (grace: 2 s on this floor)
    floor.workers.splice(0, 1);
    const calls = await callsOf(campaignId);
    expect(calls.filter((c) => c.status === 'canceled' && c.endedBy === 'api' && Date.parse(c.endTime ?? '') >= stoppedAt).length).toBeGreaterThanOrEqual(1);
    expect(cut(calls)).toEqual([]);
    // Between the stop and the next worker (the agents still at their desks), nobody was abandoned.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await abandonsAnswered(campaignId, stoppedAt)).toBe(0);

    // A new worker takes the campaign up and dials again.
    const restartedAt = new Date();
    floor.workers.push(await startWorker(floor.config));
    await pollUntil(() => count(`select count(*)::int as n from call_attempts where campaign_id = ? and created_at > ?`, [campaignId, restartedAt]), (n) => n >= 3, {
      timeoutMs: 30_000,
    });
    expect(cut(await callsOf(campaignId))).toEqual([]);
    for (const agent of floorAgents) agent.stop();
  });
});
