import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditModule } from '@dialer/audit';
import { CallsModule } from '@dialer/calls';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { loadPacingHistory } from './pacing-history';

describe('a new pacing leader’s memory of the abandon window (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  const HOUR = 3600_000;
  const DAY = 24 * HOUR;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** `n` answered calls `agoMs` ago, the first `abandoned` of them abandoned. */
  const answered = async (campaignId: string, leadId: string, agoMs: number, n: number, options: { abandoned?: number; answeredBy?: string } = {}) => {
    const at = new Date(Date.now() - agoMs);
    for (let i = 0; i < n; i++) {
      await query(
        app,
        `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, abandoned, ended_at, settled_at)
         values (?, ?, ?, '+12125550100', 'completed', ?, ?, ?, ?, ?, ?, ?)`,
        [randomUUID(), campaignId, leadId, `CA${randomUUID().replace(/-/g, '')}`, at, at, options.answeredBy ?? 'human', i < (options.abandoned ?? 0), at, at],
      );
    }
  };

  it('counts a bad day ten days ago that the replayed hours do not hold (what the pacer’s abandon guard is seeded with)', async () => {
    const { id, listId } = await seedCampaign(app);
    const [leadId] = await seedLeads(app, listId, [{ phone: '+12125550100', status: 'done' }]);
    await answered(id, leadId, 10 * DAY, 100, { abandoned: 10 }); // 10 % abandoned, long ago
    await answered(id, leadId, 10 * DAY, 20, { abandoned: 20, answeredBy: 'machine_end_beep' }); // machines: never abandons
    await answered(id, leadId, 40 * DAY, 50, { abandoned: 50 }); // outside the 30-day window
    await answered(id, leadId, HOUR, 30); // recent: replayed as events, not counted twice

    const em = app.get(MikroORM).em.fork() as EntityManager;
    const past = await loadPacingHistory(em, id, Date.now(), false, 30 * DAY);
    const sum = (key: 'liveAnswers' | 'abandons') => past.abandonCounts.reduce((total, count) => total + count[key], 0);
    expect({ liveAnswers: sum('liveAnswers'), abandons: sum('abandons') }).toEqual({ liveAnswers: 100, abandons: 10 });
    expect(past.window).toEqual({ liveAnswers: 130, abandons: 10, machines: 20 });
    expect(past.history.filter((e) => e.type === 'answered')).toHaveLength(30);

    // A UK leader's 24-hour window holds none of it.
    const uk = await loadPacingHistory(em, id, Date.now(), false, DAY);
    expect(uk.abandonCounts).toEqual([]);
    expect(uk.window).toEqual({ liveAnswers: 30, abandons: 0, machines: 0 });
  });
});
