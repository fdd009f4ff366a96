import { query } from '@dialer/testing';
import { createList, importFile } from '../leads/lead-import-helpers';
import { signInAs } from '../support/apps';
import { launchCampaign } from '../support/campaigns';
import { Floor, startFloor } from '../support/floor';
import { pollUntil } from '../support/poll';
import { SimulatedAgent } from '../support/simulated-agent';
import { zonesByWindow } from '../support/zones';

const CAP = 0.03;

/**
 * The acceptance run: 300 leads through the real import (mixed zones,
 * some on DNC, some outside their calling window, some invalid), a predictive
 * campaign, 5 simulated agents, the emulator at a twentieth of real time.
 */
describe('a predictive campaign, first call to last lead (e2e on the emulator)', () => {
  let floor: Floor;
  const agents: SimulatedAgent[] = [];
  let campaignId: string;
  let listId: string;
  const dncNumbers: string[] = [];
  const closedNumbers: string[] = [];

  beforeAll(async () => {
    floor = await startFloor({
      scenario: {
        seed: 7,
        answerProbability: 0.65,
        answeredMix: { human: 0.8, machine: 0.2, fax: 0 },
        unansweredMix: { busy: 0.3, noAnswer: 0.5, failed: 0.2 },
        timing: { humanAnswerSec: { min: 2, max: 12 }, machineAnswerSec: { min: 8, max: 16 } },
        agents: { talkTimeSec: { min: 10, max: 40 } },
        amd: { accuracy: 1 },
      },
    });
    const { open, closed } = zonesByWindow();
    const officer = await signInAs(floor.api, 'compliance');

    // 300 rows: open zones, closed zones, DNC hits, invalid numbers.
    const rows = ['phone,first_name,timezone'];
    for (let i = 0; i < 300; i++) {
      const phone = `+1${['212', '415', '312', '206', '617'][i % 5]}555${String(1000 + i)}`;
      if (i % 25 === 7) rows.push(`12345,Invalid${i},${open[0]}`); // rejected at import
      else if (i % 20 === 3) {
        closedNumbers.push(phone);
        rows.push(`${phone},Night${i},${closed[i % closed.length]}`);
      } else {
        if (i % 30 === 11) dncNumbers.push(phone);
        rows.push(`${phone},Lead${i},${open[i % open.length]}`);
      }
    }
    for (const phone of dncNumbers.slice(0, 4)) {
      // Some already listed before the import (flagged there)...
      await floor.api.http().post('/dnc').set('Authorization', `Bearer ${officer.token}`).send({ phone, scope: 'global', reason: 'registry' }).expect(201);
    }
    listId = await createList(floor.api, floor.manager, { defaultCountry: 'US', dedupeScope: 'list' });
    const imported = await importFile(floor.api, floor.manager, listId, rows.join('\n'));
    expect(imported).toMatchObject({ state: 'completed' });
    expect(imported.counts.rejected).toBeGreaterThan(0);
    // ...and the rest added after it: the dialer must check at dial time, not only at import.
    for (const phone of dncNumbers.slice(4)) {
      await floor.api.http().post('/dnc').set('Authorization', `Bearer ${officer.token}`).send({ phone, scope: 'global', reason: 'asked' }).expect(201);
    }

    campaignId = await launchCampaign(
      floor,
      {
        dialingMode: 'predictive',
        settings: { amd: { mode: 'async', onMachine: 'hangup' }, wrapUp: { seconds: 2, autoReady: true }, attemptLimits: { lifetime: 3, perDay: 3 } },
      },
      [listId],
    );
    for (let i = 0; i < 5; i++) agents.push(await SimulatedAgent.start(floor, campaignId));
  });

  afterAll(async () => {
    agents.forEach((a) => a.stop());
    await floor?.close();
  });

  it('works the whole list lawfully', async () => {
    // Until nothing is due now, nothing is in flight, and every connected call has its disposition.
    await pollUntil(
      async () =>
        (
          await query(
            floor.api.app,
            `select
               (select count(*) from leads where list_id = ? and status in ('new', 'retry', 'callback') and (next_attempt_at is null or next_attempt_at <= now()))::int as due,
               (select count(*) from leads where list_id = ? and status = 'dialing')::int as dialing,
               (select count(*) from call_attempts where campaign_id = ? and connected_at is not null and disposition_code is null)::int as undisposed`,
            [listId, listId, campaignId],
          )
        )[0],
      (counts) => counts.due === 0 && counts.dialing === 0 && counts.undisposed === 0,
      { timeoutMs: 180_000, everyMs: 1_000 },
    );
    await floor.emulator.drainWebhooks();

    // Every lead ends in a final or a scheduled state.
    const statuses = await query(floor.api.app, `select status, next_attempt_at from leads where list_id = ?`, [listId]);
    for (const lead of statuses) {
      const final = ['done', 'exhausted', 'blocked'].includes(lead.status as string);
      const scheduled = ['new', 'retry', 'callback'].includes(lead.status as string) && lead.next_attempt_at !== null && new Date(lead.next_attempt_at as string) > new Date();
      expect({ status: lead.status, ok: final || scheduled }).toMatchObject({ ok: true });
    }

    // No call to a DNC number, nor to a callee outside their calling window.
    const dialed = (await query(floor.api.app, `select phone, compliance_evidence from call_attempts where campaign_id = ?`, [campaignId])) as {
      phone: string;
      compliance_evidence: { calling_window: { passed: boolean; localTimes: Record<string, string> } };
    }[];
    expect(dialed.length).toBeGreaterThan(100);
    expect(dialed.filter((a) => dncNumbers.includes(a.phone))).toEqual([]);
    expect(dialed.filter((a) => closedNumbers.includes(a.phone))).toEqual([]);
    for (const attempt of dialed) {
      expect(attempt.compliance_evidence.calling_window.passed).toBe(true);
      for (const local of Object.values(attempt.compliance_evidence.calling_window.localTimes)) {
        const hour = Number(local.slice(11, 13));
        expect(hour >= 8 && hour < 21).toBe(true);
      }
    }
    const skippedForWindow = await query(floor.api.app, `select count(*)::int as n from leads where list_id = ? and skip_code = 'OUTSIDE_CALLING_HOURS'`, [listId]);
    expect(skippedForWindow[0].n).toBe(closedNumbers.length);

    // The realised abandon rate is under the cap.
    const [rate] = await query(
      floor.api.app,
      `select count(*) filter (where abandoned)::int as abandoned,
              count(*) filter (where answered_at is not null and coalesce(answered_by, 'human') not like 'machine%')::int as live
         from call_attempts where campaign_id = ?`,
      [campaignId],
    );
    expect((rate.live as number) > 50).toBe(true);
    expect((rate.abandoned as number) / (rate.live as number)).toBeLessThan(CAP);

    // Every connected call has a disposition; every screen pop came with its call.
    const connected = await query(floor.api.app, `select id, disposition_code from call_attempts where campaign_id = ? and connected_at is not null`, [campaignId]);
    expect(connected.length).toBeGreaterThan(30);
    expect(connected.filter((c) => !c.disposition_code)).toEqual([]);
    expect(agents.flatMap((a) => a.dispositions).filter((d) => d.status !== 200)).toEqual([]);

    // The database and the emulator's call log agree, call by call.
    const placed = await query(floor.api.app, `select provider_call_sid, state from call_attempts where campaign_id = ? and provider_call_sid is not null`, [campaignId]);
    const calleeCalls = floor.emulator.calls().filter((call) => call.direction === 'outbound-api');
    expect(placed).toHaveLength(calleeCalls.length);
    const stateOf = new Map(placed.map((p) => [p.provider_call_sid, String(p.state).replace('_', '-')]));
    for (const call of calleeCalls) expect({ sid: call.sid, status: stateOf.get(call.sid) }).toEqual({ sid: call.sid, status: call.status });
  });
});
