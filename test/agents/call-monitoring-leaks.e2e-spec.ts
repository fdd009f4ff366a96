import type Redis from 'ioredis';
import { REDIS } from '@dialer/core';
import { TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { SignedIn, signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

interface RoomParticipant {
  callSid: string;
  label: string | null;
  status: string;
  muted: boolean;
  callSidToCoach: string | null;
  heardBy: string[];
}
interface Room {
  friendlyName: string;
  status: string;
  participants: RoomParticipant[];
}
interface AuditRow {
  action: string;
  actor_id: string | null;
  data: { supervisorId: string; attemptId: string; mode: string; reason?: string; from?: string; requested?: string };
}

/**
 * What a supervisor's monitoring must never do, whatever goes wrong around
 * it: stay in the agent's room for the next callee, be heard when it should
 * not, or go unaudited.
 */
describe('call monitoring: no leak (e2e, emulator)', () => {
  let floor: Floor;
  let agent: SignedIn;
  let desk: AgentSocket;
  let campaignId: string;
  const desks: AgentSocket[] = [];
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });
  const monitoring = (who = agent) => `/agents/${who.userId}/monitoring`;
  const presence = async (who = agent) => (await floor.api.http().get('/agent/state').set(auth(who)).expect(200)).body as { state: string; attemptId: string | null };
  const room = async (who = agent): Promise<Room> => {
    const rooms = (await (await fetch(`${floor.emulator.url}/_emulator/conferences`)).json()) as Room[];
    return rooms.find((r) => r.friendlyName === `agent-${who.userId}` && r.status !== 'completed')!;
  };
  const live = (r: Room, label: string) => r.participants.filter((p) => p.label === label && p.status === 'connected');
  const audits = async (): Promise<AuditRow[]> =>
    (await query(floor.api.app, `select action, actor_id, data from audit_log where entity_id = ? and action like 'agent.monitoring_%' order by id`, [agent.userId])) as unknown as AuditRow[];
  const calleeSid = async (attemptId: string) =>
    ((await query(floor.api.app, `select provider_call_sid from call_attempts where id = ?`, [attemptId])) as { provider_call_sid: string }[])[0]!.provider_call_sid;
  const twilio = (path: string, body: string) => {
    const { accountSid, authToken } = floor.config.twilio;
    return fetch(`${floor.emulator.url}/2010-04-01/Accounts/${accountSid}${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  };
  const calleeHangsUp = async (attemptId: string, who = agent) => {
    await twilio(`/Calls/${await calleeSid(attemptId)}.json`, 'Status=completed');
    await pollUntil(() => presence(who), (p) => p.state === 'wrap_up', { timeoutMs: 20_000 });
  };
  const dispose = async (attemptId: string, who = agent) => {
    await floor.api.http().post(`/agent/calls/${attemptId}/disposition`).set(auth(who)).send({ code: 'NOT_INTERESTED' }).expect(200);
    await pollUntil(() => presence(who), (p) => p.state !== 'wrap_up', { timeoutMs: 10_000 });
    if ((await presence(who)).state === 'paused') await floor.api.http().post('/agent/ready').set(auth(who)).expect(200);
  };
  /** The agent dials their preview lead and talks to the callee. */
  const onCall = async (who = agent): Promise<string> => {
    const preview = await pollUntil(() => presence(who), (p) => p.state === 'reserved', { timeoutMs: 20_000 });
    await floor.api.http().post('/agent/preview/dial').set(auth(who)).expect(200);
    await pollUntil(() => presence(who), (p) => p.state === 'on_call', { timeoutMs: 20_000 });
    await pollUntil(() => room(who), (r) => live(r, 'callee').length > 0, { timeoutMs: 10_000 });
    return preview.attemptId!;
  };

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, callee: { hangUpAfterSilenceSec: 600 } } });
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('monitoring leaks', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    await seedLeads(
      floor.api.app,
      listId as string,
      Array.from({ length: 12 }, (_, i) => ({ phone: `+1415555${7600 + i}`, zones: [zone] })),
    );
    campaignId = await launchCampaign(floor, { dialingMode: 'preview', settings: { wrapUp: { seconds: 300, autoReady: true } } }, [listId as string]);
    agent = await signInAs(floor.api, 'agent');
    desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
    await floor.api.http().post('/agent/audio').set(auth(agent)).expect(200);
    expect(await desk.emit('ready')).toMatchObject({ ok: true });
  }, 120_000);

  afterAll(async () => {
    desk?.close();
    for (const other of desks) other.close();
    await floor?.close();
  });

  it('lets no monitor leg left behind (its session lost) hear the agent’s next callee', async () => {
    const first = await onCall();
    await floor.api.http().post(monitoring()).set(auth(floor.manager)).send({ mode: 'listen' }).expect(200);
    const leg = live(await room(), 'monitor')[0]!;
    expect(leg).toBeDefined();
    // The session is lost (a crash between dropping it and hanging the leg up): only the leg is left.
    await floor.api.app.get<Redis>(REDIS).del(`${floor.config.redis.queuePrefix}:monitor:${agent.userId}`);
    await calleeHangsUp(first);
    await dispose(first);

    const second = await onCall();
    const next = await room();
    expect(live(next, 'monitor')).toEqual([]);
    expect(live(next, 'callee')[0]!.heardBy).not.toContain(leg.callSid);
    const calls = async () => (await (await fetch(`${floor.emulator.url}/_emulator/calls/${leg.callSid}`)).json()) as { status: string };
    expect(await calls()).toMatchObject({ status: 'completed' });
    // The lost session took its stop with it: only the start is on record.
    expect((await audits()).map((row) => row.action)).toEqual(['agent.monitoring_started']);
    await calleeHangsUp(second);
    await dispose(second);
  });

  it('applies, records and audits a listen when a whisper finds no agent’s leg to coach: the callee never hears it', async () => {
    const attemptId = await onCall();
    await floor.api.http().post(monitoring()).set(auth(floor.manager)).send({ mode: 'barge' }).expect(200);
    // The api looks for the agent's leg in the room and does not find it (it is leaving).
    const telephony = floor.api.app.get<TelephonyPort>(TELEPHONY_PORT);
    const lookUp = jest.spyOn(telephony, 'participantCallSid').mockResolvedValueOnce(null);
    const switched = await floor.api.http().patch(monitoring()).set(auth(floor.manager)).send({ mode: 'whisper' }).expect(200);
    lookUp.mockRestore();
    expect(switched.body).toMatchObject({ mode: 'listen' });
    const leg = live(await room(), 'monitor')[0]!;
    expect(leg).toMatchObject({ muted: true, callSidToCoach: null });
    expect(leg.heardBy).not.toContain(live(await room(), 'callee')[0]!.callSid); // the supervisor is heard by nobody
    expect((await audits()).at(-1)).toMatchObject({ action: 'agent.monitoring_mode_changed', data: { mode: 'listen', from: 'barge', requested: 'whisper' } });
    await floor.api.http().delete(monitoring()).set(auth(floor.manager)).expect(200);
    await calleeHangsUp(attemptId);
    await dispose(attemptId);
  });

  it('gives a reloaded wallboard its monitoring back, switches the mode on a second start, and lets a supervisor claim one call at a time', async () => {
    const first = await onCall();
    await floor.api.http().post(monitoring()).set(auth(floor.manager)).send({ mode: 'listen' }).expect(200);
    // The tab reloads: the bar asks what is in force, and a start again on the same call switches the mode.
    expect((await floor.api.http().get('/agents/monitoring/mine').set(auth(floor.manager)).expect(200)).body).toMatchObject({
      monitoring: { agentId: agent.userId, attemptId: first, mode: 'listen', connected: true },
    });
    expect((await floor.api.http().post(monitoring()).set(auth(floor.manager)).send({ mode: 'barge' }).expect(200)).body).toMatchObject({ mode: 'barge', connected: true });
    expect(live(await room(), 'monitor')).toHaveLength(1);
    const other = await signInAs(floor.api, 'admin');
    expect((await floor.api.http().get('/agents/monitoring/mine').set(auth(other)).expect(200)).body).toEqual({ monitoring: null });
    expect((await floor.api.http().post(monitoring()).set(auth(other)).send({ mode: 'listen' }).expect(409)).body).toMatchObject({ code: 'AGENT_ALREADY_MONITORED' });

    // A second agent on a call: the manager, monitoring the first, may not claim it too.
    const second = await signInAs(floor.api, 'agent');
    const secondDesk = await AgentSocket.connect(floor.api.url, second.token);
    desks.push(secondDesk);
    expect(await secondDesk.emit('join', { campaignId })).toMatchObject({ ok: true });
    await floor.api.http().post('/agent/audio').set(auth(second)).expect(200);
    expect(await secondDesk.emit('ready')).toMatchObject({ ok: true });
    const secondCall = await onCall(second);
    expect((await floor.api.http().post(monitoring(second)).set(auth(floor.manager)).send({ mode: 'listen' }).expect(409)).body).toMatchObject({
      code: 'SUPERVISOR_ALREADY_MONITORING',
    });
    expect(live(await room(second), 'monitor')).toEqual([]);
    await floor.api.http().delete(monitoring()).set(auth(floor.manager)).expect(200);
    await floor.api.http().post(monitoring(second)).set(auth(floor.manager)).send({ mode: 'listen' }).expect(200);
    expect((await floor.api.http().get('/agents/monitoring/mine').set(auth(floor.manager)).expect(200)).body).toMatchObject({ monitoring: { agentId: second.userId } });
    await floor.api.http().delete(monitoring(second)).set(auth(floor.manager)).expect(200);
    expect((await floor.api.http().get('/agents/monitoring/mine').set(auth(floor.manager)).expect(200)).body).toEqual({ monitoring: null });

    // Two tabs start on the two calls at the same moment: still one call at a time.
    const starts = await Promise.all([undefined, second].map((whom) => floor.api.http().post(monitoring(whom)).set(auth(floor.manager)).send({ mode: 'listen' })));
    // One wins; the other is refused as one call too many (or, on a loaded machine, the winner's audio may time out first
    // and free the claim: then the other is refused for audio). Never both.
    expect(starts.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(['SUPERVISOR_ALREADY_MONITORING', 'SUPERVISOR_AUDIO_UNAVAILABLE']).toContain(starts.find((answer) => answer.status === 409)!.body.code);
    const won = starts.findIndex((answer) => answer.status === 200) === 0 ? undefined : second;
    expect((await floor.api.http().get('/agents/monitoring/mine').set(auth(floor.manager)).expect(200)).body).toMatchObject({
      monitoring: { agentId: (won ?? agent).userId },
    });
    await floor.api.http().delete(monitoring(won)).set(auth(floor.manager)).expect(200);
    await calleeHangsUp(secondCall, second);
    await calleeHangsUp(first);
    await dispose(first);
  });

  it('audits the stop as soon as the supervisor’s leg drops (a closed tab), once, before another supervisor starts', async () => {
    const attemptId = await onCall();
    const before = (await audits()).length;
    await floor.api.http().post(monitoring()).set(auth(floor.manager)).send({ mode: 'listen' }).expect(200);
    await fetch(`${floor.emulator.url}/_emulator/agents/${floor.manager.userId}`, { method: 'DELETE' });
    // No request of the supervisor's, no end of the call: the room's leave callback writes it.
    const trail = await pollUntil(audits, (rows) => rows.length === before + 2, { timeoutMs: 5_000 });
    expect(trail.slice(before).map((row) => [row.action, row.actor_id, row.data.reason])).toEqual([
      ['agent.monitoring_started', floor.manager.userId, undefined],
      ['agent.monitoring_stopped', floor.manager.userId, 'leg_gone'],
    ]);
    expect((await floor.api.http().get('/agents/monitoring/mine').set(auth(floor.manager)).expect(200)).body).toEqual({ monitoring: null });
    const other = await signInAs(floor.api, 'admin');
    await floor.api.http().post(monitoring()).set(auth(other)).send({ mode: 'listen' }).expect(200);
    await calleeHangsUp(attemptId);
    const all = await pollUntil(audits, (rows) => rows.length === before + 4, { timeoutMs: 10_000 });
    expect(all.slice(before + 2).map((row) => [row.action, row.data.supervisorId, row.data.reason])).toEqual([
      ['agent.monitoring_started', other.userId, undefined],
      ['agent.monitoring_stopped', other.userId, 'call_ended'],
    ]);
    await dispose(attemptId);
  });

  it('keeps the session when the leg could not be hung up at the call’s end, and the next bridge hangs it up before the callee joins', async () => {
    const first = await onCall();
    const before = (await audits()).length;
    await floor.api.http().post(monitoring()).set(auth(floor.manager)).send({ mode: 'listen' }).expect(200);
    const leg = live(await room(), 'monitor')[0]!;
    // Hanging the leg up fails, wherever the call's end is handled (the api's webhook, the worker).
    const spies = [floor.api.app, ...floor.workers].map((app) => {
      const telephony = app.get<TelephonyPort>(TELEPHONY_PORT);
      const original = telephony.hangUp.bind(telephony);
      return jest.spyOn(telephony, 'hangUp').mockImplementation((sid) => (sid === leg.callSid ? Promise.reject(new Error('Twilio unreachable')) : original(sid)));
    });
    await calleeHangsUp(first);
    await pollUntil(async () => spies.some((spy) => spy.mock.calls.some(([sid]) => sid === leg.callSid)), (tried) => tried, { timeoutMs: 5_000 });
    // The failed hang-up left the leg, and its session with it: nothing was dropped unseen.
    expect(live(await room(), 'monitor').map((p) => p.callSid)).toEqual([leg.callSid]);
    for (const spy of spies) spy.mockRestore();
    await dispose(first);

    const second = await onCall();
    expect(live(await room(), 'monitor')).toEqual([]);
    const trail = await pollUntil(audits, (rows) => rows.length === before + 2, { timeoutMs: 5_000 });
    expect(trail.slice(before).map((row) => [row.action, row.data.attemptId, row.data.reason])).toEqual([
      ['agent.monitoring_started', first, undefined],
      ['agent.monitoring_stopped', first, 'call_ended'],
    ]);
    await calleeHangsUp(second);
    await dispose(second);
  });
});
