import { INestApplicationContext } from '@nestjs/common';
import { AuditModule } from '@dialer/audit';
import { ManualClock } from '@dialer/core';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedAttempt, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { CallsModule } from '../calls.module';
import { CallRecordsRepository } from '../persistence/call-records.repository';
import { RetentionService } from './retention.service';

describe('retention and erasure of call records (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  const now = new Date('2031-06-15T03:00:00Z');

  beforeAll(async () => {
    ctx = await createTestContext({ RETENTION_YEARS: '5' });
    app = await bootModules(ctx.config, [AuditModule, TelephonyModule.forRoot(), CallsModule], new ManualClock(now));
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it('purges attempts and evidence older than the retention period, never a live call, and says so in the audit trail', async () => {
    const { id: campaignId, listId } = await seedCampaign(app, { kind: 'survey' });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550501' }]);
    const old = await seedAttempt(app, { campaignId, leadId, phone: '+12125550501', at: new Date('2026-06-14T12:00:00Z') });
    const kept = await seedAttempt(app, { campaignId, leadId, phone: '+12125550501', at: new Date('2026-06-15T12:00:00Z') });
    await query(app, `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, 'q1', '3', 'ivr')`, [old, campaignId, leadId]);
    await query(app, `insert into call_events (attempt_id, call_sid, kind, dedupe_key, params, received_at) values
      (?, 'CAold', 'status', '1', '{}', '2026-06-14T12:00:05Z'), (?, 'CAkept', 'status', '1', '{}', '2026-06-15T12:00:05Z')`, [old, kept]);

    const report = await withOrmContext(app, () => app.get(RetentionService).purgeExpired());
    expect(report).toEqual({ attempts: 1, events: 1, twimlResponses: 0, cutoff: '2026-06-15T03:00:00.000Z', years: 5 });
    expect(await query(app, `select id from call_attempts where lead_id = ?`, [leadId])).toEqual([{ id: kept }]);
    expect(await query(app, `select call_sid from call_events`)).toEqual([{ call_sid: 'CAkept' }]);
    expect(await query(app, `select count(*)::int as n from survey_answers`)).toEqual([{ n: 0 }]);
    const [audit] = await query(app, `select actor_role, data from audit_log where action = 'retention.purged'`);
    expect(audit).toEqual({ actor_role: 'system', data: expect.objectContaining({ attempts: 1, events: 1, cutoff: '2026-06-15T03:00:00.000Z' }) });

    // Run again: nothing more to purge.
    expect(await withOrmContext(app, () => app.get(RetentionService).purgeExpired())).toMatchObject({ attempts: 0, events: 0 });
  });

  it('erases what a person said on calls to a number, keeping the record the law needs', async () => {
    const { id: campaignId, listId } = await seedCampaign(app, { kind: 'survey' });
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550511' }]);
    const attemptId = await seedAttempt(app, { campaignId, leadId, phone: '+12125550511', at: new Date('2031-06-01T12:00:00Z'), dispositionCode: 'COMPLETED' });
    await query(app, `update call_attempts set disposition_data = '{"notes":"lives alone"}' where id = ?`, [attemptId]);
    await query(app, `insert into survey_answers (attempt_id, campaign_id, lead_id, question_id, answer, source) values (?, ?, ?, 'q1', '5', 'agent')`, [attemptId, campaignId, leadId]);

    expect(await withOrmContext(app, () => app.get(CallRecordsRepository).erasePersonalData('+12125550511'))).toEqual({ attempts: 1, surveyAnswers: 1 });
    expect(await query(app, `select phone, disposition_code, disposition_data from call_attempts where id = ?`, [attemptId])).toEqual([
      { phone: '+12125550511', disposition_code: 'COMPLETED', disposition_data: null },
    ]);
  });
});
