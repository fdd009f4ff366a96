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
  coaching: boolean;
  callSidToCoach: string | null;
  heardBy: string[];
}
interface Room {
  sid: string;
  friendlyName: string;
  status: string;
  participants: RoomParticipant[];
}
interface AuditRow {
  action: string;
  actor_id: string | null;
  data: { supervisorId: string; agentId: string; attemptId: string; callSid: string | null; mode: string; from?: string; reason?: string };
}

/**
 * A supervisor on the wallboard listens to an agent's call, whispers to the
 * agent, barges in and stops — through the real api and the emulator, whose
 * conference says who hears whom — and every step is in the audit trail.
 */
describe('call monitoring: listen, whisper, barge (e2e, emulator)', () => {
  let floor: Floor;
  let agent: SignedIn;
  let desk: AgentSocket;
  let campaignId: string;
  const auth = (user: SignedIn) => ({ Authorization: `Bearer ${user.token}` });
  const presence = async () => (await floor.api.http().get('/agent/state').set(auth(agent)).expect(200)).body as { state: string; attemptId: string | null };
  const room = async (): Promise<Room> => {
    const rooms = (await (await fetch(`${floor.emulator.url}/_emulator/conferences`)).json()) as Room[];
    return rooms.find((r) => r.friendlyName === `agent-${agent.userId}` && r.status !== 'completed')!;
  };
  const participantJson = async (conferenceSid: string, callSid: string) => {
    const { accountSid, authToken } = floor.config.twilio;
    const response = await fetch(`${floor.emulator.url}/2010-04-01/Accounts/${accountSid}/Conferences/${conferenceSid}/Participants/${callSid}.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const live = (r: Room, label: string) => r.participants.find((p) => p.label === label && p.status === 'connected');
  const audits = async (): Promise<AuditRow[]> =>
    (await query(floor.api.app, `select action, actor_id, data from audit_log where entity_id = ? and action like 'agent.monitoring_%' order by id`, [agent.userId])) as unknown as AuditRow[];

  /** The agent dials their preview lead and talks to the callee. */
  const onCall = async (): Promise<string> => {
    const preview = await pollUntil(presence, (p) => p.state === 'reserved', { timeoutMs: 20_000 });
    await floor.api.http().post('/agent/preview/dial').set(auth(agent)).expect(200);
    await pollUntil(presence, (p) => p.state === 'on_call', { timeoutMs: 20_000 });
    await pollUntil(room, (r) => live(r, 'callee') !== undefined, { timeoutMs: 10_000 });
    return preview.attemptId!;
  };

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, callee: { hangUpAfterSilenceSec: 600 } } });
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('monitoring', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId as string, [
      { phone: '+14155557201', zones: [zone] },
      { phone: '+14155557202', zones: [zone] },
    ]);
    campaignId = await launchCampaign(floor, { dialingMode: 'preview', settings: { wrapUp: { seconds: 300, autoReady: true } } }, [listId as string]);
    agent = await signInAs(floor.api, 'agent');
    desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
    await floor.api.http().post('/agent/audio').set(auth(agent)).expect(200);
  });

  afterAll(async () => {
    desk?.close();
    await floor?.close();
  });

  it('refuses to monitor an agent who is not on a call, saying so, and audits nothing', async () => {
    expect(await presence()).toMatchObject({ state: 'paused' });
    const refused = await floor.api.http().post(`/agents/${agent.userId}/monitoring`).set(auth(floor.manager)).send({ mode: 'listen' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'AGENT_NOT_ON_CALL' });
    await floor.api.http().post(`/agents/${agent.userId}/monitoring`).set(auth(floor.manager)).send({ mode: 'eavesdrop' }).expect(400);
    await floor.api.http().post(`/agents/${agent.userId}/monitoring`).set(auth(agent)).send({ mode: 'listen' }).expect(403);
    expect(await audits()).toEqual([]);
  });

  it('listens unheard, whispers to the agent alone, barges in heard by both, and stops — each step audited', async () => {
    expect(await desk.emit('ready')).toMatchObject({ ok: true });
    const attemptId = await onCall();
    const [{ provider_call_sid: calleeSid }] = await query(floor.api.app, `select provider_call_sid from call_attempts where id = ?`, [attemptId]);
    const supervisor = floor.manager;
    const monitoring = `/agents/${agent.userId}/monitoring`;

    const started = await floor.api.http().post(monitoring).set(auth(supervisor)).send({ mode: 'listen' }).expect(200);
    expect(started.body).toMatchObject({ agentId: agent.userId, supervisorId: supervisor.userId, attemptId, mode: 'listen', audio: 'emulated', connected: true, token: null });
    let r = await room();
    const agentLeg = live(r, 'agent')!;
    const callee = live(r, 'callee')!;
    const monitor = live(r, 'monitor')!;
    expect(callee.callSid).toBe(calleeSid);
    // Listen: hears agent and callee, heard by nobody.
    expect(monitor).toMatchObject({ muted: true, coaching: false, callSidToCoach: null, heardBy: [] });
    expect(await participantJson(r.sid, monitor.callSid)).toMatchObject({ muted: true, coaching: false, call_sid_to_coach: null });
    expect(agentLeg.heardBy).toContain(monitor.callSid);
    expect(callee.heardBy).toContain(monitor.callSid);

    // A second supervisor is refused while the first listens.
    const other = await signInAs(floor.api, 'admin');
    const taken = await floor.api.http().post(monitoring).set(auth(other)).send({ mode: 'barge' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'AGENT_ALREADY_MONITORED', details: { supervisorId: supervisor.userId } });
    await floor.api.http().patch(monitoring).set(auth(other)).send({ mode: 'barge' }).expect(409);

    // Whisper: the agent alone hears the supervisor (Twilio coaching on the agent's leg).
    expect((await floor.api.http().patch(monitoring).set(auth(supervisor)).send({ mode: 'whisper' }).expect(200)).body).toMatchObject({ mode: 'whisper' });
    r = await room();
    expect(live(r, 'monitor')).toMatchObject({ callSid: monitor.callSid, muted: false, coaching: true, callSidToCoach: agentLeg.callSid, heardBy: [agentLeg.callSid] });
    // As Twilio's REST API presents the participant.
    expect(await participantJson(r.sid, monitor.callSid)).toMatchObject({ muted: false, coaching: true, call_sid_to_coach: agentLeg.callSid, label: 'monitor' });

    // Barge: heard by both.
    await floor.api.http().patch(monitoring).set(auth(supervisor)).send({ mode: 'barge' }).expect(200);
    r = await room();
    expect(live(r, 'monitor')).toMatchObject({ muted: false, coaching: false, callSidToCoach: null });
    expect([...live(r, 'monitor')!.heardBy].sort()).toEqual([agentLeg.callSid, callee.callSid].sort());

    // Stop: the supervisor's leg leaves; agent and callee talk on.
    expect((await floor.api.http().delete(monitoring).set(auth(supervisor)).expect(200)).body).toMatchObject({ connected: false });
    r = await pollUntil(room, (x) => live(x, 'monitor') === undefined, { timeoutMs: 5_000 });
    expect(live(r, 'callee')).toBeDefined();
    expect(await presence()).toMatchObject({ state: 'on_call' });
    await floor.api.http().delete(monitoring).set(auth(supervisor)).expect(409);

    const trail = await audits();
    expect(trail.map((row) => [row.action, row.data.mode, row.actor_id])).toEqual([
      ['agent.monitoring_started', 'listen', supervisor.userId],
      ['agent.monitoring_mode_changed', 'whisper', supervisor.userId],
      ['agent.monitoring_mode_changed', 'barge', supervisor.userId],
      ['agent.monitoring_stopped', 'barge', supervisor.userId],
    ]);
    for (const row of trail) expect(row.data).toMatchObject({ supervisorId: supervisor.userId, agentId: agent.userId, attemptId, callSid: calleeSid });
    expect(trail[1]!.data.from).toBe('listen');
  });

  it('frees the call when the supervisor’s leg drops (a closed browser), and ends the monitor leg with the call', async () => {
    const monitoring = `/agents/${agent.userId}/monitoring`;
    await floor.api.http().post(monitoring).set(auth(floor.manager)).send({ mode: 'listen' }).expect(200);
    // The manager's browser goes away: their leg leaves the room.
    await fetch(`${floor.emulator.url}/_emulator/agents/${floor.manager.userId}`, { method: 'DELETE' });
    await pollUntil(room, (r) => live(r, 'monitor') === undefined, { timeoutMs: 5_000 });
    expect((await floor.api.http().patch(monitoring).set(auth(floor.manager)).send({ mode: 'whisper' }).expect(409)).body).toMatchObject({ code: 'NOT_MONITORING' });

    // Another supervisor may listen now.
    const other = await signInAs(floor.api, 'admin');
    await floor.api.http().post(monitoring).set(auth(other)).send({ mode: 'listen' }).expect(200);
    const monitor = live(await room(), 'monitor')!;
    await floor.api.http().post('/agent/hangup').set(auth(agent)).expect(200);
    await pollUntil(presence, (p) => p.state === 'wrap_up', { timeoutMs: 20_000 });
    const calls = async () => (await (await fetch(`${floor.emulator.url}/_emulator/calls/${monitor.callSid}`)).json()) as { status: string };
    expect(await pollUntil(calls, (c) => c.status === 'completed', { timeoutMs: 10_000 })).toMatchObject({ status: 'completed' });
    const trail = (await pollUntil(audits, (rows) => rows.length === 8)).slice(4);
    expect(trail.map((row) => [row.action, row.actor_id, row.data.supervisorId, row.data.reason])).toEqual([
      ['agent.monitoring_started', floor.manager.userId, floor.manager.userId, undefined],
      ['agent.monitoring_stopped', floor.manager.userId, floor.manager.userId, 'leg_gone'],
      ['agent.monitoring_started', other.userId, other.userId, undefined],
      ['agent.monitoring_stopped', null, other.userId, 'call_ended'],
    ]);
    // The agent's own leg stays for the next call.
    expect(live(await room(), 'agent')).toBeDefined();
  });
});
