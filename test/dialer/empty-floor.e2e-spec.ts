import { query, seedLeads } from '@dialer/testing';
import { AgentSocket } from '../../apps/agent-simulator/src/agent-socket';
import { signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

/**
 * QA2 F5: the only agent of a power campaign pauses right after the dialer
 * placed their calls. Nobody is left who could take one: the calls still
 * ringing are cancelled (as a campaign pause cancels them), never left to be
 * answered into the abandon message.
 */
describe('a campaign whose floor empties cancels its ringing calls (e2e on the emulator)', () => {
  let floor: Floor;

  beforeAll(async () => {
    floor = await startFloor({
      scenario: {
        answerProbability: 1,
        answeredMix: { human: 1, machine: 0, fax: 0 },
        // Every callee answers, after 2–3 s of ringing at the floor's 1/20 time: left ringing, each would be abandoned.
        timing: { humanAnswerSec: { min: 40, max: 60 } },
        amd: { accuracy: 1 },
      },
    });
  });

  afterAll(async () => {
    await floor?.close();
  });

  it('cancels the calls ringing when the last agent pauses, and abandons nobody', async () => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('empty floor', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId as string, Array.from({ length: 12 }, (_, i) => ({ phone: `+1206557${String(1000 + i)}`, zones: [zone] })));
    const campaignId = await launchCampaign(floor, { name: 'empty floor', dialingMode: 'power', settings: { pacing: { powerRatio: 3 }, ringTimeoutSec: 120 } }, [
      listId as string,
    ]);
    const agent = await signInAs(floor.api, 'agent');
    const desk = await AgentSocket.connect(floor.api.url, agent.token);
    try {
      expect(await desk.emit('join', { campaignId })).toMatchObject({ ok: true });
      await floor.api.http().post('/agent/audio').set({ Authorization: `Bearer ${agent.token}` }).expect(200);
      expect(await desk.emit('ready')).toMatchObject({ ok: true });
      // The dialer places the agent's three lines; they ring.
      const placed = await pollUntil(
        () => query(floor.api.app, `select id, provider_call_sid from call_attempts where campaign_id = ? and provider_call_sid is not null`, [campaignId]),
        (rows) => rows.length >= 3,
        { timeoutMs: 15_000, everyMs: 20 },
      );
      const pausedAt = Date.now();
      expect(await desk.emit('pause', { reason: 'break' })).toMatchObject({ ok: true, data: { state: 'paused' } });

      // Every call ends, none answered: cancelled by us before the callee could pick up.
      const ended = await pollUntil(
        () => query(floor.api.app, `select state, answered_at, abandoned from call_attempts where campaign_id = ? and provider_call_sid is not null`, [campaignId]),
        (rows) => rows.every((r) => r.state !== 'initiated' && r.state !== 'ringing' && r.state !== 'queued'),
        { timeoutMs: 15_000, everyMs: 100 },
      );
      expect(ended.filter((r) => r.abandoned)).toEqual([]);
      expect(ended.filter((r) => r.answered_at !== null)).toEqual([]);
      const sids = new Set(placed.map((r) => r.provider_call_sid as string));
      const calls = floor.emulator.calls().filter((c) => sids.has(c.sid));
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(calls.every((c) => c.status === 'canceled' && c.endedBy === 'api')).toBe(true);
      // Well before any callee would have answered (2 s at the earliest).
      expect(Math.max(...calls.map((c) => Date.parse(c.endTime ?? '')))).toBeLessThan(pausedAt + 2_000);
      // Nothing more is dialed while nobody is there.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const [{ n }] = await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ? and provider_call_sid is not null`, [campaignId]);
      expect(n).toBe(placed.length);
      expect((await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ? and abandoned`, [campaignId]))[0].n).toBe(0);
    } finally {
      desk.close();
    }
  });
});
