import { query, seedLeads } from '@dialer/testing';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

describe('dialer smoke (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 10 } } });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  it('dials a list in progressive mode, puts every callee through to an agent, and closes every lead', async () => {
    const [listId] = (await query(floor.api.app, `insert into lead_lists (name, default_country) values ('smoke', 'US') returning id`)).map((r) => r.id as string);
    const zone = zonesByWindow().open[0];
    const leadIds = await seedLeads(floor.api.app, listId, Array.from({ length: 6 }, (_, i) => ({ phone: `+1415555${1000 + i}`, zones: [zone], firstName: `Lead${i}` })));
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive', settings: { script: 'Hi {{firstName}}, this is {{agent.name}}' } }, [listId]);
    agents.push(await SimulatedAgent.start(floor, campaignId), await SimulatedAgent.start(floor, campaignId));

    await pollUntil(
      async () => query(floor.api.app, `select status, count(*)::int as n from leads where list_id = ? group by status`, [listId]),
      (rows) => rows.length === 1 && rows[0].status === 'done',
      { timeoutMs: 90_000, everyMs: 500 },
    );
    const attempts = await query(floor.api.app, `select lead_id, state, agent_id, disposition_code, connected_at, abandoned from call_attempts where campaign_id = ?`, [campaignId]);
    expect(attempts).toHaveLength(leadIds.length);
    expect(attempts.every((a) => a.state === 'completed' && a.agent_id && a.disposition_code && !a.abandoned)).toBe(true);
    const pops = agents.flatMap((a) => a.pops);
    expect(pops).toHaveLength(leadIds.length);
    expect(pops[0].script).toMatch(/^Hi Lead\d, this is Test agent$/);
  });
});
