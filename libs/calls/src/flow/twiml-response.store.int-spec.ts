import { MikroORM } from '@mikro-orm/postgresql';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOrmOptions } from '@dialer/db';
import { createTestContext, TestContext } from '@dialer/testing';
import { CallTwimlResponse } from '../entities/call-twiml-response.entity';
import { RawSql } from '../persistence/raw-sql';
import { TwimlResponseStore } from './twiml-response.store';

/** Two stores on one database stand for two api processes receiving copies of one Twilio request. */
describe('TwimlResponseStore (integration)', () => {
  let ctx: TestContext;
  let orm: MikroORM;
  let processA: TwimlResponseStore;
  let processB: TwimlResponseStore;
  let n = 0;
  const key = () => ({ callSid: `CA${String(++n).padStart(32, '0')}`, webhook: 'voice' as const, step: 'answer' });

  beforeAll(async () => {
    ctx = await createTestContext();
    orm = await MikroORM.init({ ...createOrmOptions(ctx.config), entities: [CallTwimlResponse] });
    processA = new TwimlResponseStore(new RawSql(orm));
    processB = new TwimlResponseStore(new RawSql(orm));
  });

  afterAll(async () => {
    await orm?.close(true);
    await ctx?.cleanup();
  });

  it('computes once and gives every copy, in any process, the same document', async () => {
    const request = key();
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await sleep(60);
      return `<Response><Say>${computed}-${Math.random()}</Say></Response>`;
    };
    const documents = await Promise.all([processA, processB, processA, processB, processB].map((store) => store.respondOnce(request, compute)));
    expect(new Set(documents).size).toBe(1);
    expect(computed).toBe(1);
    // A later retry replays it too.
    expect(await processB.respondOnce(request, async () => 'another')).toBe(documents[0]);
  });

  it('lets a retry compute again when the first attempt failed', async () => {
    const request = key();
    await expect(processA.respondOnce(request, async () => Promise.reject(new Error('policy down')))).rejects.toThrow('policy down');
    expect(await processB.respondOnce(request, async () => '<Response/>')).toBe('<Response/>');
  });

  it('takes over a claim whose process died before answering', async () => {
    const request = key();
    await orm.em.getConnection().execute(
      `insert into call_twiml_responses (call_sid, webhook, step, claim_token, claimed_at) values (?, ?, ?, gen_random_uuid(), now() - interval '1 minute')`,
      [request.callSid, request.webhook, request.step],
    );
    expect(await processA.respondOnce(request, async () => '<Response><Hangup/></Response>')).toBe('<Response><Hangup/></Response>');
  });

  it('uses the claim made with the request’s event, or the document that statement found', async () => {
    const request = key();
    const token = '00000000-0000-4000-8000-000000000001';
    await orm.em.getConnection().execute(`insert into call_twiml_responses (call_sid, webhook, step, claim_token) values (?, ?, ?, ?)`, [
      request.callSid,
      request.webhook,
      request.step,
      token,
    ]);
    const rawSql = new RawSql(orm);
    const store = new TwimlResponseStore(rawSql);
    const statements = jest.spyOn(rawSql, 'query');
    expect(await store.respondOnce(request, async () => '<Response><Say>1</Say></Response>', { token, claimed: true, twiml: null })).toBe('<Response><Say>1</Say></Response>');
    // No claim of its own: only the document was stored.
    expect(statements.mock.calls.map(([name]) => name)).toEqual(['calls.twiml-fill']);
    // A retry whose event statement found the document answers it without asking the policy or the database.
    statements.mockClear();
    expect(await store.respondOnce(request, async () => 'another', { token: 'x', claimed: false, twiml: '<Response><Say>1</Say></Response>' })).toBe('<Response><Say>1</Say></Response>');
    expect(statements).not.toHaveBeenCalled();
    expect(await processA.respondOnce(request, async () => 'another')).toBe('<Response><Say>1</Say></Response>');
  });
});
