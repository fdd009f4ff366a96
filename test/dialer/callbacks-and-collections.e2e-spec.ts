import { DateTime } from 'luxon';
import { query, seedAttempt, seedLeads } from '@dialer/testing';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

describe('callbacks and collections limits (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 }, agents: { talkTimeSec: 10 } } });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  const newList = async (name: string) =>
    (await query(floor.api.app, `insert into lead_lists (name, default_country) values (?, 'US') returning id`, [name]))[0].id as string;

  it('calls back at the time the callee asked for, in their own time zone', async () => {
    const listId = await newList('callbacks');
    const zone = zonesByWindow().open.find((z) => z !== 'UTC')!;
    const [leadId] = await seedLeads(floor.api.app, listId, [{ phone: '+14155555001', zones: [zone] }]);
    // The callee asks to be called back at the next whole minute of their local clock (+1 for safety).
    const local = DateTime.now().setZone(zone).plus({ minutes: 2 }).startOf('minute');
    const callbackAt = local.toFormat("yyyy-MM-dd'T'HH:mm");
    const campaignId = await launchCampaign(floor, { dialingMode: 'progressive' }, [listId]);
    let asked = false;
    agents.push(
      await SimulatedAgent.start(floor, campaignId, {
        disposition: () => {
          if (asked) return { code: 'SALE' };
          asked = true;
          return { code: 'CALLBACK', callbackAt };
        },
      }),
    );

    const booked = await pollUntil(
      async () => (await query(floor.api.app, `select status, next_attempt_at from leads where id = ?`, [leadId]))[0],
      (lead) => lead.status === 'callback',
      { timeoutMs: 30_000 },
    );
    expect(new Date(booked.next_attempt_at as string).toISOString()).toBe(local.toUTC().toISO({ suppressMilliseconds: false }));

    const attempts = await pollUntil(
      async () => query(floor.api.app, `select created_at from call_attempts where lead_id = ? order by created_at`, [leadId]),
      (rows) => rows.length === 2,
      { timeoutMs: 200_000, everyMs: 1_000 },
    );
    const calledBackAt = new Date(attempts[1].created_at as string).getTime();
    expect(calledBackAt).toBeGreaterThanOrEqual(local.toMillis());
    expect(calledBackAt - local.toMillis()).toBeLessThan(10_000);
  });

  it('never places an eighth call about a debt within seven days, and explains why', async () => {
    const listId = await newList('debts');
    const zone = zonesByWindow().open[0];
    const [capped, room] = await seedLeads(floor.api.app, listId, [
      { phone: '+14155556001', zones: [zone], externalId: 'DEBT-7' },
      { phone: '+14155556002', zones: [zone], externalId: 'DEBT-6' },
    ]);
    const campaignId = await launchCampaign(
      floor,
      {
        kind: 'collections',
        dialingMode: 'progressive',
        settings: { attemptLimits: { lifetime: 20, perDay: 10 } },
      },
      [listId],
    );
    // Seven calls about DEBT-7 and six about DEBT-6 in the last few days (none was a conversation).
    for (let i = 1; i <= 7; i++) {
      const at = new Date(Date.now() - i * 15 * 3600_000);
      await seedAttempt(floor.api.app, { campaignId, leadId: capped, phone: '+14155556001', at, state: 'no_answer' });
      if (i <= 6) await seedAttempt(floor.api.app, { campaignId, leadId: room, phone: '+14155556002', at, state: 'no_answer' });
    }
    agents.push(await SimulatedAgent.start(floor, campaignId, { disposition: () => ({ code: 'PROMISE_TO_PAY', data: { amount: 5000, currency: 'USD', date: DateTime.now().plus({ days: 7 }).toISODate()! } }) }));

    // The seventh call about DEBT-6 goes out (and is a conversation); DEBT-7 gets none.
    await pollUntil(
      async () => query(floor.api.app, `select disposition_code from call_attempts where lead_id = ? and disposition_code is not null`, [room]),
      (rows) => rows.length === 1,
      { timeoutMs: 30_000 },
    );
    const cappedCalls = await query(floor.api.app, `select count(*)::int as n from call_attempts where lead_id = ?`, [capped]);
    expect(cappedCalls[0].n).toBe(7);
    const lead = (await query(floor.api.app, `select skip_code, skip_reason from leads where id = ?`, [capped]))[0];
    expect(lead).toMatchObject({ skip_code: 'SEVEN_IN_SEVEN_REACHED' });

    const why = await floor.api.http().get(`/leads/${capped}/why`).set('Authorization', `Bearer ${floor.manager.token}`).expect(200);
    expect(why.body.dialableNow).toBe(false);
    expect(why.body.summary).toMatch(/retry is scheduled|Held/);
    expect(why.body.campaigns[0].blocking).toMatchObject({ code: 'SEVEN_IN_SEVEN_REACHED', message: expect.stringMatching(/7 calls about this debt/) });
  });
});
