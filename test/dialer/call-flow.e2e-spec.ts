import { query, seedLeads } from '@dialer/testing';
import { READY_SETTINGS, launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

type EmulatorEvent = { at: string; type: string; [key: string]: unknown };

/**
 * What the callee and the agent live through, timed on the emulator's own
 * call log (wall-clock stamps, in this process): the screen pop within 200 ms
 * of the connection, the abandon message within 2 s of the answer, the
 * machine action, the wrap-up timer, and "why is my campaign not dialing".
 */
describe('the call flow as callee and agent live it (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];
  let phones = 0;
  const auth = () => ({ Authorization: `Bearer ${floor.manager.token}` });

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 10 } } });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  /** A list of `count` leads in a zone whose calling hours are open now. */
  const listOf = async (name: string, count: number): Promise<{ listId: string; leadIds: string[] }> => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values (?, 'US') returning id`, [name]);
    const zone = zonesByWindow().open[0];
    const leadIds = await seedLeads(
      floor.api.app,
      listId as string,
      Array.from({ length: count }, () => ({ phone: `+1415555${String(7000 + phones++).padStart(4, '0')}`, zones: [zone] })),
    );
    return { listId: listId as string, leadIds };
  };
  const eventsOf = (sid: string): EmulatorEvent[] => (floor.emulator.call(sid)?.events ?? []) as EmulatorEvent[];
  const ms = (at: string) => new Date(at).getTime();

  it('pops the lead on the agent’s screen within 200 ms of the callee being connected', async () => {
    const { listId } = await listOf('screen pops', 4);
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive' }, [listId]);
    for (let i = 0; i < 2; i++) agents.push(await SimulatedAgent.start(floor, campaignId, { talkTimeSec: 20 }));
    const connected = await pollUntil(
      async () =>
        query(
          floor.api.app,
          `select id, provider_call_sid, compliance_evidence->'agentWaitMs' as agent_wait_ms from call_attempts where campaign_id = ? and connected_at is not null`,
          [campaignId],
        ),
      (rows) => rows.length === 4,
      { timeoutMs: 60_000 },
    );
    for (const attempt of connected) {
      // The evidence says how long the callee waited for an agent to come free: never beyond the 2-second grace.
      expect(attempt.agent_wait_ms).toEqual(expect.any(Number));
      expect(attempt.agent_wait_ms).toBeGreaterThanOrEqual(0);
      expect(attempt.agent_wait_ms).toBeLessThan(2_000);
      const pop = agents.flatMap((a) => a.pops).find((p) => p.attemptId === attempt.id);
      expect(pop).toBeDefined();
      const join = eventsOf(attempt.provider_call_sid as string).find((e) => e.type === 'conference' && e.action === 'join');
      expect(join).toBeDefined();
      // Sent before the TwiML that joins the callee: it may even arrive first, but never more than 200 ms after.
      const lagMs = pop!.receivedAtMs - ms(join!.at);
      expect({ attemptId: attempt.id, lagMs, late: lagMs > 200 }).toMatchObject({ late: false });
      expect(lagMs).toBeGreaterThan(-2_000);
    }
  });

  it('plays the abandon message — who called, a number to call back, the opt-out — within 2 s of the answer when no agent is free', async () => {
    const { listId } = await listOf('abandons', 3);
    // Three lines for one agent who stays on the first call: the other two callees find nobody.
    const campaignId = await launchCampaign(floor, { dialingMode: 'power', settings: { pacing: { powerRatio: 3, maxLinesPerAgent: 3 } } }, [listId]);
    agents.push(await SimulatedAgent.start(floor, campaignId, { talkTimeSec: 400 }));
    const abandoned = await pollUntil(
      async () =>
        query(floor.api.app, `select id, provider_call_sid from call_attempts where campaign_id = ? and abandoned and state = 'completed'`, [campaignId]),
      (rows) => rows.length >= 1,
      { timeoutMs: 60_000 },
    );
    const { callerName, callbackNumber } = READY_SETTINGS.abandon.message;
    for (const attempt of abandoned) {
      const events = eventsOf(attempt.provider_call_sid as string);
      const answered = events.find((e) => e.type === 'status' && e.status === 'in-progress');
      const message = events.find((e) => e.type === 'twiml' && e.verb === 'Say' && String(e.text).includes(callerName));
      expect(answered).toBeDefined();
      expect(message).toBeDefined();
      expect(String(message!.text)).toContain(callbackNumber.replace(/^\+/, '').split('').join(' '));
      expect(String(message!.text)).toMatch(/say stop/);
      const afterMs = ms(message!.at) - ms(answered!.at);
      expect({ attemptId: attempt.id, afterMs, late: afterMs > 2_000 }).toMatchObject({ late: false });
    }
    const [row] = await query(floor.api.app, `select outcome from call_attempts where id = ?`, [abandoned[0].id]);
    expect(row.outcome).toBe('abandoned');
  });

  it('gives a machine the campaign’s machine action, never an agent nor the abandon message', async () => {
    // Machines pick up well inside the ring timeout (the default 18–30 s would ring out first).
    floor.emulator.patchScenario({ answeredMix: { human: 0, machine: 1, fax: 0 }, amd: { accuracy: 1 }, timing: { machineAnswerSec: { min: 4, max: 8 } } });
    try {
      const voicemail = 'This is Example Energy about your renewal. Please call us back on 1 800 555 0199.';
      const lists = { voicemail: await listOf('voicemail', 2), hangup: await listOf('hangup', 2) };
      const campaigns = {
        voicemail: await launchCampaign(
          floor,
          { dialingMode: 'progressive', settings: { amd: { mode: 'sync', onMachine: 'voicemail', voicemailMessage: voicemail } } },
          [lists.voicemail.listId],
        ),
        hangup: await launchCampaign(floor, { dialingMode: 'progressive', settings: { amd: { mode: 'sync', onMachine: 'hangup' } } }, [lists.hangup.listId]),
      };
      const machineAgents = [await SimulatedAgent.start(floor, campaigns.voicemail), await SimulatedAgent.start(floor, campaigns.hangup)];
      agents.push(...machineAgents);

      for (const [action, campaignId] of Object.entries(campaigns)) {
        const ended = await pollUntil(
          async () =>
            query(floor.api.app, `select id, provider_call_sid, outcome, abandoned, connected_at from call_attempts where campaign_id = ? and settled_at is not null`, [
              campaignId,
            ]),
          (rows) => rows.length === 2,
          { timeoutMs: 60_000 },
        );
        for (const attempt of ended) {
          expect(attempt).toMatchObject({ outcome: 'machine', abandoned: false, connected_at: null });
          const twiml = eventsOf(attempt.provider_call_sid as string).filter((e) => e.type === 'twiml');
          const said = twiml.filter((e) => e.verb === 'Say').map((e) => String(e.text));
          if (action === 'voicemail') expect(said).toEqual([voicemail]);
          else expect(said).toEqual([]);
          expect(twiml.map((e) => e.verb)).toContain('Hangup');
          expect(twiml.some((e) => e.verb === 'Conference' || e.verb === 'Dial')).toBe(false);
        }
      }
      // Nobody was put through: no screen pop, and the agents are still waiting for a live callee.
      expect(machineAgents.flatMap((a) => a.pops)).toEqual([]);
    } finally {
      floor.emulator.patchScenario({ answeredMix: { human: 1, machine: 0, fax: 0 } });
    }
  });

  it('ends the wrap-up of an agent who records nothing when the campaign’s timer runs out (the worker’s timer job), pausing them for the outcome they owe rather than offering the next call', async () => {
    const { listId } = await listOf('wrap-up timer', 1);
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive', settings: { wrapUp: { seconds: 2, autoReady: true } } }, [listId]);
    // An agent whose outcome never lands (an unknown code): only the timer can end the wrap-up.
    const agent = await SimulatedAgent.start(floor, campaignId, { talkTimeSec: 10, disposition: () => ({ code: 'NO_SUCH_CODE' }) });
    agents.push(agent);
    const wrap = await pollUntil(
      async () =>
        query(floor.api.app, `select started_at, ended_at from agent_state_log where agent_id = ? and campaign_id = ? and state = 'wrap_up'`, [agent.id, campaignId]),
      (rows) => rows.length === 1 && rows[0].ended_at !== null,
      { timeoutMs: 30_000 },
    );
    const heldMs = ms(String(wrap[0].ended_at)) - ms(String(wrap[0].started_at));
    expect(heldMs).toBeGreaterThanOrEqual(1_900);
    expect(heldMs).toBeLessThan(6_000);
    expect(agent.dispositions.map((d) => d.status)).toEqual([404]);
    const [after] = await query(
      floor.api.app,
      `select state, reason from agent_state_log where agent_id = ? and campaign_id = ? and started_at >= ? order by started_at limit 1`,
      [agent.id, campaignId, wrap[0].ended_at],
    );
    // The outcome is required before the next call: the timer ends the wrap-up, the agent is paused until they record it.
    expect(after).toMatchObject({ state: 'paused', reason: 'after_call_work' });

    // Ready is refused until the outcome is recorded; recording it ends the after-call work.
    const [pop] = agent.pops;
    const refused = await agent.desk.emit<{ ok: boolean; error?: { code: string; details?: { attemptId?: string } } }>('ready');
    expect(refused).toMatchObject({ ok: false, error: { code: 'DISPOSITION_REQUIRED', details: { attemptId: pop.attemptId } } });
    const code = pop.dispositions.find((d) => !['DNC', 'CALLBACK'].includes(d.code))!.code;
    await floor.api.http().post(`/agent/calls/${pop.attemptId}/disposition`).set({ authorization: `Bearer ${agent.user.token}` }).send({ code }).expect(200);
    const [readied] = await pollUntil(
      async () => query(floor.api.app, `select state from agent_state_log where agent_id = ? and campaign_id = ? order by started_at desc, id desc limit 1`, [agent.id, campaignId]),
      (rows) => rows.length === 1 && rows[0].state !== 'paused',
      { timeoutMs: 10_000 },
    );
    expect(readied).toMatchObject({ state: expect.stringMatching(/^(ready|reserved|on_call)$/) });
  });

  it('explains over GET /campaigns/:id/why why a campaign is not dialing', async () => {
    const { listId, leadIds } = await listOf('why', 1);
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive' }, [listId]);
    const why = async () => (await floor.api.http().get(`/campaigns/${campaignId}/why`).set(auth()).expect(200)).body as {
      dialing: boolean;
      reasons: { code: string; message: string }[];
    };
    // Active, a lead due, nobody logged in (once a worker leads the campaign's pacing loop).
    const noAgents = await pollUntil(why, (body) => !body.reasons.some((r) => r.code === 'NO_PACING_LEADER'), { timeoutMs: 10_000 });
    expect(noAgents).toEqual({ campaignId, dialing: false, reasons: [{ code: 'NO_AGENTS', message: 'No agent is logged in to the campaign' }] });

    // Every lead closed: the list is used up.
    await query(floor.api.app, `update leads set status = 'done' where id = any(?::uuid[])`, [`{${leadIds.join(',')}}`]);
    expect((await why()).reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['NO_AGENTS', 'LIST_EXHAUSTED']));

    await floor.api.http().post(`/campaigns/${campaignId}/pause`).set(auth()).expect(200);
    expect((await why()).reasons[0]).toMatchObject({ code: 'NOT_ACTIVE', message: 'The campaign is paused' });
    await floor.api.http().get(`/campaigns/${campaignId}/why`).expect(401);
  });
});
