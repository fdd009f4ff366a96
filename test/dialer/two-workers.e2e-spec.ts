import { PacingSupervisor } from '@dialer/dialer';
import { query, seedLeads } from '@dialer/testing';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

describe('two workers on one campaign (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];

  beforeAll(async () => {
    floor = await startFloor({
      workers: 2,
      scenario: { answerProbability: 0.7, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: { min: 10, max: 30 } } },
    });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  it('never double-dials a lead, and the other worker takes over when the leader stops', async () => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('shared', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId as string, Array.from({ length: 60 }, (_, i) => ({ phone: `+1206555${2000 + i}`, zones: [zone] })));
    const campaignId = await launchCampaign(floor, { dialingMode: 'power', settings: { pacing: { powerRatio: 2 } } }, [listId as string]);
    for (let i = 0; i < 3; i++) agents.push(await SimulatedAgent.start(floor, campaignId));

    const leaders = () => floor.workers.map((w) => w.get(PacingSupervisor).leading.includes(campaignId));
    const before = await pollUntil(async () => leaders(), (l) => l.filter(Boolean).length === 1);
    await pollUntil(async () => (await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ?`, [campaignId]))[0].n as number, (n) => n >= 15);

    // The leading worker goes away; the other must pick the campaign up.
    const leaderIndex = before.indexOf(true);
    await floor.workers[leaderIndex].close();
    floor.workers.splice(leaderIndex, 1);
    await pollUntil(async () => floor.workers[0].get(PacingSupervisor).leading, (l) => l.includes(campaignId), { timeoutMs: 20_000 });

    await pollUntil(
      async () => (await query(floor.api.app, `select count(*)::int as n from leads where list_id = ? and status in ('new', 'dialing')`, [listId]))[0].n as number,
      (n) => n === 0,
      { timeoutMs: 120_000, everyMs: 1_000 },
    );

    // No lead ever had two calls at once: each attempt began after the previous one ended.
    const attempts = await query(
      floor.api.app,
      `select lead_id, created_at, ended_at, fence from call_attempts where campaign_id = ? order by lead_id, created_at`,
      [campaignId],
    );
    for (let i = 1; i < attempts.length; i++) {
      if (attempts[i].lead_id !== attempts[i - 1].lead_id) continue;
      expect(new Date(attempts[i].created_at as string).getTime()).toBeGreaterThanOrEqual(new Date(attempts[i - 1].ended_at as string).getTime());
    }
    // Each number was rung by at most one call at a time in the emulator too.
    const byNumber = new Map<string, { start: number; end: number }[]>();
    for (const call of floor.emulator.calls().filter((c) => c.direction === 'outbound-api')) {
      const spans = byNumber.get(call.to) ?? [];
      spans.push({ start: Date.parse(String(call.dateCreated)), end: call.endTime ? Date.parse(String(call.endTime)) : Date.now() });
      byNumber.set(call.to, spans);
    }
    for (const spans of byNumber.values()) {
      spans.sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end - 1000);
    }
    // Two leaders in turn, the second with a higher fencing token.
    const fences = [...new Set(attempts.map((a) => Number(a.fence)))].sort((a, b) => a - b);
    expect(fences.length).toBe(2);
  });
});
