import { query, seedLeads } from '@dialer/testing';
import { SignedIn, signInAs } from '../support/apps';
import { launchCampaign, READY_SETTINGS } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

/**
 * On the emulator: a US agentless campaign dials mobiles only with consent on
 * file, and a revocation — by the IVR opt-out key, the abandon message's
 * opt-out key, or recorded through the api — blocks the number's next dial at once.
 */
describe('consent and revocation on a live campaign (e2e on the emulator)', () => {
  let floor: Floor;
  let compliance: SignedIn;
  let agent: SimulatedAgent | undefined;

  beforeAll(async () => {
    floor = await startFloor({ scenario: { answerProbability: 1, answeredMix: { human: 1, machine: 0, fax: 0 } } });
    compliance = await signInAs(floor.api, 'compliance');
  });

  afterAll(async () => {
    agent?.stop();
    await floor?.close();
  });

  it('dials consented mobiles only, and a revocation by key-press or api blocks the next dial within a second', async () => {
    const auth = { Authorization: `Bearer ${compliance.token}` };
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('mobiles', 'US') returning id`);
    const [{ id: laterListId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('later', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    // California numbers: no state rule stricter than federal.
    const [noConsent, consented, optsOut, revokedByApi] = ['+14155553001', '+14155553002', '+14155553003', '+14155553004'];
    for (const phone of [consented, optsOut, revokedByApi]) {
      await floor.api.http().post('/consents').set(auth).send({ phone, type: 'prerecorded_calls', grantedAt: '2026-11-01T00:00:00Z', source: 'web form' }).expect(201);
    }
    const [noConsentLead, consentedLead, optsOutLead] = await seedLeads(
      floor.api.app,
      listId as string,
      [noConsent, consented, optsOut].map((phone) => ({ phone, zones: [zone], phoneType: 'fixed_line_or_mobile' })),
    );
    // Leads due a little later: the next dial a revocation must stop.
    const dueSoon = new Date(Date.now() + 4_000);
    const [optsOutAgain, revokedLead] = await seedLeads(floor.api.app, laterListId as string, [
      { phone: optsOut, zones: [zone], phoneType: 'mobile', status: 'retry', nextAttemptAt: new Date(Date.now() + 600_000) },
      { phone: revokedByApi, zones: [zone], phoneType: 'mobile', status: 'retry', nextAttemptAt: dueSoon },
    ]);
    floor.emulator.patchScenario({ numbers: { [consented]: { digits: ['1'] }, [optsOut]: { digits: ['9'] } } });

    await launchCampaign(
      floor,
      {
        kind: 'survey',
        dialingMode: 'agentless',
        settings: {
          pacing: { agentlessLines: 2 },
          survey: { questions: [{ id: 'q1', prompt: 'Press 1 if satisfied.', answers: ['1', '2'] }], optOutDigit: '9' },
        },
      },
      [listId as string, laterListId as string],
    );

    // Recorded through the api while its lead waits: blocked in the transaction that answers.
    const revoked = await floor.api.http().post('/revocations').set(auth).send({ phone: revokedByApi, scope: 'all', content: 'STOP (SMS reply)' }).expect(201);
    expect(revoked.body).toMatchObject({ leadsBlocked: 1, revocation: { channel: 'compliance_user' } });
    expect(await query(floor.api.app, `select status from leads where id = ?`, [revokedLead])).toEqual([{ status: 'blocked' }]);

    await pollUntil(
      async () => query(floor.api.app, `select channel, content from consent_revocations where phone = ?`, [optsOut]),
      (rows) => rows.length === 1,
      { timeoutMs: 60_000 },
    );
    // Honoured at once: the same number's next lead is out of the hopper.
    expect(await query(floor.api.app, `select status, blocked_reason from leads where id = ?`, [optsOutAgain])).toEqual([{ status: 'blocked', blocked_reason: 'dnc' }]);
    await pollUntil(
      async () => query(floor.api.app, `select status from leads where id = ?`, [consentedLead]),
      (rows) => rows[0].status === 'done',
      { timeoutMs: 60_000 },
    );
    // Past the time the revoked lead was due, with lines free.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, dueSoon.getTime() + 2_000 - Date.now())));

    const called = new Set(floor.emulator.calls().filter((c) => c.direction === 'outbound-api').map((c) => c.to));
    expect([...called].sort()).toEqual([consented, optsOut]);
    expect(await query(floor.api.app, `select status, skip_code from leads where id = ?`, [noConsentLead])).toEqual([{ status: 'new', skip_code: 'CONSENT_MISSING' }]);
    // Its own call settles when the callee's leg ends, after the goodbye: not before the revocation it recorded.
    await pollUntil(
      async () => query(floor.api.app, `select status from leads where id = ?`, [optsOutLead]),
      (rows) => rows[0].status !== 'dialing',
      { timeoutMs: 30_000 },
    );
    expect(await query(floor.api.app, `select status, last_disposition from leads where id = ?`, [optsOutLead])).toEqual([{ status: 'blocked', last_disposition: 'DNC' }]);

    const report = await floor.api.http().get('/reports/revocations').set(auth).expect(200);
    expect(report.body.items.map((i: { phone: string; channel: string; content: string; lagBusinessDays: number }) => [i.phone, i.channel, i.content, i.lagBusinessDays])).toEqual(
      expect.arrayContaining([
        [revokedByApi, 'compliance_user', 'STOP (SMS reply)', 0],
        [optsOut, 'ivr_opt_out', 'pressed 9 (the opt-out key)', 0],
      ]),
    );
    // The consents of both numbers ended with their revocations.
    const consents = await floor.api.http().get('/consents').query({ phone: optsOut }).set(auth).expect(200);
    expect(consents.body.consents).toEqual([expect.objectContaining({ revokedAt: expect.any(String) })]);
  });

  it('records an opt-out key pressed during the abandon message as a revocation, blocking the number’s next dial', async () => {
    const auth = { Authorization: `Bearer ${compliance.token}` };
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('abandons', 'US') returning id`);
    const [{ id: laterListId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('abandons later', 'US') returning id`);
    const zone = zonesByWindow().open[0];
    const phones = ['+14155553101', '+14155553102', '+14155553103'];
    await seedLeads(floor.api.app, listId as string, phones.map((phone) => ({ phone, zones: [zone] })));
    const later = await seedLeads(
      floor.api.app,
      laterListId as string,
      phones.map((phone) => ({ phone, zones: [zone], status: 'retry', nextAttemptAt: new Date(Date.now() + 600_000) })),
    );
    floor.emulator.patchScenario({ numbers: Object.fromEntries(phones.map((phone) => [phone, { digits: ['8'] }])) });
    // Three lines for one agent who stays on the first call: the other two callees hear the abandon message.
    const campaignId = await launchCampaign(
      floor,
      {
        dialingMode: 'power',
        settings: {
          pacing: { powerRatio: 3, maxLinesPerAgent: 3 },
          abandon: { message: { ...READY_SETTINGS.abandon.message, optOutDigit: '8' } },
        },
      },
      [listId as string, laterListId as string],
    );
    agent = await SimulatedAgent.start(floor, campaignId, { talkTimeSec: 400 });

    const revocations = await pollUntil(
      async () => query(floor.api.app, `select phone, content, attempt_id from consent_revocations where channel = 'abandon_message' order by phone`),
      (rows) => rows.length >= 1,
      { timeoutMs: 60_000 },
    );
    for (const revocation of revocations) {
      const [attempt] = await query(floor.api.app, `select abandoned, phone from call_attempts where id = ?`, [revocation.attempt_id]);
      expect(attempt).toEqual({ abandoned: true, phone: revocation.phone });
      expect(revocation.content).toBe('pressed 8 during the abandon message');
      // The same number's next lead is out of the hopper at once.
      const next = later[phones.indexOf(revocation.phone as string)];
      expect(await query(floor.api.app, `select status, blocked_reason from leads where id = ?`, [next])).toEqual([{ status: 'blocked', blocked_reason: 'dnc' }]);
      const dnc = await floor.api.http().get('/dnc').query({ phone: revocation.phone }).set(auth).expect(200);
      expect(dnc.body.entries).toEqual([expect.objectContaining({ scope: 'global', source: 'manual' })]);
    }
  });
});
