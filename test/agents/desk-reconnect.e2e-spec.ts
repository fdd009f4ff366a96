import { setTimeout as sleep } from 'node:timers/promises';
import { AgentsService } from '@dialer/agents';
import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { AgentsGateway } from '../../apps/api/src/agents/agents.gateway';
import { SignedIn, signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

interface Presence {
  state: string;
  pauseReason: string | null;
  attemptId: string | null;
  leadId: string | null;
}
interface Back {
  resumed: boolean;
  refusal: { code: string; message: string } | null;
}

/**
 * QA2 F2: a reload or a network blink while ready (or reading a preview) must
 * not leave the agent silently paused. The desk's going away pauses them
 * (`disconnected`: the pacer must not count on an empty desk), and the desk
 * back within the grace with that pause still in force puts them back to
 * ready, or says why it cannot; a preview withdrawn by the blink is no skip.
 */
describe('a desk that blinks (e2e on the emulator)', () => {
  let floor: Floor;
  let idleCampaign: string;
  let previewCampaign: string;
  let previewLead: string;

  const auth = (agent: SignedIn) => ({ Authorization: `Bearer ${agent.token}` });
  const presence = async (agent: SignedIn) => (await floor.api.http().get('/agent/state').set(auth(agent)).expect(200)).body as Presence;

  /** An agent at a desk in the campaign, with their audio connected, ready. */
  const readyAgent = async (campaignId: string) => {
    const agent = await signInAs(floor.api, 'agent');
    const desk = await AgentSocket.connect(floor.api.url, agent.token);
    expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
    await floor.api.http().post('/agent/audio').set(auth(agent)).expect(200);
    expect(await desk.emit('ready')).toMatchObject({ ok: true });
    return { agent, desk };
  };

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 } } });
    const zone = zonesByWindow().open[0];
    // A campaign whose only lead is outside its calling hours: a ready agent stays ready, offered nothing.
    const [{ id: idleList }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('blink idle', 'US') returning id`);
    await seedLeads(floor.api.app, idleList as string, [{ phone: '+12065581001', zones: [zonesByWindow().closed[0] ?? zone] }]);
    idleCampaign = await launchCampaign(floor, { name: 'blink power', dialingMode: 'power', settings: { pacing: { powerRatio: 1 } } }, [idleList as string]);
    const [{ id: previewList }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('blink preview', 'US') returning id`);
    [previewLead] = await seedLeads(floor.api.app, previewList as string, [{ phone: '+12065582001', zones: [zone] }]);
    previewCampaign = await launchCampaign(floor, { name: 'blink preview', dialingMode: 'preview', settings: { preview: { autoDialAfterSec: null } } }, [
      previewList as string,
    ]);
  });

  afterAll(async () => {
    await floor?.close();
  });

  it('puts a ready agent whose desk dropped back to ready when it reconnects, and says so', async () => {
    const { agent, desk } = await readyAgent(idleCampaign);
    desk.close();
    // Gone: paused, so the pacer counts nobody at an empty desk.
    expect(await pollUntil(() => presence(agent), (p) => p.state === 'paused')).toMatchObject({ pauseReason: 'disconnected' });
    await sleep(500); // a blink, not an instant
    const back = await AgentSocket.connect(floor.api.url, agent.token);
    try {
      expect(await back.next<Back>('desk_back')).toEqual({ resumed: true, refusal: null });
      expect(await presence(agent)).toMatchObject({ state: 'ready', pauseReason: null });
      expect(await back.next<Presence>('state', (s) => s?.state === 'ready')).toMatchObject({ state: 'ready' });
    } finally {
      back.close();
    }
  });

  it('keeps a pause chosen after the desk went away, and says nothing', async () => {
    const { agent, desk } = await readyAgent(idleCampaign);
    desk.close();
    await pollUntil(() => presence(agent), (p) => p.state === 'paused');
    // Paused for lunch meanwhile (from a phone, over REST): theirs, not the desk's.
    await floor.api.http().post('/agent/pause').set(auth(agent)).send({ reason: 'lunch' }).expect(200);
    const back = await AgentSocket.connect(floor.api.url, agent.token);
    try {
      await sleep(500);
      expect(await presence(agent)).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
      expect(back.received.filter((m) => m.event === 'desk_back')).toEqual([]);
    } finally {
      back.close();
    }
  });

  it('says why a reconnected agent could not be put back to ready (no audio), and leaves them paused', async () => {
    const { agent, desk } = await readyAgent(idleCampaign);
    desk.close();
    await pollUntil(() => presence(agent), (p) => p.state === 'paused');
    await floor.api.http().delete('/agent/audio').set(auth(agent)).expect(200);
    const back = await AgentSocket.connect(floor.api.url, agent.token);
    try {
      expect(await back.next<Back>('desk_back')).toMatchObject({ resumed: false, refusal: { code: 'NO_AUDIO' } });
      expect(await presence(agent)).toMatchObject({ state: 'paused', pauseReason: 'disconnected' });
    } finally {
      back.close();
    }
  });

  it('puts the agent back to ready when the desk reopened while its going away was still being handled', async () => {
    const { agent, desk } = await readyAgent(idleCampaign);
    const reloaded = await AgentSocket.connect(floor.api.url, agent.token);
    try {
      // The old desk's end, handled on a loaded api: its first look found no desk, then the reloaded one opened.
      jest.spyOn(floor.api.app.get(AgentsGateway) as unknown as { deskOpen: () => Promise<boolean> }, 'deskOpen').mockResolvedValueOnce(false);
      desk.close();
      expect(await reloaded.next<Back>('desk_back')).toEqual({ resumed: true, refusal: null });
      expect(await presence(agent)).toMatchObject({ state: 'ready', pauseReason: null });
    } finally {
      jest.restoreAllMocks();
      reloaded.close();
    }
  });

  it('gives a preview back as it was when the desk blinks: not the agent’s skip, the lead not pushed back, offered again', async () => {
    const { agent, desk } = await readyAgent(previewCampaign);
    const offered = await pollUntil(() => presence(agent), (p) => p.state === 'reserved', { timeoutMs: 15_000 });
    expect(offered.leadId).toBe(previewLead);
    desk.close();
    const [attempt] = await pollUntil(
      () => query(floor.api.app, `select state, outcome, settled_at from call_attempts where id = ?`, [offered.attemptId]),
      ([row]) => row.settled_at !== null,
    );
    expect(attempt).toMatchObject({ state: 'canceled', outcome: 'canceled' });
    const [lead] = await query(floor.api.app, `select status, next_attempt_at, attempt_count from leads where id = ?`, [previewLead]);
    // Due again at once, its attempts untouched (a skipped preview would come back in 30 minutes).
    expect(lead.next_attempt_at === null || Date.parse(lead.next_attempt_at as string) <= Date.now()).toBe(true);
    expect(lead).toMatchObject({ status: 'new', attempt_count: 0 });
    const back = await AgentSocket.connect(floor.api.url, agent.token);
    try {
      expect(await back.next<Back>('desk_back')).toEqual({ resumed: true, refusal: null });
      // Ready again, the same lead is offered again.
      const again = await pollUntil(() => presence(agent), (p) => p.state === 'reserved', { timeoutMs: 15_000 });
      expect(again.leadId).toBe(previewLead);
      expect(again.attemptId).not.toBe(offered.attemptId);
      expect(await floor.api.app.get(AgentsService).get(agent.userId)).toMatchObject({ state: 'reserved' });
    } finally {
      back.close();
    }
  });
});
