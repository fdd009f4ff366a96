import { query, seedLeads } from '@dialer/testing';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { fixedLineIn, zonesByWindow } from '../support/zones';

/** Issue 14, item 1: a lead's alternate numbers are dialed, each passing every gate on its own. */
describe('alternate numbers (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];
  const open = zonesByWindow().open[0];
  const closed = zonesByWindow().closed[0];
  // Main numbers that ring out unanswered; every other number answers.
  const mainA = fixedLineIn(open, '7001');
  const altA = fixedLineIn(open, '7002');
  const mainB = fixedLineIn(open, '7101');
  const altOnDnc = fixedLineIn(open, '7102');
  const altClosed = fixedLineIn(closed, '7103');
  const mainWrong = fixedLineIn(open, '7201');
  const altRight = fixedLineIn(open, '7202');

  beforeAll(async () => {
    floor = await startFloor({
      scenario: {
        answerProbability: 1,
        answeredMix: { human: 1, machine: 0, fax: 0 },
        // Every other number picks up well within the ring timeout.
        timing: { humanAnswerSec: { min: 2, max: 5 } },
        numbers: { [mainA]: { outcome: 'no-answer' }, [mainB]: { outcome: 'no-answer' } },
      },
    });
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  const auth = () => ({ Authorization: `Bearer ${floor.manager.token}` });
  const attemptsOf = (leadId: string) =>
    query(floor.api.app, `select id, phone, outcome, settled_at, compliance_evidence->'number' as number from call_attempts where lead_id = ? order by created_at`, [leadId]);

  /** The first call rings out unanswered; its retry falls due now rather than in a minute (the retry rule's wait is not what is tested). */
  async function afterFirstNoAnswer(leadId: string): Promise<void> {
    await pollUntil(() => attemptsOf(leadId), (rows) => rows.length === 1 && rows[0].settled_at !== null, { timeoutMs: 60_000, everyMs: 300 });
    const [first] = await attemptsOf(leadId);
    expect(first).toMatchObject({ outcome: 'no_answer' });
    await query(floor.api.app, `update leads set next_attempt_at = now() where id = ? and status = 'retry'`, [leadId]);
  }

  it('calls a lead on its alternate after no answer on its main number, and says which number each call dialed', async () => {
    expect(closed).toBeDefined();
    const [{ id: listId }] = await query(floor.api.app, `insert into lead_lists (name, default_country) values ('alternates', 'US') returning id`);
    const [leadA, leadB, leadC] = await seedLeads(floor.api.app, listId as string, [
      { phone: mainA, zones: [open], altPhones: [{ phone: altA }] },
      { phone: mainB, zones: [open], altPhones: [{ phone: altOnDnc }, { phone: altClosed }] },
      { phone: mainWrong, zones: [open], altPhones: [{ phone: altRight }] },
    ]);
    await query(floor.api.app, `insert into dnc_entries (phone, scope, source) values (?, 'global', 'manual')`, [altOnDnc]);
    const campaignId = await launchCampaign(
      floor,
      { dialingMode: 'progressive', settings: { ringTimeoutSec: 15, retryRules: { no_answer: { afterMinutes: 1 } } } },
      [listId as string],
    );
    // The agent sees which number answered (the screen pop's `dialed`): lead C's main number is someone else's.
    const popped: { phone: string; slot: string }[] = [];
    agents.push(
      await SimulatedAgent.start(floor, campaignId, {
        talkTimeSec: 1,
        disposition: (pop) => {
          if (pop.dialed) popped.push(pop.dialed);
          return { code: pop.dialed?.phone === mainWrong ? 'WRONG_NUMBER' : 'SALE' };
        },
      }),
    );

    // Lead A: the main number rings out; the next call goes to the alternate, which answers.
    await afterFirstNoAnswer(leadA);
    const callsA = await pollUntil(() => attemptsOf(leadA), (rows) => rows.length === 2 && rows[1].settled_at !== null, { timeoutMs: 60_000, everyMs: 300 });
    expect(callsA.map((a) => a.phone)).toEqual([mainA, altA]);
    expect(callsA[0].number).toMatchObject({ slot: 'main', phone: mainA, passed: true });
    expect(callsA[1].number).toMatchObject({ slot: 'alt1', phone: altA, passed: true, skipped: [] });
    expect(floor.emulator.calls().filter((c) => c.direction === 'outbound-api' && c.to === altA)).toHaveLength(1);
    const whyA = await floor.api.http().get(`/leads/${leadA}/why`).set(auth()).expect(200);
    expect(whyA.body.lastCall).toMatchObject({ phone: altA, slot: 'alt1', outcome: 'human' });
    expect(whyA.body.status).toBe('done');

    // Lead B: after no answer on the main number its turn goes to alt1 (on a DNC list) and alt2 (outside the hours of its
    // own zone): both are skipped with their reasons, and the main number is called again.
    await afterFirstNoAnswer(leadB);
    const callsB = await pollUntil(() => attemptsOf(leadB), (rows) => rows.length === 2 && rows[1].settled_at !== null, { timeoutMs: 60_000, everyMs: 300 });
    expect(callsB.map((a) => a.phone)).toEqual([mainB, mainB]);
    expect(callsB[1].number).toMatchObject({
      slot: 'main',
      skipped: [
        { slot: 'alt1', phone: altOnDnc, code: 'ON_DNC', reason: expect.stringMatching(/do-not-call/) },
        { slot: 'alt2', phone: altClosed, code: expect.stringMatching(/OUTSIDE_CALLING_HOURS|NO_CALLS_THAT_DAY|HOLIDAY/), reason: expect.stringContaining(closed) },
      ],
    });
    const dialedB = floor.emulator.calls().filter((c) => c.direction === 'outbound-api' && [altOnDnc, altClosed].includes(c.to as string));
    expect(dialedB).toEqual([]);

    const whyB = await floor.api.http().get(`/leads/${leadB}/why`).set(auth()).expect(200);
    expect(whyB.body.lastCall).toMatchObject({ phone: mainB, slot: 'main', outcome: 'no_answer' });
    expect(whyB.body.campaigns[0].numbers).toEqual([
      { slot: 'alt1', phone: altOnDnc, state: 'skipped', code: 'ON_DNC', reason: expect.stringMatching(/do-not-call/) },
      { slot: 'alt2', phone: altClosed, state: 'skipped', code: expect.any(String), reason: expect.stringContaining(closed) },
      { slot: 'main', phone: mainB, state: 'next', code: null, reason: null },
    ]);
    // The lead stays open: a do-not-call entry on an alternate closes only that number.
    expect(whyB.body.status).toBe('retry');

    // Lead C: a wrong number moves on at once (no retry wait) to the alternate, and is never dialed again.
    const callsC = await pollUntil(() => attemptsOf(leadC), (rows) => rows.length === 2 && rows[1].settled_at !== null, { timeoutMs: 60_000, everyMs: 300 });
    expect(callsC.map((a) => a.phone)).toEqual([mainWrong, altRight]);
    expect(popped).toEqual(expect.arrayContaining([{ phone: mainWrong, slot: 'main' }, { phone: altRight, slot: 'alt1' }]));
    const whyC = await floor.api.http().get(`/leads/${leadC}/why`).set(auth()).expect(200);
    expect(whyC.body).toMatchObject({ status: 'done', lastCall: { phone: altRight, slot: 'alt1', outcome: 'human' } });
    expect(whyC.body.campaigns[0].numbers).toContainEqual({ slot: 'main', phone: mainWrong, state: 'unused', code: null, reason: `${mainWrong} was a wrong number` });
  });

  it('refuses a number order that repeats or names a number leads do not have, naming the field', async () => {
    const refused = await floor.api
      .http()
      .post('/campaigns')
      .set(auth())
      .send({ name: 'bad order', kind: 'telemarketing', dialingMode: 'progressive', jurisdiction: 'US', settings: { numbers: { order: ['main', 'main', 'alt3'] } } })
      .expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/order names each number at most once/);
    expect(JSON.stringify(refused.body)).toMatch(/order holds only main, alt1, alt2/);
    expect(JSON.stringify(refused.body)).toMatch(/settings\.numbers\.order/);
  });
});
