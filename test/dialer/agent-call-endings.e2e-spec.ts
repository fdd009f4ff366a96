import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { signInAs, SignedIn } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

interface Presence {
  state: string;
  attemptId: string | null;
}

/**
 * A call's ending frees its agent whatever the campaign's state: the pacing
 * leader stops following a campaign that is no longer active, and its calls
 * still end (issue 13, defect 3).
 */
describe('an agent’s call ends for them whatever the campaign’s state (e2e on the emulator)', () => {
  let floor: Floor;
  let agent: SignedIn;
  let desk: AgentSocket | undefined;
  const auth = () => ({ Authorization: `Bearer ${agent.token}` });
  const manager = () => ({ Authorization: `Bearer ${floor.manager.token}` });
  const presence = async () => (await floor.api.http().get('/agent/state').set(auth())).body as Presence;

  beforeAll(async () => {
    // The callee stays on the line until someone hangs up (the agent's emulated leg, like a person's, never hangs up on its own).
    floor = await startFloor({
      scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, callee: { hangUpAfterSilenceSec: 3_000 } },
    });
  });

  afterAll(async () => {
    desk?.close();
    await floor?.close();
  });

  it('frees the agent at once when the call ends after the campaign was paused, and refuses dials from it meanwhile', async () => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('endings', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    const [leadId, otherLeadId] = await seedLeads(floor.api.app, listId as string, [
      { phone: '+14155557001', zones: [zone] },
      { phone: '+14155557002', zones: [zone] },
    ]);
    // Preview: nothing is dialed unless the agent dials it.
    const campaignId = await launchCampaign(floor, { dialingMode: 'preview', settings: { wrapUp: { seconds: 300, autoReady: true } } }, [listId as string]);
    agent = await signInAs(floor.api, 'agent');
    desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
    await floor.api.http().post('/agent/audio').set(auth()).expect(200);
    expect(await desk.emit('ready')).toMatchObject({ ok: true });

    const preview = await desk.next<{ attemptId: string }>('preview');
    await floor.api.http().post('/agent/preview/dial').set(auth()).expect(200);
    await pollUntil(presence, (p) => p.state === 'on_call', { timeoutMs: 20_000 });

    // Paused mid-call: the pacing leader places nothing more (it follows the live call to its end, then lets go).
    await floor.api.http().post(`/campaigns/${campaignId}/pause`).set(manager()).expect(200);
    expect(await presence()).toMatchObject({ state: 'on_call', attemptId: preview.attemptId });
    await floor.api.http().post('/agent/hangup').set(auth()).expect(200);

    // The ending is applied where the webhook lands, not 30 s+ later by the reconciler.
    const after = await pollUntil(presence, (p) => p.state !== 'on_call', { timeoutMs: 8_000 });
    expect(after).toMatchObject({ state: 'wrap_up', attemptId: preview.attemptId });
    await desk.next('call_ended', (e: { attemptId: string }) => e.attemptId === preview.attemptId);

    const [{ code }] = await query(floor.api.app, `select code from disposition_codes where campaign_id = ? and not is_callback order by position limit 1`, [
      campaignId,
    ]);
    await floor.api.http().post(`/agent/calls/${preview.attemptId}/disposition`).set(auth()).send({ code }).expect(200);
    const [lead] = await pollUntil(
      () => query(floor.api.app, `select status from leads where id = ?`, [leadId]),
      ([row]) => row.status !== 'dialing',
    );
    expect(lead.status).not.toBe('dialing');

    // A paused campaign places no call, not even by hand: a clear refusal, and nothing left behind.
    await pollUntil(presence, (p) => p.state === 'ready' || p.state === 'paused');
    if ((await presence()).state !== 'ready') await floor.api.http().post('/agent/ready').set(auth()).expect(200);
    const refused = await floor.api.http().post('/agent/dial').set(auth()).send({ leadId: otherLeadId }).expect(409);
    expect(refused.body).toMatchObject({ code: 'CAMPAIGN_NOT_ACTIVE' });
    expect(await presence()).toMatchObject({ state: 'ready', attemptId: null });
    expect(await query(floor.api.app, `select id from call_attempts where lead_id = ?`, [otherLeadId])).toEqual([]);
  });
});
