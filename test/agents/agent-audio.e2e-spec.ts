import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { SignedIn, signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

interface Presence {
  state: string;
  pauseReason: string | null;
  attemptId: string | null;
}

/**
 * An agent is ready only while their audio leg is in their conference room (a
 * callee put through must hear someone), and not before the last call's outcome is recorded.
 */
describe('what an agent needs to go ready (e2e, emulator)', () => {
  let floor: Floor;
  let agent: SignedIn;
  let desk: AgentSocket;
  let campaignId: string;
  const auth = () => ({ Authorization: `Bearer ${agent.token}` });
  const presence = async () => (await floor.api.http().get('/agent/state').set(auth()).expect(200)).body as Presence;

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 } } });
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('audio', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId as string, [
      { phone: '+14155557101', zones: [zone] },
      { phone: '+14155557102', zones: [zone] },
    ]);
    campaignId = await launchCampaign(floor, { dialingMode: 'preview', settings: { wrapUp: { seconds: 300, autoReady: true } } }, [listId as string]);
    agent = await signInAs(floor.api, 'agent');
    desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    desk?.close();
    await floor?.close();
  });

  it('refuses ready without audio, over the socket and REST, saying why, and leaves the agent paused', async () => {
    expect((await floor.api.http().get('/agent/audio').set(auth()).expect(200)).body).toEqual({ mode: 'emulated', connected: false });
    expect(await desk.emit('ready')).toMatchObject({ ok: false, error: { code: 'NO_AUDIO', message: expect.stringContaining('audio') } });
    const refused = await floor.api.http().post('/agent/ready').set(auth()).expect(409);
    expect(refused.body).toMatchObject({ code: 'NO_AUDIO' });
    expect(await presence()).toMatchObject({ state: 'paused' });
  });

  it('lets the agent go ready once their audio leg is in their room', async () => {
    await floor.api.http().post('/agent/audio').set(auth()).expect(200);
    expect((await floor.api.http().get('/agent/audio').set(auth()).expect(200)).body).toEqual({ mode: 'emulated', connected: true });
    expect(await desk.emit('ready')).toMatchObject({ ok: true, data: { state: 'ready' } });
  });

  it('pauses a ready agent (reason no_audio) the moment their audio leg leaves the room, and takes them back once it is there again', async () => {
    await floor.api.http().delete('/agent/audio').set(auth()).expect(200);
    expect(await pollUntil(presence, (p) => p.state === 'paused', { timeoutMs: 10_000 })).toMatchObject({ state: 'paused', pauseReason: 'no_audio' });

    await floor.api.http().post('/agent/audio').set(auth()).expect(200);
    expect(await desk.emit('ready')).toMatchObject({ ok: true, data: { state: 'ready' } });
    // Reconnecting hung up no leg in the room: the agent stays on the floor (ready, or offered the next lead).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = await presence();
    expect(['ready', 'reserved']).toContain(after.state);
    expect(after.pauseReason).toBeNull();
  });

  it('refuses ready from wrap-up until the call put through has its outcome', async () => {
    // The lead offered now (an earlier offer went back when the audio left).
    const preview = await pollUntil(presence, (p) => p.state === 'reserved', { timeoutMs: 20_000 });
    await floor.api.http().post('/agent/preview/dial').set(auth()).expect(200);
    await pollUntil(presence, (p) => p.state === 'on_call', { timeoutMs: 20_000 });
    await floor.api.http().post('/agent/hangup').set(auth()).expect(200);
    await pollUntil(presence, (p) => p.state === 'wrap_up', { timeoutMs: 20_000 });

    expect(await desk.emit('ready')).toMatchObject({ ok: false, error: { code: 'DISPOSITION_REQUIRED' } });
    expect((await floor.api.http().post('/agent/ready').set(auth()).expect(409)).body).toMatchObject({ code: 'DISPOSITION_REQUIRED', details: { attemptId: preview.attemptId } });
    expect(await presence()).toMatchObject({ state: 'wrap_up' });

    const [{ code }] = await query(floor.api.app, `select code from disposition_codes where campaign_id = ? and not is_callback order by position limit 1`, [campaignId]);
    await floor.api.http().post(`/agent/calls/${preview.attemptId}/disposition`).set(auth()).send({ code }).expect(200);
    // The outcome readied the agent: the next lead may be offered at once (reserved), so the test asks where the
    // agent is rather than sending `ready` (which, racing that offer, would answer with the reservation).
    const readied = await pollUntil(presence, (p) => p.state !== 'wrap_up', { timeoutMs: 10_000 });
    expect(['ready', 'reserved']).toContain(readied.state);
    expect(readied.pauseReason).toBeNull();
  });

  it('connects the audio once when the desk asks ten times at once: every repeat answers 200, none hangs up the leg being dialed', async () => {
    await floor.api.http().delete('/agent/audio').set(auth()).expect(200);
    await pollUntil(presence, (p) => p.state === 'paused', { timeoutMs: 10_000 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => floor.api.http().post('/agent/audio').set(auth())));
    expect(answers.map((answer) => [answer.status, answer.body])).toEqual(Array.from({ length: 10 }, () => [200, { mode: 'emulated', connected: true }]));
    const legs = (await (await fetch(`${floor.emulator.url}/_emulator/agents`)).json()) as { identity: string; state: string }[];
    expect(legs.filter((leg) => leg.identity === agent.userId).map((leg) => leg.state)).toEqual(['available']);
    expect(await desk.emit('ready')).toMatchObject({ ok: true });
  });

  it('answers ready with a clear 503 naming the provider, not a 500, while the telephony provider cannot be reached', async () => {
    await floor.api.http().post('/agent/pause').set(auth()).send({ reason: 'break' }).expect(200);
    // Ready again after the last test, the agent may have been offered the other lead: passed on, the pause begins.
    if ((await presence()).state === 'reserved') await floor.api.http().post('/agent/preview/skip').set(auth()).expect(200);
    await pollUntil(presence, (p) => p.state === 'paused', { timeoutMs: 10_000 });
    const close = floor.emulator.close;
    await close();
    floor.emulator.close = async () => undefined; // already down: the floor's close must not close it twice
    const refused = await floor.api.http().post('/agent/ready').set(auth()).expect(503);
    expect(refused.body).toMatchObject({ code: 'TELEPHONY_UNAVAILABLE', message: expect.stringContaining('Twilio unreachable') });
    expect(await desk.emit('ready')).toMatchObject({ ok: false, error: { code: 'TELEPHONY_UNAVAILABLE' } });
    expect(await presence()).toMatchObject({ state: 'paused' });
  });
});
