import { query, seedLeads } from '@dialer/testing';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

/** Two lists of one campaign holding the same numbers: each number is rung by one call at a time (issue 13, defect 4). */
describe('one number, one call at a time (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];

  beforeAll(async () => {
    // The callees let it ring a while (2–3 s here), so calls placed together are live together.
    floor = await startFloor({
      scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, timing: { humanAnswerSec: { min: 40, max: 60 } } },
    });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  it('never rings a number on two leads at once, though power dialing takes enough lines for both', async () => {
    const zone = zonesByWindow().open[0];
    const numbers = ['+14155558201', '+14155558202', '+14155558203'];
    const listIds: string[] = [];
    for (const name of ['customers', 'prospects']) {
      const [{ id }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values (?, 'US') returning id`, [name]);
      await seedLeads(floor.api.app, id as string, numbers.map((phone) => ({ phone, zones: [zone] })));
      listIds.push(id as string);
    }
    // One agent at six lines, as many as there are leads: one take could hold every lead at once.
    const campaignId = await launchCampaign(floor, { dialingMode: 'power', settings: { ringTimeoutSec: 120, pacing: { powerRatio: 6, maxLinesPerAgent: 6 } } }, listIds);
    agents.push(await SimulatedAgent.start(floor, campaignId, { talkTimeSec: 2 }));

    await pollUntil(
      async () =>
        (await query(floor.api.app, `select count(*)::int as n from leads where list_id = any(?::uuid[]) and attempt_count = 0`, [`{${listIds.join(',')}}`]))[0]
          .n as number,
      (n) => n === 0,
      { timeoutMs: 90_000, everyMs: 500 },
    );
    await pollUntil(
      async () => (await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ? and settled_at is null`, [campaignId]))[0].n as number,
      (n) => n === 0,
      { timeoutMs: 60_000, everyMs: 500 },
    );

    // In the emulator's own log: every number was called on both leads, and never by two calls at once.
    const byNumber = new Map<string, { start: number; end: number }[]>();
    for (const call of floor.emulator.calls().filter((c) => c.direction === 'outbound-api' && numbers.includes(c.to))) {
      const spans = byNumber.get(call.to) ?? [];
      spans.push({ start: new Date(call.dateCreated as string | Date).getTime(), end: new Date(call.endTime as string | Date).getTime() });
      byNumber.set(call.to, spans);
    }
    expect([...byNumber.keys()].sort()).toEqual(numbers);
    for (const spans of byNumber.values()) {
      expect(spans.length).toBeGreaterThanOrEqual(2);
      spans.sort((a, b) => a.start - b.start);
      for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBeGreaterThanOrEqual(spans[i - 1].end);
    }
  });
});
