import { Reconciler } from '@dialer/dialer';
import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { inContext, SignedIn, signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

interface Presence {
  state: string;
  attemptId: string | null;
}

const PHONES = ['+14155557301', '+14155557302', '+14155557303'];

/**
 * QA2 F1: a call whose last status callback never reaches the api (the api was
 * down when the callee hung up; the emulator restarted and forgot the call)
 * left its agent on a dead line, 通話中, until the reconciler's bound, and
 * their hang-up did nothing (or showed Twilio's 404). The hang-up asks Twilio
 * about the call anyway: when Twilio says it is over, or does not know it, the
 * call ends there and then — wrap-up, the outcome form, the lead settled once,
 * as the reconciler settles it — and a callback coming late changes nothing.
 */
describe('the agent’s hang-up ends a call whose end callback was lost (e2e, emulator)', () => {
  let floor: Floor;
  let agent: SignedIn;
  let desk: AgentSocket;
  let campaignId: string;
  let code: string;
  const auth = () => ({ Authorization: `Bearer ${agent.token}` });
  const presence = async () => (await floor.api.http().get('/agent/state').set(auth()).expect(200)).body as Presence;
  const attempt = async (attemptId: string) =>
    (await query(floor.api.app, `select state, answered_at, connected_at, ended_at, settled_at from call_attempts where id = ?`, [attemptId]))[0]!;
  const emulatedCall = (to: string) => floor.emulator.emulator.calls.all().find((call) => call.to === to && !call.ended);

  /** The agent dials the preview offered and is talking to its callee (bridged into their room). */
  async function talking(): Promise<{ attemptId: string; phone: string; leadId: string }> {
    const preview = await desk.next<{ attemptId: string; lead: { id: string; phone: string } }>('preview', () => true, 20_000);
    await floor.api.http().post('/agent/preview/dial').set(auth()).expect(200);
    await pollUntil(presence, (p) => p.state === 'on_call', { timeoutMs: 20_000 });
    await pollUntil(() => attempt(preview.attemptId), (row) => row.connected_at !== null, { timeoutMs: 10_000 });
    const [{ phone, lead_id }] = await query(floor.api.app, `select phone, lead_id from call_attempts where id = ?`, [preview.attemptId]);
    expect(emulatedCall(phone as string)).toBeDefined();
    return { attemptId: preview.attemptId, phone: phone as string, leadId: lead_id as string };
  }

  /** The callee hangs up (the emulator ends the call as a person would). */
  function calleeHangsUp(phone: string): void {
    const call = emulatedCall(phone)!;
    floor.emulator.emulator.engine.endCall(call, 'callee');
  }

  /** The agent records the outcome: the lead is settled and they are ready for the next preview. */
  async function recordOutcome(attemptId: string): Promise<void> {
    await floor.api.http().post(`/agent/calls/${attemptId}/disposition`).set(auth()).send({ code }).expect(200);
    await pollUntil(() => attempt(attemptId), (row) => row.settled_at !== null, { timeoutMs: 10_000 });
  }

  async function callEndedCount(attemptId: string): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 500)); // room for a second call_ended, if one were sent
    return desk.received.filter((m) => m.event === 'call_ended' && (m.payload as { attemptId: string }).attemptId === attemptId).length;
  }

  beforeAll(async () => {
    // Callees stay on the line until someone hangs up (the test ends them); every one answers, a person.
    floor = await startFloor({
      scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, callee: { hangUpAfterSilenceSec: 3_000 } },
    });
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('lost callbacks', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId as string, PHONES.map((phone) => ({ phone, zones: [zone] })));
    campaignId = await launchCampaign(floor, { dialingMode: 'preview', settings: { wrapUp: { seconds: 300, autoReady: true } } }, [listId as string]);
    [{ code }] = (await query(floor.api.app, `select code from disposition_codes where campaign_id = ? and not is_callback order by position limit 1`, [
      campaignId,
    ])) as { code: string }[];
    agent = await signInAs(floor.api, 'agent');
    desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
    await floor.api.http().post('/agent/audio').set(auth()).expect(200);
    expect(await desk.emit('ready')).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    desk?.close();
    await floor?.close();
  });

  afterEach(() => {
    floor.emulator.patchScenario({ webhooks: { dropProbability: 0, delayMs: 0 } });
  });

  it('ends the call at once, to wrap-up, when Twilio says it is over and its end callback was lost', async () => {
    const { attemptId, phone, leadId } = await talking();
    // The api misses everything from here on (it was down when the callee hung up).
    floor.emulator.patchScenario({ webhooks: { dropProbability: 1 } });
    calleeHangsUp(phone);
    await floor.emulator.drainWebhooks();
    expect(floor.emulator.emulator.calls.all().find((call) => call.to === phone)?.status).toBe('completed');
    // What QA saw: a live call on the desk, on a dead line.
    expect(await presence()).toMatchObject({ state: 'on_call', attemptId });
    expect((await attempt(attemptId)).state).toBe('in_progress');

    const hungUp = await floor.api.http().post('/agent/hangup').set(auth()).expect(200);
    expect(hungUp.body).toEqual({ attemptId });
    // At once, not after the reconciler's bound: the call is over for the agent, who records its outcome.
    expect(await presence()).toMatchObject({ state: 'wrap_up', attemptId });
    const ended = await attempt(attemptId);
    expect(ended).toMatchObject({ state: 'completed', ended_at: expect.anything(), answered_at: expect.anything(), connected_at: expect.anything() });
    await desk.next('call_ended', (e: { attemptId: string }) => e.attemptId === attemptId);
    expect(await callEndedCount(attemptId)).toBe(0);

    // A second press (a double click) changes nothing.
    await floor.api.http().post('/agent/hangup').set(auth()).expect(200);
    expect(await presence()).toMatchObject({ state: 'wrap_up', attemptId });
    expect(await callEndedCount(attemptId)).toBe(0);

    await recordOutcome(attemptId);
    const [lead] = await query(floor.api.app, `select status, attempt_count from leads where id = ?`, [leadId]);
    expect(lead).toMatchObject({ attempt_count: 1 });
    expect(lead!.status).not.toBe('dialing');
  });

  it('settles once when the end callback comes after the hang-up settled the call (a late callback is a no-op)', async () => {
    const { attemptId, phone, leadId } = await talking();
    // The callee's end reaches the api only seconds later (a slow network; the api restarting).
    floor.emulator.patchScenario({ webhooks: { delayMs: 3_000 } });
    calleeHangsUp(phone);
    desk.forget('call_ended');

    await floor.api.http().post('/agent/hangup').set(auth()).expect(200);
    expect(await presence()).toMatchObject({ state: 'wrap_up', attemptId });
    const settledByHangUp = await attempt(attemptId);
    expect(settledByHangUp.state).toBe('completed');

    await floor.emulator.drainWebhooks(); // the late callback lands now
    const statusEvents = await query(
      floor.api.app,
      `select dedupe_key, status from call_events where call_sid = (select provider_call_sid from call_attempts where id = ?) and kind = 'status' and status = 'completed'`,
      [attemptId],
    );
    // Both stored: Twilio's answer to the hang-up, and the callback that came after it (applied on top of nothing).
    expect(statusEvents.map((e) => e.dedupe_key).sort()).toEqual([expect.stringMatching(/^\d+$/), 'reconciled:completed']);
    expect(await attempt(attemptId)).toMatchObject({ state: 'completed', ended_at: settledByHangUp.ended_at });
    expect(await presence()).toMatchObject({ state: 'wrap_up', attemptId });
    expect(desk.received.filter((m) => m.event === 'call_ended' && (m.payload as { attemptId: string }).attemptId === attemptId)).toHaveLength(1);

    await recordOutcome(attemptId);
    const settledAt = (await attempt(attemptId)).settled_at;
    await inContext(floor.workers[0], () => floor.workers[0].get(Reconciler).run({ sweepLive: true }));
    expect((await attempt(attemptId)).settled_at).toEqual(settledAt);
    expect((await query(floor.api.app, `select attempt_count from leads where id = ?`, [leadId]))[0]).toMatchObject({ attempt_count: 1 });
  });

  it('ends the call at once as completed (it was answered and talked) when Twilio no longer knows it (404: the emulator restarted)', async () => {
    const { attemptId, leadId } = await talking();
    floor.emulator.reset(); // Twilio forgets every call, sending nothing
    desk.forget('call_ended');

    const hungUp = await floor.api.http().post('/agent/hangup').set(auth()).expect(200);
    expect(hungUp.body).toEqual({ attemptId });
    expect(await presence()).toMatchObject({ state: 'wrap_up', attemptId });
    // Not `failed`: the record says it was answered and put through (QA F6).
    expect(await attempt(attemptId)).toMatchObject({ state: 'completed', answered_at: expect.anything(), connected_at: expect.anything(), ended_at: expect.anything() });
    await desk.next('call_ended', (e: { attemptId: string }) => e.attemptId === attemptId);

    // The reconciler coming by afterwards has nothing left to do with it.
    const sweep = await inContext(floor.workers[0], () => floor.workers[0].get(Reconciler).run({ sweepLive: true }));
    expect(sweep.settledFromTwilio).toBe(0);
    expect(await callEndedCount(attemptId)).toBe(0);
    await recordOutcome(attemptId);
    expect((await query(floor.api.app, `select attempt_count from leads where id = ?`, [leadId]))[0]).toMatchObject({ attempt_count: 1 });
  });
});
