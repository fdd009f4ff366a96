import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import fc from 'fast-check';
import { Client } from 'pg';
import { AuditModule } from '@dialer/audit';
import { CoreModule } from '@dialer/core';
import { DbModule } from '@dialer/db';
import { TelephonyModule } from '@dialer/telephony';
import { createTestContext, seedAttempts, SeededAttempt, TestContext } from '@dialer/testing';
import { CallsModule } from '../calls.module';
import { CallProgressService } from '../webhooks/call-progress.service';
import { AttemptProgress, applyAll, ProgressReport } from '../state/attempt-state-machine';
import { CALL_OUTCOMES, deliveryOf, lifecycleOf } from '../state/call-lifecycle.fixture';
import { CallEventInput, CallProgressRepository } from './call-progress.repository';
import { RawSql } from './raw-sql';

/** The SQL that advances attempts agrees with the pure state machine, whatever the order, duplication and concurrency. */
describe('CallProgressRepository (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let repository: CallProgressRepository;
  let db: Client;
  let attempts: SeededAttempt[];
  let next = 0;

  beforeAll(async () => {
    ctx = await createTestContext();
    attempts = await seedAttempts(ctx.database.url, { attemptsPerCampaign: 400 });
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot(ctx.config, 'test'), DbModule.forRoot(), AuditModule, TelephonyModule.forRoot(), CallsModule],
    }).compile();
    app = await moduleRef.init();
    repository = app.get(CallProgressRepository);
    db = new Client({ connectionString: ctx.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
    await ctx?.cleanup();
  });

  const freshAttempt = () => attempts[next++]!;
  const sidOf = (attempt: SeededAttempt) => `CA${attempt.id.replace(/-/g, '')}`;

  /** A report as the webhook it came from: its kind and dedupe key. */
  function eventOf(report: ProgressReport, callSid: string, attemptId: string): CallEventInput {
    const kind = report.sequenceNumber !== undefined ? 'status' : report.joinedConference ? 'conference' : 'amd';
    return {
      kind,
      callSid,
      dedupeKey: kind === 'status' ? String(report.sequenceNumber) : kind === 'conference' ? 'CF1:1' : 'verdict',
      sequenceNumber: report.sequenceNumber ?? null,
      status: report.status ?? null,
      params: { CallSid: callSid },
      idempotencyToken: null,
      receivedAt: report.at ?? new Date(),
      attemptHint: kind === 'conference' ? null : attemptId,
      hintMayBindSid: kind !== 'conference',
      report,
    };
  }

  async function progressOf(attemptId: string): Promise<AttemptProgress & { providerCallSid: string | null }> {
    const { rows } = await db.query(
      `select state, last_sequence_number, initiated_at, ringing_at, answered_at, connected_at, ended_at, answered_by,
              duration_sec, sip_response_code, provider_call_sid from call_attempts where id = $1`,
      [attemptId],
    );
    const row = rows[0];
    return {
      state: row.state,
      lastSequenceNumber: row.last_sequence_number,
      initiatedAt: row.initiated_at,
      ringingAt: row.ringing_at,
      answeredAt: row.answered_at,
      connectedAt: row.connected_at,
      endedAt: row.ended_at,
      answeredBy: row.answered_by,
      durationSec: row.duration_sec,
      sipResponseCode: row.sip_response_code,
      providerCallSid: row.provider_call_sid,
    };
  }

  const bindSid = (attempt: SeededAttempt, callSid: string) =>
    db.query('update call_attempts set provider_call_sid = $2 where id = $1', [attempt.id, callSid]);

  const eventCount = async (callSid: string) =>
    Number((await db.query('select count(*) from call_events where call_sid = $1', [callSid])).rows[0].count);

  const lifecycles = fc
    .record({
      outcome: fc.constantFrom(...CALL_OUTCOMES),
      gaps: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 4 }),
      asyncAmd: fc.boolean(),
      bridged: fc.boolean(),
    })
    .map(lifecycleOf);

  it.each([
    ['one after the other', false],
    ['all at once', true],
  ])('ends where in-order delivery ends, with every event stored once, when callbacks arrive shuffled and duplicated, %s', async (_how, concurrent) => {
    await fc.assert(
      fc.asyncProperty(lifecycles, fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 4 }), async (lifecycle, shuffle, duplicates) => {
        const attempt = freshAttempt();
        const callSid = sidOf(attempt);
        // placeCall has stored the CallSid (a conference join can only come after that).
        await bindSid(attempt, callSid);
        const deliveries = deliveryOf(lifecycle, shuffle, duplicates).map((report) => eventOf(report, callSid, attempt.id));
        const results = concurrent
          ? await Promise.all(deliveries.map((delivery) => repository.record(delivery)))
          : await deliveries.reduce(
              async (done, delivery) => [...(await done), await repository.record(delivery)],
              Promise.resolve([] as Awaited<ReturnType<CallProgressRepository['record']>>[]),
            );

        expect(await progressOf(attempt.id)).toEqual({ ...applyAll(lifecycle), providerCallSid: callSid });
        expect(await eventCount(callSid)).toBe(lifecycle.length);
        expect(results.filter((result) => !result.duplicate)).toHaveLength(lifecycle.length);
        expect(results.every((result) => result.attempt?.id === attempt.id)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('reports what changed: a new state, then nothing for a duplicate or a late ringing', async () => {
    const attempt = freshAttempt();
    const callSid = sidOf(attempt);
    const [initiated, ringing, answered, completed] = lifecycleOf({ outcome: 'human', gaps: [2], asyncAmd: false, bridged: false });
    const record = (report: ProgressReport) => repository.record(eventOf(report, callSid, attempt.id));

    expect(await record(initiated!)).toMatchObject({ duplicate: false, attempt: { state: 'initiated', previousState: 'queued', changed: true } });
    expect(await record(answered!)).toMatchObject({ attempt: { state: 'in_progress', changed: true } });
    expect(await record(completed!)).toMatchObject({ attempt: { state: 'completed', previousState: 'in_progress', changed: true } });
    expect(await record(completed!)).toMatchObject({ duplicate: true, attempt: { state: 'completed', changed: false } });
    // Late ringing: stored, fills ringing_at, state unchanged.
    expect(await record(ringing!)).toMatchObject({ duplicate: false, attempt: { state: 'completed', previousState: 'completed', changed: true } });
    expect((await progressOf(attempt.id)).ringingAt).toEqual(ringing!.at);
    expect(await record(ringing!)).toMatchObject({ duplicate: true, attempt: { changed: false } });
  });

  it('finds the attempt by the id in the URL when a callback beats the stored CallSid, and stores the CallSid', async () => {
    const attempt = freshAttempt();
    const callSid = sidOf(attempt);
    const result = await repository.record(eventOf({ status: 'initiated', sequenceNumber: 0, at: new Date() }, callSid, attempt.id));
    expect(result.attempt).toMatchObject({ id: attempt.id, state: 'initiated', changed: true });
    expect((await progressOf(attempt.id)).providerCallSid).toBe(callSid);

    // Another call cannot take it over with the same attempt id.
    const other = await repository.record(eventOf({ status: 'ringing', sequenceNumber: 1, at: new Date() }, `${callSid.slice(0, -4)}beef`, attempt.id));
    expect(other.attempt).toBeNull();
    expect((await progressOf(attempt.id)).state).toBe('initiated');
  });

  it('takes a whole call’s callbacks at once before its CallSid is stored, without deadlock or loss', async () => {
    for (let i = 0; i < 10; i += 1) {
      const attempt = freshAttempt();
      const callSid = sidOf(attempt);
      const lifecycle = lifecycleOf({ outcome: 'human', gaps: [1], asyncAmd: true, bridged: false });
      const deliveries = deliveryOf(lifecycle, [3, 1, 4, 1, 5], [0, 2]).map((report) => eventOf(report, callSid, attempt.id));
      await Promise.all(deliveries.map((delivery) => repository.record(delivery)));
      expect(await progressOf(attempt.id)).toEqual({ ...applyAll(lifecycle), providerCallSid: callSid });
    }
  });

  it('keeps a callback for a call that is not ours, matched to no attempt', async () => {
    const callSid = 'CA00000000000000000000000000unknown';
    const result = await repository.record(eventOf({ status: 'ringing', sequenceNumber: 1, at: new Date() }, callSid, '00000000-0000-4000-8000-000000000000'));
    expect(result).toEqual({ duplicate: false, attempt: null });
    const { rows } = await db.query('select attempt_id, kind, status from call_events where call_sid = $1', [callSid]);
    expect(rows).toEqual([{ attempt_id: null, kind: 'status', status: 'ringing' }]);
  });

  it('never lets a conference participant claim an attempt by the URL alone (the agent’s leg is in the same room)', async () => {
    const attempt = freshAttempt();
    const agentLeg = 'CA0000000000000000000000000000agent';
    const result = await repository.record({
      ...eventOf({ joinedConference: true, at: new Date() }, agentLeg, attempt.id),
      attemptHint: attempt.id,
    });
    expect(result.attempt).toBeNull();
    expect((await progressOf(attempt.id)).providerCallSid).toBeNull();
  });

  it('writes the webhooks of many calls arriving together in shared statements (group commit), each call as if alone', async () => {
    const sql = app.get(RawSql);
    const statements = jest.spyOn(sql, 'query');
    try {
      const calls = Array.from({ length: 40 }, (_, i) => {
        const attempt = freshAttempt();
        const lifecycle = lifecycleOf({ outcome: CALL_OUTCOMES[i % CALL_OUTCOMES.length]!, gaps: [1, 2], asyncAmd: i % 2 === 0, bridged: i % 3 === 0 });
        // A tenth learn their CallSid from the first webhook.
        return { attempt, callSid: sidOf(attempt), lifecycle, bound: i % 10 !== 0 };
      });
      for (const call of calls) if (call.bound) await bindSid(call.attempt, call.callSid);
      statements.mockClear();
      const deliveries = calls.flatMap((call) => deliveryOf(call.lifecycle, [2, 7, 1], [1]).map((report) => eventOf(report, call.callSid, call.attempt.id)));
      const results = await Promise.all(deliveries.map((delivery) => repository.record(delivery)));

      const batched = statements.mock.calls.filter(([name]) => name === 'calls.record-events');
      expect(batched.length).toBeGreaterThan(0);
      expect(statements.mock.calls.length).toBeLessThan(deliveries.length / 4);
      for (const call of calls) {
        expect(await progressOf(call.attempt.id)).toEqual({ ...applyAll(call.lifecycle), providerCallSid: call.callSid });
        expect(await eventCount(call.callSid)).toBe(call.lifecycle.length);
      }
      expect(results.filter((result) => !result.duplicate)).toHaveLength(calls.reduce((sum, call) => sum + call.lifecycle.length, 0));
    } finally {
      statements.mockRestore();
    }
  });

  it('fails only the webhook the database refuses, not the others of its batch', async () => {
    const good = Array.from({ length: 5 }, () => freshAttempt());
    const poisoned = freshAttempt();
    const initiated = { status: 'initiated' as const, sequenceNumber: 0, at: new Date() };
    // PostgreSQL's jsonb cannot hold U+0000: the whole statement would fail.
    const bad = { ...eventOf(initiated, sidOf(poisoned), poisoned.id), params: { CallSid: sidOf(poisoned), Odd: 'a\u0000b' } };
    const results = await Promise.allSettled([
      ...good.map((attempt) => repository.record(eventOf(initiated, sidOf(attempt), attempt.id))),
      repository.record(bad),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
    for (const attempt of good) expect((await progressOf(attempt.id)).state).toBe('initiated');
    expect(await eventCount(sidOf(poisoned))).toBe(0);
  });

  it('claims a voice request’s TwiML with its event: the first request holds the claim, a copy does not, a retry reads the stored document', async () => {
    const attempt = freshAttempt();
    const callSid = sidOf(attempt);
    await bindSid(attempt, callSid);
    const voice = (token: string): CallEventInput => ({
      ...eventOf({ status: 'in-progress' }, callSid, attempt.id),
      kind: 'voice',
      dedupeKey: 'answer',
      twimlClaim: { webhook: 'voice', step: 'answer', token },
    });
    // Two copies at once: they go in two statements (one call per batch), and either may come first.
    const copies = await Promise.all([repository.record(voice('00000000-0000-4000-8000-00000000000a')), repository.record(voice('00000000-0000-4000-8000-00000000000b'))]);
    const first = copies.find((copy) => !copy.duplicate)!;
    expect(first).toMatchObject({ twimlClaim: { claimed: true, twiml: null } });
    expect(copies.filter((copy) => copy !== first)).toMatchObject([{ duplicate: true, twimlClaim: { claimed: false, twiml: null } }]);

    await db.query(`update call_twiml_responses set twiml = '<Response/>' where call_sid = $1 and claim_token = $2`, [callSid, first.twimlClaim!.token]);
    const retry = await repository.record(voice('00000000-0000-4000-8000-00000000000c'));
    expect(retry).toMatchObject({ duplicate: true, twimlClaim: { claimed: false, twiml: '<Response/>' } });

    // Not one of our calls: nothing is claimed.
    const stranger = await repository.record({ ...voice('00000000-0000-4000-8000-00000000000d'), callSid: 'CA0000000000000000000000000stranger', attemptHint: null });
    expect(stranger).toEqual({ duplicate: false, attempt: null });
    expect(Number((await db.query(`select count(*) from call_twiml_responses where call_sid = 'CA0000000000000000000000000stranger'`)).rows[0].count)).toBe(0);
  });

  it('records a call the provider does not know as failed, once (CallProgressService.lostAtProvider, for reconciliation)', async () => {
    const progress = app.get(CallProgressService);
    const attempt = freshAttempt();
    const callSid = sidOf(attempt);
    await bindSid(attempt, callSid);
    await repository.record(eventOf({ status: 'initiated', sequenceNumber: 0, at: new Date() }, callSid, attempt.id));

    const lost = await progress.lostAtProvider(attempt.id, callSid);
    expect(lost).toEqual({
      duplicate: false,
      attempt: expect.objectContaining({ id: attempt.id, previousState: 'initiated', state: 'failed', changed: true }),
    });
    expect(await progressOf(attempt.id)).toMatchObject({ state: 'failed', endedAt: expect.any(Date), providerCallSid: callSid });
    const { rows } = await db.query(`select kind, dedupe_key, status, params from call_events where call_sid = $1 and sequence_number is null`, [callSid]);
    expect(rows).toEqual([
      {
        kind: 'status',
        dedupe_key: 'reconciled:failed',
        status: 'failed',
        params: { CallSid: callSid, CallStatus: 'failed', Source: 'reconciliation', Reason: 'unknown to the provider' },
      },
    ]);
    // Asked again, or reported failed by the provider after all: already recorded.
    expect(await progress.lostAtProvider(attempt.id, callSid)).toMatchObject({ duplicate: true, attempt: { state: 'failed', changed: false } });
  });

  it('records an answered call the provider does not know as completed, not failed: its answered_at stands (QA F6)', async () => {
    const progress = app.get(CallProgressService);
    const attempt = freshAttempt();
    const callSid = sidOf(attempt);
    await bindSid(attempt, callSid);
    const answeredAt = new Date(Date.now() - 60_000);
    await repository.record(eventOf({ status: 'in-progress', sequenceNumber: 2, at: answeredAt }, callSid, attempt.id));

    const lost = await progress.lostAtProvider(attempt.id, callSid, { answered: true, source: 'hang-up' });
    expect(lost.attempt).toMatchObject({ state: 'completed', changed: true });
    expect(await progressOf(attempt.id)).toMatchObject({ state: 'completed', answeredAt, endedAt: expect.any(Date) });
    const { rows } = await db.query(`select dedupe_key, params from call_events where call_sid = $1 and sequence_number is null`, [callSid]);
    expect(rows).toEqual([
      { dedupe_key: 'reconciled:completed', params: { CallSid: callSid, CallStatus: 'completed', Source: 'hang-up', Reason: 'unknown to the provider' } },
    ]);
    // The reconciler asking afterwards records nothing more.
    expect(await progress.lostAtProvider(attempt.id, callSid, { answered: true })).toMatchObject({ duplicate: true, attempt: { state: 'completed', changed: false } });
  });
});
