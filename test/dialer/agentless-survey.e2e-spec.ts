import { query, seedLeads } from '@dialer/testing';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { zonesByWindow } from '../support/zones';

describe('agentless survey (e2e on the emulator)', () => {
  let floor: Floor;

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 } } });
  });

  afterAll(async () => floor?.close());

  it('asks each question by IVR, stores every answer, and puts an opting-out callee on DNC', async () => {
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('survey', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    const phones = ['+14155552001', '+14155552002', '+14155552003'];
    await seedLeads(floor.api.app, listId as string, phones.map((phone) => ({ phone, zones: [zone] })));
    floor.emulator.patchScenario({
      numbers: {
        [phones[0]]: { digits: ['4', '1'] },
        [phones[1]]: { digits: ['7', '2', '2'] }, // a wrong key first: the question is asked again
        [phones[2]]: { digits: ['9'] }, // the opt-out key
      },
    });
    const campaignId = await launchCampaign(
      floor,
      {
        kind: 'survey',
        dialingMode: 'agentless',
        settings: {
          pacing: { agentlessLines: 2 },
          survey: {
            intro: 'This is Example Energy with a two-question survey.',
            questions: [
              { id: 'satisfaction', prompt: 'How satisfied are you, from 1 to 5?', answers: ['1', '2', '3', '4', '5'] },
              { id: 'recommend', prompt: 'Would you recommend us? Press 1 for yes, 2 for no.', answers: ['1', '2'] },
            ],
            optOutDigit: '9',
            outro: 'Thank you, goodbye.',
          },
        },
      },
      [listId as string],
    );

    const answers = await pollUntil(
      async () => query(floor.api.app, `select l.phone, s.question_id, s.answer, s.source from survey_answers s join leads l on l.id = s.lead_id where s.campaign_id = ? order by l.phone, s.question_id`, [campaignId]),
      (rows) => rows.length >= 4,
      { timeoutMs: 60_000 },
    );
    expect(answers).toEqual([
      { phone: phones[0], question_id: 'recommend', answer: '1', source: 'ivr' },
      { phone: phones[0], question_id: 'satisfaction', answer: '4', source: 'ivr' },
      { phone: phones[1], question_id: 'recommend', answer: '2', source: 'ivr' },
      { phone: phones[1], question_id: 'satisfaction', answer: '2', source: 'ivr' },
    ]);
    await pollUntil(
      async () => query(floor.api.app, `select scope, source from dnc_entries where phone = ?`, [phones[2]]),
      (rows) => rows.length === 1,
    );
    const leads = await pollUntil(
      async () => query(floor.api.app, `select phone, status, last_disposition from leads where list_id = ? order by phone`, [listId]),
      (rows) => rows.every((r) => r.status !== 'dialing' && r.status !== 'new'),
      { timeoutMs: 30_000 },
    );
    expect(leads).toEqual([
      { phone: phones[0], status: 'done', last_disposition: 'COMPLETED' },
      { phone: phones[1], status: 'done', last_disposition: 'COMPLETED' },
      { phone: phones[2], status: 'blocked', last_disposition: 'DNC' },
    ]);
  });
});
