import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { OutcomeReportsQueries } from './outcome-reports.queries';

describe('penetration, survey and promises-to-pay reports (integration, real PostgreSQL)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  let reports: OutcomeReportsQueries;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule]);
    reports = app.get(OutcomeReportsQueries);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const attempt = async (campaignId: string, leadId: string, minutesAgo: number, f: { live?: boolean; disposition?: string; data?: object; dispositionAt?: Date } = {}) => {
    const at = new Date(Date.now() - minutesAgo * 60_000);
    const [row] = await query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, ended_at, disposition_code, disposition_data, disposition_at)
       values (?, ?, '+14155550100', 'completed', ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
      [campaignId, leadId, `CA${randomUUID().replace(/-/g, '')}`, at, f.live ? at : null, f.live ? 'human' : null, at, f.disposition ?? null, f.data ? JSON.stringify(f.data) : null, f.dispositionAt ?? (f.disposition ? at : null)],
    );
    return row.id as string;
  };

  it('counts a list’s penetration by pass, what is left and what is blocked, matching a recount', async () => {
    const { id, listId } = await seedCampaign(app);
    const [a, b, c] = await seedLeads(app, listId, [
      { phone: '+14155550101', status: 'done' },
      { phone: '+14155550102', status: 'retry' },
      { phone: '+14155550103', status: 'new' },
    ]);
    await seedLeads(app, listId, [{ phone: '+14155550104', status: 'blocked' }, { phone: '+14155550105', status: 'exhausted' }]);
    await query(app, `update leads set blocked_reason = 'dnc' where list_id = ? and status = 'blocked'`, [listId]);
    await attempt(id, a, 30); // a: unanswered, then reached on its 2nd call
    await attempt(id, a, 20, { live: true });
    await attempt(id, b, 25, { live: true }); // b: reached on its 1st call, called again
    await attempt(id, b, 10);
    void c;
    const report = await withOrmContext(app, () => reports.penetration(listId));
    expect(report).toMatchObject({ leads: 5, remaining: 2, done: 1, exhausted: 1, blocked: [{ reason: 'dnc', leads: 1 }] });
    expect(report.passes.slice(0, 3)).toEqual([
      { pass: 1, attempted: 2, reached: 1 },
      { pass: 2, attempted: 2, reached: 1 },
      { pass: 3, attempted: 0, reached: 0 },
    ]);
    const [recount] = await query(app, `select count(distinct lead_id)::int as n from call_attempts where campaign_id = ?`, [id]);
    expect(report.passes[0].attempted).toBe(recount.n);
    await expect(withOrmContext(app, () => reports.penetration(randomUUID()))).rejects.toMatchObject({ code: 'LIST_NOT_FOUND' });
  });

  it('counts survey answers per question, with the prompt', async () => {
    const { id, listId } = await seedCampaign(app, { kind: 'survey', settings: { survey: { questions: [{ id: 'q1', prompt: 'Satisfied?', answers: ['1', '2'] }] } } });
    const [lead] = await seedLeads(app, listId, [{ phone: '+14155550110' }]);
    for (const answer of ['1', '1', '2']) {
      const attemptId = await attempt(id, lead, 5, { live: true });
      await query(app, `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, 'q1', ?, 'ivr')`, [attemptId, id, lead, answer]);
    }
    const report = await withOrmContext(app, () => reports.survey(id));
    expect(report.questions).toEqual([{ questionId: 'q1', prompt: 'Satisfied?', respondents: 3, answers: [{ answer: '1', count: 2 }, { answer: '2', count: 1 }] }]);
  });

  it('tells kept, broken and pending promises to pay apart', async () => {
    const { id, listId } = await seedCampaign(app, { kind: 'collections' });
    const [kept, broken, pending] = await seedLeads(app, listId, [{ phone: '+14155550120' }, { phone: '+14155550121' }, { phone: '+14155550122' }]);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await attempt(id, kept, 60, { live: true, disposition: 'PROMISE_TO_PAY', data: { amount: 5000, currency: 'JPY', date: day(3) } });
    await attempt(id, kept, 30, { live: true, disposition: 'PAID', data: { amount: 5000, currency: 'JPY' } });
    await attempt(id, broken, 60 * 24 * 5, { live: true, disposition: 'PROMISE_TO_PAY', data: { amount: 3000, currency: 'JPY', date: day(-2) } });
    await attempt(id, pending, 60, { live: true, disposition: 'PROMISE_TO_PAY', data: { amount: 2000, currency: 'JPY', date: day(5) } });
    const report = await withOrmContext(app, () => reports.promises(id));
    expect(report.currencies).toEqual([{ currency: 'JPY', count: 3, amount: 10000, kept: 1, keptAmount: 5000, broken: 1, pending: 1, unreadable: 0 }]);
  });

  it('reads promises stored before their amount and date were bounded: one bad row never breaks the report', async () => {
    const { id, listId } = await seedCampaign(app, { kind: 'collections' });
    const leads = await seedLeads(app, listId, Array.from({ length: 7 }, (_, i) => ({ phone: `+1415555013${i}` })));
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const promise = (lead: string, amount: unknown, date = day(5)) =>
      attempt(id, lead, 60, { live: true, disposition: 'PROMISE_TO_PAY', data: { amount, currency: 'USD', date } });
    // 1e308 as JSON stores as a 309-digit number: a bigint cast of it failed the whole report (500).
    await query(
      app,
      `insert into call_attempts (campaign_id, lead_id, phone, state, disposition_code, disposition_data, disposition_at)
       values (?, ?, '+14155550100', 'completed', 'PROMISE_TO_PAY', '{"amount": 1e308, "currency": "USD", "date": "${day(5)}"}', now())`,
      [id, leads[0]],
    );
    await promise(leads[1], 2 ** 63);
    await promise(leads[2], '12');
    await promise(leads[3], 1.5);
    await promise(leads[4], 2500, '2026-02-30');
    await promise(leads[5], 1000, '0000-01-01');
    await promise(leads[6], 700, day(-3));
    const report = await withOrmContext(app, () => reports.promises(id));
    expect(report.currencies).toEqual([{ currency: 'USD', count: 7, amount: 4200, kept: 0, keptAmount: 0, broken: 1, pending: 6, unreadable: 6 }]);
  });
});
