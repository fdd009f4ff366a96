import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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

  it('purges a call an agent wrapped up after so that the agent-time rollups by list agree with the state log read without it', async () => {
    const { id: campaignId, listId } = await seedCampaign(app);
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550521' }]);
    const old = await seedAttempt(app, { campaignId, leadId, phone: '+12125550521', at: new Date('2026-06-14T12:00:00Z') });
    const kept = await seedAttempt(app, { campaignId, leadId, phone: '+12125550521', at: new Date('2026-06-15T12:00:00Z') });
    const agentId = randomUUID();
    await query(app, `insert into agent_state_log (agent_id, campaign_id, state, attempt_id, started_at, ended_at) values
      (?, ?, 'wrap_up', ?, '2026-06-14T12:01:00Z', '2026-06-14T12:03:30Z'), (?, ?, 'wrap_up', ?, '2026-06-15T12:01:00Z', '2026-06-15T12:02:00Z')`, [
      agentId, campaignId, old, agentId, campaignId, kept,
    ]);
    const none = '00000000-0000-0000-0000-000000000000';
    /** Wrap-up seconds per list (none: null) in each rollup kept by list, and in the log with the list of the call each period names, as the report's scan reads it. */
    const wrapByList = async () => ({
      hours: await query(app, `select nullif(list_id, ?)::text as list, (sum(wrap_us) / 1000000)::int as sec from agent_time_rollups where campaign_id = ? group by 1 having sum(wrap_us) <> 0 order by 1`, [none, campaignId]),
      days: await query(app, `select nullif(key_id, ?)::text as list, (sum(wrap_us) / 1000000)::int as sec from agent_time_day_rollups where campaign_id = ? and grouping = 'list' group by 1 having sum(wrap_us) <> 0 order by 1`, [none, campaignId]),
      log: await query(
        app,
        `select l.list_id::text as list, sum(extract(epoch from s.ended_at - s.started_at))::int as sec
           from agent_state_log s left join call_attempts a on a.id = s.attempt_id left join leads l on l.id = a.lead_id
          where s.campaign_id = ? and s.state = 'wrap_up' group by 1 order by 1`,
        [campaignId],
      ),
    });
    expect(await wrapByList()).toEqual({ hours: [{ list: listId, sec: 210 }], days: [{ list: listId, sec: 210 }], log: [{ list: listId, sec: 210 }] });

    await withOrmContext(app, () => app.get(RetentionService).purgeExpired());

    // The purged call's wrap-up follows no call of any list now; the kept one's still follows its call.
    const after = [{ list: listId, sec: 60 }, { list: null, sec: 150 }];
    expect(await wrapByList()).toEqual({ hours: after, days: after, log: after });
    expect(await query(app, `select attempt_id from agent_state_log where agent_id = ? order by started_at`, [agentId])).toEqual([{ attempt_id: null }, { attempt_id: kept }]);
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
