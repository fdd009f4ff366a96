import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { DncService } from '@dialer/compliance';
import { CallsModule } from '@dialer/calls';
import { ManualClock } from '@dialer/core';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, insertAttemptRow, query, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { AttemptSettlementService } from './attempt-settlement.service';

/** Batched settlement beside the other writers of call_attempts and leads: no lock cycle with any of them. */
describe('settlement beside the other writers of attempts and leads: lock order (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let settlement: AttemptSettlementService;
  const clients: Client[] = [];
  const now = new Date('2026-11-23T17:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], new ManualClock(now));
    settlement = app.get(AttemptSettlementService);
  });

  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await app?.close();
    await ctx?.cleanup();
  });

  afterEach(() => jest.restoreAllMocks());

  const connect = async () => {
    const client = new Client({ connectionString: ctx.database.url });
    await client.connect();
    clients.push(client);
    return client;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  let phones = 0;
  const phone = () => `+1212666${String(1000 + (phones += 1)).padStart(4, '0')}`;

  const insertAttempt = (campaignId: string, leadId: string, dialed: string, columns: Record<string, unknown>): Promise<string> =>
    insertAttemptRow(app, { campaign_id: campaignId, lead_id: leadId, phone: dialed, created_at: ago(120_000), ended_at: ago(60_000), ...columns });

  /** Waits until some backend is blocked on a lock (its statement starts with `prefix`). */
  /** `prefix`: a part of the waiting statement; a settlement's wait matches the old single settle's too (for comparison). */
  const waitForLockWait = async (observer: Client, prefix: string) => {
    const parts = prefix.startsWith('select 1 from leads') || prefix.startsWith('select id, lead_id') ? [prefix, 'for update of a, l'] : [prefix];
    for (let i = 0; i < 200; i += 1) {
      const { rows } = await observer.query(
        `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database() and (position($1 in query) > 0 or position($2 in query) > 0)`,
        [parts[0], parts[1] ?? parts[0]],
      );
      if (rows[0].n > 0) return;
      await sleep(20);
    }
    throw new Error(`nobody waits on a lock with ${prefix}`);
  };

  /** Until `prefix` waits on a lock, or `settling` is done without having had to wait. */
  const waitForLockWaitOrDone = async (observer: Client, prefix: string, settling: Promise<unknown>) => {
    let done = false;
    void settling.finally(() => (done = true));
    for (let i = 0; i < 200 && !done; i += 1) {
      try {
        await waitForLockWait(observer, prefix);
        return;
      } catch {
        await sleep(20);
      }
    }
  };

  it('does not deadlock with the webhook recorder, which locks the attempts of its batch in CallSid order, not id order', async () => {
    const campaign = await seedCampaign(app, {});
    const leads = await seedLeads(app, campaign.listId, [
      { phone: phone(), status: 'dialing' },
      { phone: phone(), status: 'dialing' },
      { phone: phone(), status: 'dialing' },
    ]);
    // Two calls just ended (their endings are in one settlement batch) whose CallSids sort the other way round
    // from their ids; a third call's late callback sits between them in the recorder's batch.
    const [low, high] = [randomUUID(), randomUUID()].sort();
    const sidHigh = `CA0${randomUUID().replace(/-/g, '').slice(1)}`;
    const sidGate = `CA5${randomUUID().replace(/-/g, '').slice(1)}`;
    const sidLow = `CA9${randomUUID().replace(/-/g, '').slice(1)}`;
    await insertAttempt(campaign.id, leads[0]!, phone(), { id: low, state: 'no_answer', provider_call_sid: sidLow });
    await insertAttempt(campaign.id, leads[1]!, phone(), { id: high, state: 'busy', provider_call_sid: sidHigh });
    const gate = await insertAttempt(campaign.id, leads[2]!, phone(), { state: 'no_answer', provider_call_sid: sidGate });

    // Late callbacks of the three calls (a recording's, a duplicate final status), recorded in one group commit:
    // RECORD_CALL_EVENTS_SQL locks their attempts in CallSid order.
    const recorder = await connect();
    const holder = await connect();
    const observer = await connect();
    await holder.query('begin');
    await holder.query(`select 1 from call_attempts where id = $1 for update`, [gate]);
    // The recorder's batch: locks `high` (first CallSid), then waits on the gate.
    await recorder.query('begin');
    const recorded = recorder
      .query(`select 1 from call_attempts where provider_call_sid = any($1::text[]) order by provider_call_sid for update`, [[sidLow, sidGate, sidHigh]])
      .then(
        () => recorder.query('commit').then(() => 'recorded'),
        async (error: Error) => {
          await recorder.query('rollback');
          return `recorder failed: ${error.message}`;
        },
      );
    await waitForLockWait(observer, 'order by provider_call_sid for update');
    // The settlement batch: waiting on `high` while holding `low` would close a cycle with the recorder. It takes
    // `low`, skips `high`, commits, then settles `high` alone (waiting holds nothing the recorder wants).
    const batchWrites = jest.spyOn(settlement as unknown as { settleBatch: () => Promise<unknown> }, 'settleBatch');
    const settled = settlement.settleMany([low, high]);
    await waitForLockWait(observer, 'select id, lead_id');
    await sleep(1_300); // past deadlock_timeout: the settlement's own check found no cycle yet
    await holder.query('commit'); // the recorder moves on to `low`

    expect(await recorded).toBe('recorded');
    expect((await settled).map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    const batches = await Promise.allSettled(batchWrites.mock.results.map((result) => result.value as Promise<unknown>));
    expect(batches.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
  }, 20_000);
  it('does not deadlock with a DNC entry blocking the leads of the number, which it locks in the order of the index, not id order', async () => {
    const campaign = await seedCampaign(app, {});
    // Two leads with one number (two lists' copies of a person), the one stored first having the larger id;
    // their calls ended and were settled (by the pacing leader) before the api's batch comes round: `retry`.
    const shared = phone();
    let first = '';
    let second = '';
    for (;;) {
      [first] = await seedLeads(app, campaign.listId, [{ phone: shared, status: 'retry' }]);
      [second] = await seedLeads(app, campaign.listId, [{ phone: shared, status: 'retry' }]);
      if (first! > second!) break;
      await query(app, `delete from leads where id = any(?::uuid[])`, [`{${first},${second}}`]);
    }
    const settledColumns = { state: 'no_answer', outcome: 'no_answer', settled_at: ago(30_000) };
    const ids = [
      await insertAttempt(campaign.id, first!, shared, { ...settledColumns, provider_call_sid: `CA${randomUUID().replace(/-/g, '')}` }),
      await insertAttempt(campaign.id, second!, shared, { ...settledColumns, provider_call_sid: `CA${randomUUID().replace(/-/g, '')}` }),
    ];

    const holder = await connect();
    const observer = await connect();
    // Something holding the lead with the smaller id a moment (a hopper take, a recheck, another settle).
    await holder.query('begin');
    await holder.query(`select 1 from leads where id = $1 for update`, [second]);
    const batchWrites = jest.spyOn(settlement as unknown as { settleBatch: () => Promise<unknown> }, 'settleBatch');
    // Both attempts are settled already: the batch reads them and locks neither lead (it wrote no lead, and
    // waiting on one could close a cycle with the DNC entry below).
    const settled = settlement.settleMany(ids);
    await waitForLockWaitOrDone(observer, 'select id from leads where id = any', settled);
    // The number goes on the do-not-call list (an agent's DNC disposition on a third lead, an admin, an IVR opt-out).
    const added = app
      .get(DncService)
      .add({ phone: shared, scope: 'global', source: 'manual', reason: 'asked not to be called' }, SYSTEM_ACTOR)
      .then(
        () => 'added',
        (error: Error) => `DNC entry failed: ${error.message}`,
      );
    await waitForLockWait(observer, 'update leads l set status');
    await holder.query('commit');

    expect(await added).toBe('added');
    expect((await settled).map((outcome) => outcome.status === 'fulfilled' && outcome.value)).toEqual(['already_settled', 'already_settled']);
    const batches = await Promise.allSettled(batchWrites.mock.results.map((result) => result.value as Promise<unknown>));
    expect(batches.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    const states = await query(app, `select status from leads where id = any(?::uuid[])`, [`{${first},${second}}`]);
    expect(states.map((lead) => lead.status)).toEqual(['blocked', 'blocked']);
  }, 20_000);
  it('does not deadlock with a subject erasure, which erases the calls of the number before its leads, as settlement locks them', async () => {
    const campaign = await seedCampaign(app, {});
    const shared = phone();
    const [leadId] = await seedLeads(app, campaign.listId, [{ phone: shared, status: 'dialing' }]);
    const answered = { state: 'completed', answered_at: ago(90_000), answered_by: 'human', disposition_code: 'SALE', disposition_data: JSON.stringify({ notes: 'private' }) };
    // One call a disposition settled before the api's batch came round, one ended and still to settle.
    const settledBefore = await insertAttempt(campaign.id, leadId!, shared, {
      ...answered, provider_call_sid: `CA${randomUUID().replace(/-/g, '')}`, outcome: 'human', settled_at: ago(30_000),
    });
    const toSettle = await insertAttempt(campaign.id, leadId!, shared, { ...answered, provider_call_sid: `CA${randomUUID().replace(/-/g, '')}` });
    const erasure = await connect();
    const observer = await connect();
    // SubjectRequestsService.erase: one transaction, the attempts (CallRecordsRepository) then the leads (LeadRecordsRepository).
    await erasure.query('begin');
    await erasure.query(`update call_attempts set disposition_data = null, updated_at = now() where phone = $1 and disposition_data is not null`, [shared]);
    const settled = settlement.settleMany([settledBefore, toSettle]);
    await waitForLockWaitOrDone(observer, 'select id, lead_id', settled);
    const erased = erasure.query(`update leads l set first_name = null, updated_at = now() where l.phone = $1 and l.status <> 'dialing'`, [shared]).then(
      () => erasure.query('commit').then(() => 'erased'),
      async (error: Error) => {
        await erasure.query('rollback');
        return `erasure failed: ${error.message}`;
      },
    );
    expect(await erased).toBe('erased');
    expect((await settled).map((outcome) => outcome.status === 'fulfilled' && outcome.value)).toEqual(['already_settled', 'settled']);
  }, 20_000);
});
