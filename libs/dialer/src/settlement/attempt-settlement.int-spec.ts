import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { AgentsService } from '@dialer/agents';
import { CallsModule } from '@dialer/calls';
import { ManualClock } from '@dialer/core';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, insertAttemptRow, query, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { DispositionService } from '../dispositions/disposition.service';
import { AttemptSettlementService, SettleOutcome } from './attempt-settlement.service';
import { CallEndings } from './call-endings.service';

describe('settling attempts in batches (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let settlement: AttemptSettlementService;
  const now = new Date('2026-11-23T17:00:00Z'); // Monday noon in New York
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const agentId = randomUUID();
  const DISPOSITIONS = [
    { code: 'SALE', isFinal: true, isContact: true },
    { code: 'CALLBACK', isCallback: true, isContact: true },
    { code: 'DNC', isFinal: true, isDnc: true },
    { code: 'WRONG_NUMBER' },
  ];

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], new ManualClock(now));
    settlement = app.get(AttemptSettlementService);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  afterEach(() => jest.restoreAllMocks());

  let phones = 0;
  const phone = () => `+1212555${String(1000 + (phones += 1)).padStart(4, '0')}`;

  /** An attempt row straight in SQL: ended at `now` less a minute unless told otherwise. */
  const insertAttempt = (campaignId: string, leadId: string, dialed: string, columns: Record<string, unknown>): Promise<string> =>
    insertAttemptRow(app, { campaign_id: campaignId, lead_id: leadId, phone: dialed, created_at: ago(120_000), ended_at: ago(60_000), ...columns });
  const sid = () => `CA${randomUUID().replace(/-/g, '')}`;

  /**
   * One of each way an attempt settles, on leads of their own, in the order a
   * batch gets them; the last two are one lead's wrong number and its next
   * number dialed at once, ended within the same batch.
   */
  const scenarios = async () => {
    const campaign = await seedCampaign(app, { dispositions: DISPOSITIONS });
    const lead = async (status = 'dialing', altPhones: string[] = []) => {
      const main = phone();
      const [id] = await seedLeads(app, campaign.listId, [{ phone: main, status, altPhones: altPhones.map((alt) => ({ phone: alt })) }]);
      await query(app, `update leads set attempt_count = 1, last_attempt_at = ? where id = ?`, [ago(120_000), id]);
      return { id: id!, phone: main };
    };
    const attempt = async (columns: Record<string, unknown>, leadStatus?: string, altPhones?: string[]) => {
      const { id: leadId, phone: main } = await lead(leadStatus, altPhones);
      const placed = columns.provider_call_sid ? { provider_call_sid: sid() } : {};
      return { leadId, attemptId: await insertAttempt(campaign.id, leadId, main, { ...columns, ...placed }) };
    };
    const answered = { state: 'completed', provider_call_sid: sid(), answered_at: ago(90_000), answered_by: 'human', mode: 'predictive' };
    const talked = { ...answered, agent_id: agentId, connected_at: ago(85_000) };
    const rows = [
      await attempt({ state: 'no_answer', provider_call_sid: sid() }),
      await attempt({ ...talked, disposition_code: 'CALLBACK', disposition_data: JSON.stringify({ callbackAt: '2026-11-25T15:00:00.000Z', personalCallback: true }) }),
      await attempt({ ...talked, disposition_code: 'SALE' }),
      await attempt({ ...talked, disposition_code: 'DNC' }),
      // Async AMD's machine verdict came after the abandon message: a machine, no abandon.
      await attempt({ ...answered, answered_by: 'machine_end_beep', abandoned: true }),
      await attempt({ ...answered, abandoned: true }),
      // A person nobody put through: an abandon, with its evidence.
      await attempt({ ...answered }),
      await attempt({ ...talked }), // awaiting its disposition
      await attempt({ state: 'canceled', compliance_evidence: JSON.stringify({ taken: { status: 'callback', nextAttemptAt: '2026-11-24T15:00:00.000Z' } }) }),
      await attempt({ state: 'canceled', outcome: 'skipped' }),
      await attempt({ state: 'busy', provider_call_sid: sid() }, 'blocked'), // a lead blocked meanwhile stays blocked
      await attempt({ state: 'in_progress', provider_call_sid: sid(), ended_at: null }),
      await attempt({ state: 'no_answer', provider_call_sid: sid(), settled_at: ago(30_000), outcome: 'no_answer' }),
    ];
    const alt = phone();
    const { id: leadId, phone: main } = await lead('dialing', [alt]);
    rows.push({ leadId, attemptId: await insertAttempt(campaign.id, leadId, main, { ...talked, provider_call_sid: sid(), disposition_code: 'WRONG_NUMBER', ended_at: ago(50_000) }) });
    rows.push({ leadId, attemptId: await insertAttempt(campaign.id, leadId, alt, { state: 'failed', provider_call_sid: sid(), created_at: ago(40_000), ended_at: ago(30_000) }) });
    return rows;
  };

  /** What settlement wrote, without what differs between two copies of the scenarios (ids, phones). */
  const written = async (rows: { leadId: string; attemptId: string }[]) => {
    const leads = await query(
      app,
      `select id, status, next_attempt_at, blocked_reason, callback_agent_id, last_disposition, attempt_count, last_attempt_at from leads where id = any(?::uuid[])`,
      [`{${rows.map((row) => row.leadId).join(',')}}`],
    );
    const attempts = await query(app, `select id, outcome, abandoned, settled_at, compliance_evidence from call_attempts where id = any(?::uuid[])`, [
      `{${rows.map((row) => row.attemptId).join(',')}}`,
    ]);
    const without = ({ id: _id, ...rest }: Record<string, unknown>) => rest;
    return rows.map((row) => ({
      lead: without(leads.find((lead) => lead.id === row.leadId)!),
      attempt: without(attempts.find((attempt) => attempt.id === row.attemptId)!),
    }));
  };
  const value = (outcome: SettleOutcome) => (outcome.status === 'fulfilled' ? outcome.value : `failed: ${String(outcome.reason)}`);

  it('settles a batch exactly as it settles the same attempts one by one', async () => {
    const alone = await scenarios();
    const together = await scenarios();
    const aloneResults: string[] = [];
    for (const { attemptId } of alone) aloneResults.push(await settlement.settle(attemptId));
    const batch = await settlement.settleMany(together.map((row) => row.attemptId));

    expect(batch.map(value)).toEqual(aloneResults);
    expect(aloneResults).toEqual([
      ...Array(7).fill('settled'),
      'awaiting_disposition',
      'settled',
      'settled',
      'settled',
      'not_ended',
      'already_settled',
      'settled',
      'settled',
    ]);
    const expected = await written(alone);
    expect(await written(together)).toEqual(expected);
    // What the one-by-one path wrote is what each case is about.
    expect(expected.map(({ lead }) => lead.status)).toEqual([
      'retry', 'callback', 'done', 'blocked', 'retry', 'retry', 'retry', 'dialing', 'callback', 'retry', 'blocked', 'dialing', 'dialing', 'retry', 'retry',
    ]);
    expect(expected.map(({ attempt }) => attempt.outcome)).toEqual([
      'no_answer', 'human', 'human', 'human', 'machine', 'abandoned', 'abandoned', null, 'canceled', 'skipped', 'busy', null, 'no_answer', 'human', 'failed',
    ]);
    expect(expected[1]!.lead.callback_agent_id).toBe(agentId);
    expect(expected[4]!.attempt.abandoned).toBe(false);
    expect(expected[6]!.attempt).toMatchObject({ abandoned: true, compliance_evidence: { abandonMessage: { neverPutThrough: true, putThroughAfterHangUp: false } } });
    const at = (value: unknown) => new Date(value as string).toISOString();
    expect(expected[8]!.lead.attempt_count).toBe(0);
    expect(at(expected[8]!.lead.next_attempt_at)).toBe('2026-11-24T15:00:00.000Z');
    // One lead: its wrong number moved on to the other number at once; that number's failure, settled after it
    // (the lead as the first left it), had none left to try: retried after the campaign's delay.
    expect(expected[14]!.lead.last_disposition).toBe('WRONG_NUMBER');
    expect(Date.parse(at(expected[14]!.lead.next_attempt_at))).toBeGreaterThan(ago(0).getTime());
  });

  it('settles a connected call without its disposition when forced, in a batch as alone', async () => {
    const [alone, together] = [await scenarios(), await scenarios()];
    expect(await settlement.settle(alone[7]!.attemptId, { force: true })).toBe('settled');
    expect((await settlement.settleMany([together[7]!.attemptId, together[0]!.attemptId], { force: true })).map(value)).toEqual(['settled', 'settled']);
    expect((await written([together[7]!]))).toEqual(await written([alone[7]!]));
  });

  it('settles the rest of a batch when one attempt’s next state cannot be worked out', async () => {
    // Settings the api refuses, as stored before it did: settling its no-answer throws.
    const broken = await seedCampaign(app, { settings: { retryRules: { no_answer: null } } });
    const [brokenLead] = await seedLeads(app, broken.listId, [{ phone: phone(), status: 'dialing' }]);
    const bad = await insertAttempt(broken.id, brokenLead!, '+12125550000', { state: 'no_answer', provider_call_sid: sid() });
    const rows = await scenarios();
    const batchWrites = jest.spyOn(settlement as unknown as { settleBatch: () => Promise<unknown> }, 'settleBatch');

    const results = await settlement.settleMany([rows[0]!.attemptId, bad, rows[2]!.attemptId]);
    expect(results.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batchWrites).toHaveBeenCalledTimes(1); // settled within the batch, not one by one after it failed
    expect((await query(app, `select settled_at from call_attempts where id = ?`, [bad]))[0]!.settled_at).toBeNull();
    expect((await written([rows[0]!, rows[2]!])).map(({ lead }) => lead.status)).toEqual(['retry', 'done']);
  });

  it('settles the rest of a batch the database refuses because of one attempt, one attempt at a time', async () => {
    const rows = await scenarios();
    const bad = rows[5]!.attemptId;
    // One row the database will not take (a constraint added since, say), in the middle of the batch.
    await query(
      app,
      `create function refuse_settling() returns trigger language plpgsql as $$ begin
         if new.id = '${bad}' and new.settled_at is not null then raise exception 'refused'; end if; return new; end $$`,
    );
    await query(app, `create trigger refuse_settling before update on call_attempts for each row execute function refuse_settling()`);
    try {
      const results = await settlement.settleMany(rows.slice(0, 7).map((row) => row.attemptId));
      expect(results.map(value)).toEqual(['settled', 'settled', 'settled', 'settled', 'settled', expect.stringContaining('refused'), 'settled']);
    } finally {
      await query(app, `drop trigger refuse_settling on call_attempts`);
      await query(app, `drop function refuse_settling()`);
    }
    const after = await written(rows.slice(0, 7));
    expect(after.map(({ attempt }) => attempt.settled_at === null)).toEqual([false, false, false, false, false, true, false]);
    expect(after[5]!.lead.status).toBe('dialing'); // nothing of it written: its lead waits for the next try
  });

  it('neither deadlocks with nor double-settles a disposition recorded while a batch settles its call', async () => {
    const dispositions = app.get(DispositionService);
    const agents = app.get(AgentsService);
    const batchWrites = jest.spyOn(settlement as unknown as { settleBatch: () => Promise<unknown> }, 'settleBatch');
    for (let round = 0; round < 8; round += 1) {
      const campaign = await seedCampaign(app, { dispositions: DISPOSITIONS });
      // The agent's callee shares the number of two leads of the batch: the DNC blocks them too (waiting to be
      // dialed, as the batch leaves them or finds them), while the batch may hold them.
      const shared = phone();
      const leads = await seedLeads(app, campaign.listId, [
        { phone: shared, status: 'dialing' },
        { phone: shared, status: 'retry' },
        { phone: shared, status: 'retry' },
        { phone: phone(), status: 'dialing' },
      ]);
      const agent = randomUUID();
      const call = await insertAttempt(campaign.id, leads[0]!, shared, {
        state: 'completed', provider_call_sid: sid(), answered_at: ago(90_000), answered_by: 'human', connected_at: ago(85_000), agent_id: agent, mode: 'predictive',
      });
      const others = [];
      for (const leadId of leads.slice(1)) others.push(await insertAttempt(campaign.id, leadId, shared, { state: 'no_answer', provider_call_sid: sid() }));
      await agents.join(agent, campaign.id, 'Test agent');
      await agents.ready(agent);
      await agents.reserveNext(campaign.id, call, leads[0]!);
      await agents.endCall(agent, call);

      const batchIds = round % 2 === 0 ? [...others, call] : [call, ...others];
      const [recorded, batch] = await Promise.all([
        dispositions.submit(agent, call, { code: 'DNC' }, { id: agent, role: 'agent' }),
        settlement.settleMany(batchIds),
      ]);
      const callInBatch = value(batch[batchIds.indexOf(call)]!);
      // Settled once: by the batch if it read the disposition, else by the disposition's own settle (the batch then
      // read the call awaiting its disposition, or skipped the row the disposition held and, settling it alone after, found it settled).
      expect(['settled', 'awaiting_disposition', 'already_settled']).toContain(callInBatch);
      expect(recorded.settlement).toBe(callInBatch === 'settled' ? 'already_settled' : 'settled');
      expect(batch.map(value).filter((result, i) => batchIds[i] !== call)).toEqual(['settled', 'settled', 'settled']);
      const states = await query(app, `select id, status from leads where id = any(?::uuid[])`, [`{${leads.join(',')}}`]);
      expect(leads.map((id) => states.find((lead) => lead.id === id)!.status)).toEqual(['blocked', 'blocked', 'blocked', 'retry']);
    }
    // No batch failed (a deadlock would have, and been settled again one attempt at a time).
    const batches = await Promise.allSettled(batchWrites.mock.results.map((result) => result.value as Promise<unknown>));
    expect(batches.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
  });

  it('applies the endings of several calls at once: each one’s agent freed, every lead settled in one batch', async () => {
    const agents = app.get(AgentsService);
    const campaign = await seedCampaign(app, { dispositions: DISPOSITIONS });
    const leads = await seedLeads(app, campaign.listId, [{ phone: phone(), status: 'dialing' }, { phone: phone(), status: 'dialing' }, { phone: phone(), status: 'dialing' }]);
    const ringing = randomUUID();
    // An agent reserved for a call nobody answered, and two agentless calls (a survey's, say).
    const ids = [
      await insertAttempt(campaign.id, leads[0]!, '+12125550001', { state: 'no_answer', provider_call_sid: sid(), agent_id: ringing }),
      await insertAttempt(campaign.id, leads[1]!, '+12125550002', { state: 'busy', provider_call_sid: sid() }),
      await insertAttempt(campaign.id, leads[2]!, '+12125550003', { state: 'failed', provider_call_sid: sid() }),
    ];
    await agents.join(ringing, campaign.id, 'Test agent');
    await agents.ready(ringing);
    await agents.reserveNext(campaign.id, ids[0]!, leads[0]!);
    const batchWrites = jest.spyOn(settlement as unknown as { settleBatch: () => Promise<unknown> }, 'settleBatch');

    await app.get(CallEndings).onCallsEnded([...ids, randomUUID()]); // and one that is not ours: nothing to do

    expect(batchWrites).toHaveBeenCalledTimes(1);
    expect((await agents.get(ringing))?.state).toBe('ready');
    const settled = await query(app, `select count(*)::int as n from call_attempts where id = any(?::uuid[]) and settled_at is not null`, [`{${ids.join(',')}}`]);
    expect(settled[0]!.n).toBe(3);
  });
});
