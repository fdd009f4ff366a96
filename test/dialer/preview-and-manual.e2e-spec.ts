import { query, seedLeads } from '@dialer/testing';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

interface Preview {
  attemptId: string;
  lead: { phone: string; firstName: string | null };
  script: string;
  autoDialAfterSec: number | null;
}

describe('preview mode and manual dials (e2e on the emulator)', () => {
  let floor: Floor;
  let agent: SimulatedAgent;
  const auth = () => ({ Authorization: `Bearer ${agent.user.token}` });

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 10 } } });
  });

  afterAll(async () => {
    agent?.stop();
    await floor?.close();
  });

  it('shows each lead to the agent first, who dials it, skips it, or lets the countdown dial it', async () => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('preview', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    await seedLeads(floor.api.app, listId as string, [
      { phone: '+14155553001', zones: [zone], firstName: 'Ann' },
      { phone: '+14155553002', zones: [zone], firstName: 'Bob' },
      { phone: '+14155553003', zones: [zone], firstName: 'Cyd' },
    ]);
    const campaignId = await launchCampaign(
      floor,
      { dialingMode: 'preview', settings: { script: 'Hello {{firstName}}', preview: { autoDialAfterSec: 3 } } },
      [listId as string],
    );
    agent = await SimulatedAgent.start(floor, campaignId);

    const first = await agent.desk.next<Preview>('preview');
    expect(first).toMatchObject({ autoDialAfterSec: 3, script: `Hello ${first.lead.firstName}` });
    expect(await floor.api.http().post('/agent/preview/skip').set(auth())).toMatchObject({ status: 200 });

    const second = await agent.desk.next<Preview>('preview', (p) => p.attemptId !== first.attemptId);
    expect(second.lead.phone).not.toBe(first.lead.phone);
    await floor.api.http().post('/agent/preview/dial').set(auth()).expect(200);
    await pollUntil(async () => agent.pops.find((p) => p.attemptId === second.attemptId), Boolean); // put through, screen pop
    await pollUntil(async () => agent.dispositions.find((d) => d.attemptId === second.attemptId), Boolean);

    // The third is dialed by its countdown, without a click.
    const third = await agent.desk.next<Preview>('preview', (p) => ![first.attemptId, second.attemptId].includes(p.attemptId));
    await pollUntil(async () => agent.dispositions.find((d) => d.attemptId === third.attemptId), Boolean, { timeoutMs: 20_000 });

    const attempts = await query(floor.api.app, `select id, mode, outcome, disposition_code, agent_id from call_attempts where campaign_id = ? order by created_at`, [campaignId]);
    expect(attempts.find((a) => a.id === first.attemptId)).toMatchObject({ outcome: 'skipped', disposition_code: null });
    for (const dialed of [second, third]) {
      expect(attempts.find((a) => a.id === dialed.attemptId)).toMatchObject({ mode: 'preview', outcome: 'human', agent_id: agent.id });
    }
    // Nobody is ever abandoned in preview: the agent is on the line before the callee answers.
    expect((await query(floor.api.app, `select count(*)::int as n from call_attempts where campaign_id = ? and abandoned`, [campaignId]))[0].n).toBe(0);
  });

  it('dials a lead by hand through the same gates, and refuses one on the DNC list, saying so', async () => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('manual', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    const [ok, listed] = await seedLeads(floor.api.app, listId as string, [
      { phone: '+14155554001', zones: [zone] },
      { phone: '+14155554002', zones: [zone] },
    ]);
    await query(floor.api.app, `insert into dnc_entries (phone, scope, source) values ('+14155554002', 'global', 'manual')`);
    const campaignId = await launchCampaign(floor, { dialingMode: 'preview' }, [listId as string]);
    agent.stop();
    agent = await SimulatedAgent.start(floor, campaignId);
    // The preview loop passes over the listed number and offers the other; pass on it too.
    const offered = await agent.desk.next<Preview>('preview');
    expect(offered.lead.phone).toBe('+14155554001');
    await floor.api.http().post('/agent/preview/skip').set(auth()).expect(200);
    await pollUntil(async () => (await floor.api.http().get('/agent/state').set(auth())).body.state, (state) => state === 'ready');

    const refused = await floor.api.http().post('/agent/dial').set(auth()).send({ leadId: listed }).expect(422);
    expect(refused.body).toMatchObject({ code: 'LEAD_NOT_DIALABLE', message: expect.stringMatching(/do-not-call/), details: { reasonCode: 'ON_DNC', retryAt: null } });

    // By the number the agent types (national here): the same lead, the same refusal.
    const byNumber = await floor.api.http().post('/agent/dial').set(auth()).send({ phone: '(415) 555-4002' }).expect(422);
    expect(byNumber.body).toMatchObject({ code: 'LEAD_NOT_DIALABLE', details: { reasonCode: 'ON_DNC' } });
    // A number no lead of the campaign holds is refused, not dialed; a text that is no number says so.
    const unknown = await floor.api.http().post('/agent/dial').set(auth()).send({ phone: '+14155559999' }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'LEAD_NOT_DIALABLE', details: { reasonCode: 'NO_LEAD_FOR_NUMBER', field: 'phone', phone: '+14155559999' } });
    expect((await floor.api.http().post('/agent/dial').set(auth()).send({ phone: '12' }).expect(400)).body.message).toMatch(/phone/);
    expect((await floor.api.http().post('/agent/dial').set(auth()).send({ phone: '999 999 999 999' }).expect(422)).body).toMatchObject({ code: 'INVALID_PHONE' });
    expect((await floor.api.http().post('/agent/dial').set(auth()).send({ phone: '+14155554001', leadId: ok }).expect(400)).body.code).toBe('VALIDATION_FAILED');

    const dialed = await floor.api.http().post('/agent/dial').set(auth()).send({ phone: '+1 415 555 4001' }).expect(200);
    expect(dialed.body).toMatchObject({ attemptId: expect.any(String) });
    await pollUntil(async () => agent.dispositions.find((d) => d.attemptId === dialed.body.attemptId), Boolean);
    const [attempt] = await query(floor.api.app, `select mode, agent_id, outcome from call_attempts where id = ?`, [dialed.body.attemptId]);
    expect(attempt).toMatchObject({ mode: 'manual', agent_id: agent.id, outcome: 'human' });
  });
});
