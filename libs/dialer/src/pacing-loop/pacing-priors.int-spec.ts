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
import { loadPriorSamples } from './pacing-priors.queries';

describe('a predictive pacer’s priors from history (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  const HOUR = 3600_000;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  /** A call placed `agoMs` ago: answered after 9 s by `answeredBy` and talked 100 s, or rung out after 25 s. */
  const call = async (campaignId: string, leadId: string, agoMs: number, answeredBy: string | null) => {
    const placed = Date.now() - agoMs;
    const answered = answeredBy ? new Date(placed + 9_000) : null;
    const connected = answeredBy === 'human' ? new Date(placed + 10_000) : null;
    const ended = new Date(placed + (answeredBy === 'human' ? 110_000 : answeredBy ? 20_000 : 25_000));
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, connected_at, ended_at)
       values (?, ?, ?, '+12125550100', ?, ?, ?, ?, ?, ?, ?)`,
      [randomUUID(), campaignId, leadId, answeredBy ? 'completed' : 'no_answer', `CA${randomUUID().replace(/-/g, '')}`, new Date(placed), answered, answeredBy, connected, ended],
    );
  };

  it('reads the campaign’s calls older than the replayed ones, and its lists’ calls in other campaigns, never a third campaign’s', async () => {
    const mine = await seedCampaign(app);
    const other = await seedCampaign(app);
    const unrelated = await seedCampaign(app);
    const [myLead] = await seedLeads(app, mine.listId, [{ phone: '+12125550100', zones: ['America/New_York'] }]);
    const [unrelatedLead] = await seedLeads(app, unrelated.listId, [{ phone: '+12125550101', zones: ['America/New_York'] }]);
    // The other campaign dials my list too.
    await query(app, `insert into campaign_lists (campaign_id, list_id) values (?, ?)`, [other.id, mine.listId]);

    await call(mine.id, myLead, 10 * HOUR, 'human');
    await call(mine.id, myLead, 9 * HOUR, null);
    await call(mine.id, myLead, 1 * HOUR, 'human'); // replayed as an event: not a prior
    await call(other.id, myLead, 20 * HOUR, 'human');
    await call(other.id, myLead, 21 * HOUR, 'machine_start');
    await call(unrelated.id, unrelatedLead, 5 * HOUR, 'human');
    const wrapStarted = Date.now() - 20 * HOUR; // once: two clock reads a millisecond apart made it 30.001 s
    await query(app, `insert into agent_state_log (agent_id, campaign_id, state, started_at, ended_at) values (?, ?, 'wrap_up', ?, ?)`, [
      randomUUID(),
      other.id,
      new Date(wrapStarted),
      new Date(wrapStarted + 30_000),
    ]);

    const em = app.get(MikroORM).em.fork() as EntityManager;
    const now = Date.now();
    const samples = await loadPriorSamples(em, mine.id, now, now - 6 * HOUR);
    const sorted = (outcomes: { afterSec: number; human: boolean }[]) => [...outcomes].sort((a, b) => a.afterSec - b.afterSec);
    expect(sorted(samples.campaign.outcomes)).toEqual([
      { afterSec: 9, human: true },
      { afterSec: 25, human: false },
    ]);
    expect(samples.campaign.talkSec).toEqual([100]);
    expect(samples.campaign.wrapSec).toEqual([]);
    expect(sorted(samples.lists.outcomes)).toEqual([
      { afterSec: 9, human: true },
      { afterSec: 9, human: false },
    ]);
    expect(samples.lists.talkSec).toEqual([100]);
    expect(samples.lists.wrapSec).toEqual([30]);
  });
});
