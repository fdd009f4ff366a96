import { AgentsService } from '@dialer/agents';
import { Reconciler } from '@dialer/dialer';
import { query, seedLeads } from '@dialer/testing';
import { inContext } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

/**
 * Everything stopped mid-call (a crash, or the demo's emulator restarted):
 * the callbacks that would have ended the call never came, and Twilio no
 * longer knows the call. A worker starting sweeps every live attempt, so the
 * lead and the agent are freed at once instead of waiting hours for a quiet call.
 */
describe('calls lost with the provider’s state (e2e on the emulator)', () => {
  let floor: Floor;
  let agent: SimulatedAgent;

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 3600 } } });
  });

  afterAll(async () => {
    agent?.stop();
    await floor?.close();
  });

  it('settles a talked call Twilio no longer knows as completed (its answer stands) and releases its agent on the start-up sweep', async () => {
    const [listId] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values ('lost', 'US') returning id`)).map((r) => r.id as string);
    const [leadId] = await seedLeads(floor.api.app, listId, [{ phone: '+14155553001', zones: [zonesByWindow().open[0]] }]);
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive' }, [listId]);
    agent = await SimulatedAgent.start(floor, campaignId);
    await pollUntil(async () => (await floor.workers[0].get(AgentsService).get(agent.id))?.state, (state) => state === 'on_call', { timeoutMs: 20_000 });
    await floor.api.http().post(`/campaigns/${campaignId}/pause`).set('Authorization', `Bearer ${floor.manager.token}`).expect(200);

    floor.emulator.reset(); // Twilio forgets the call; no callback will ever end it
    const [live] = await query(floor.api.app, `select id, state from call_attempts where lead_id = ?`, [leadId]);
    expect(live.state).toBe('in_progress');

    // The periodic sweep leaves a call that is merely long alone...
    const worker = floor.workers[0];
    const routine = await inContext(worker, () => worker.get(Reconciler).run());
    expect(routine.askedTwilio).toBe(0);
    // ...the start-up sweep asks about every live call.
    const sweep = await inContext(worker, () => worker.get(Reconciler).run({ sweepLive: true }));
    expect(sweep).toMatchObject({ askedTwilio: 1, settledFromTwilio: 1 });

    const [settled] = await query(floor.api.app, `select state, answered_at, ended_at from call_attempts where id = ?`, [live.id]);
    // Answered and talked: over, not `failed` — the record does not contradict its answered_at (QA2 F6).
    expect(settled.state).toBe('completed');
    expect(settled.answered_at).not.toBeNull();
    expect(settled.ended_at).not.toBeNull();
    // The agent is off the call at once, and their desk is told the call ended, once, so they record its outcome.
    expect((await worker.get(AgentsService).get(agent.id))?.state).not.toBe('on_call');
    await pollUntil(async () => agent.dispositions.filter((d) => d.attemptId === live.id), (recorded) => recorded.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a second call_ended, if one were sent
    expect(agent.dispositions.filter((d) => d.attemptId === live.id)).toEqual([{ attemptId: live.id, code: expect.any(String), status: 200 }]);
  });
});
