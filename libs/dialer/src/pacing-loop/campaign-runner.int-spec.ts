import { MikroORM } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { AuditModule } from '@dialer/audit';
import { CallEventMessage, CallsModule } from '@dialer/calls';
import { CampaignsService } from '@dialer/campaigns';
import { ManualClock } from '@dialer/core';
import { Pacer, PacingSettings } from '@dialer/pacing';
import { QueuesModule } from '@dialer/queues';
import { TelephonyModule } from '@dialer/telephony';
import { bootModules, createTestContext, query, seedCampaign, seedLeads, TestContext, withOrmContext } from '@dialer/testing';
import { DialerModule } from '../dialer.module';
import { CallEndings } from '../settlement/call-endings.service';
import { CampaignRunner, RunnerDeps } from './campaign-runner';
import { FeedEvent } from './campaign-event-feed';
import { InFlightCalls } from './in-flight-calls';

describe('the pacing leader follows live campaign changes (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;
  const now = new Date('2026-11-23T17:00:00Z');
  const clock = new ManualClock(now);
  const DAY = 86_400_000;

  beforeAll(async () => {
    ctx = await createTestContext();
    app = await bootModules(ctx.config, [AuditModule, QueuesModule.forRoot(), TelephonyModule.forRoot(), CallsModule.forRoot(), DialerModule], clock);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as PinoLogger;

  /** A leader of the campaign, driven by hand: only what refreshing the campaign and building its pacer use. */
  const leaderOf = (campaignId: string) => {
    const deps = { em: app.get(MikroORM).em as EntityManager, clock, logger: silent, campaigns: app.get(CampaignsService), endings: app.get(CallEndings) } as unknown as RunnerDeps;
    const runner = new CampaignRunner(deps, { campaignId, holder: 'spec', fence: '1' });
    const internals = runner as unknown as {
      refresh(): Promise<boolean>;
      catchUpEndings(): Promise<void>;
      handle(feed: FeedEvent): Promise<void>;
      pacer: Pacer;
      pacerSettings: PacingSettings;
      inFlight: InFlightCalls;
    };
    return {
      refresh: () => withOrmContext(app, () => internals.refresh()),
      catchUpEndings: () => withOrmContext(app, () => internals.catchUpEndings()),
      handle: (feed: FeedEvent) => withOrmContext(app, () => internals.handle(feed)),
      /** What the pacer is told from now on. */
      observed: () => jest.spyOn(internals.pacer, 'observe'),
      followed: () => internals.inFlight.attemptIds().sort(),
      settings: () => internals.pacerSettings,
      /** What the pacer would do now for 2 ready agents, 10 talking, 10 in wrap-up. */
      reason: () => {
        const agents = [...Array(22).keys()].map((i) => ({ id: `agent-${i}`, state: i < 2 ? ('ready' as const) : i < 12 ? ('on_call' as const) : ('wrap_up' as const), sinceMs: now.getTime() - 8_000 }));
        return internals.pacer.decide({ nowMs: now.getTime(), agents, calls: [] }).reason;
      },
    };
  };

  /**
   * The campaign's past: the last quarter hour warm (400 dials, a person every 4th, talked and wrapped up),
   * `badDay` answered calls ten days ago (older than the replayed hours) with `abandoned` of them abandoned,
   * and `machines` machine verdicts in the last hour.
   */
  const seedPast = async (campaignId: string, leadId: string, options: { badDay: number; abandoned: number; machines?: number }) => {
    const t0 = new Date(now.getTime() - 1_000_000);
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, connected_at, agent_id, ended_at, settled_at)
       select gen_random_uuid(), ?, ?, '+12125550100', case when person then 'completed' else 'no_answer' end, 'CA' || md5(random()::text),
              placed, case when person then answered end, case when person then 'human' end, case when person then answered end,
              case when person then md5(i::text)::uuid end,
              case when person then answered + (60 * (0.5 + (i % 7) / 6.0)) * interval '1 second' else placed + interval '25 seconds' end, now()
         from (select i, i % 4 = 0 as person, ?::timestamptz + i * interval '2 seconds' as placed,
                      ?::timestamptz + i * interval '2 seconds' + interval '8 seconds' + (i % 3) * interval '600 milliseconds' as answered
                 from generate_series(0, 399) i) calls`,
      [campaignId, leadId, t0, t0],
    );
    await query(
      app,
      `insert into agent_state_log (agent_id, campaign_id, state, started_at, ended_at)
       select agent_id, campaign_id, 'wrap_up', ended_at, ended_at + interval '10 seconds' from call_attempts where campaign_id = ? and agent_id is not null`,
      [campaignId],
    );
    const ago = (ms: number) => new Date(now.getTime() - ms);
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, abandoned, ended_at, settled_at)
       select gen_random_uuid(), ?, ?, '+12125550100', 'completed', 'CA' || md5(random()::text), ?, ?, 'human', i <= ?, ?, ?
         from generate_series(1, ?) i`,
      [campaignId, leadId, ago(10 * DAY), ago(10 * DAY), options.abandoned, ago(10 * DAY), ago(10 * DAY), options.badDay],
    );
    await query(
      app,
      `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, ended_at, settled_at)
       select gen_random_uuid(), ?, ?, '+12125550100', 'completed', 'CA' || md5(random()::text), ?, ?, 'machine_end_beep', ?, ?
         from generate_series(1, ?) i`,
      [campaignId, leadId, t0, t0, t0, t0, options.machines ?? 0],
    );
  };
  const campaignWithPast = async (options: Parameters<typeof seedCampaign>[1], past: Parameters<typeof seedPast>[2]) => {
    const campaign = await seedCampaign(app, options);
    const [leadId] = await seedLeads(app, campaign.listId, [{ phone: '+12125550100', status: 'done' }]);
    await seedPast(campaign.id, leadId, past);
    return campaign.id;
  };
  /** A status callback's entry on the campaign's stream. */
  const callEvent = (campaignId: string, attemptId: string): CallEventMessage => ({
    attemptId, campaignId, leadId: randomUUID(), callSid: 'CA0', kind: 'status', state: 'in_progress', status: 'completed', answeredBy: null, room: null, at: now.toISOString(),
  });
  const update = (campaignId: string, set: string, params: unknown[] = []) => query(app, `update campaigns set ${set} where id = ?`, [...params, campaignId]);

  it('switched live to predictive, paces on the regulatory window’s abandons, not from scratch', async () => {
    // 10 of the window's 200 live answers abandoned (5 %): over the 3 % cap.
    const id = await campaignWithPast({ mode: 'power' }, { badDay: 100, abandoned: 10 });
    const leader = leaderOf(id);
    expect(await leader.refresh()).toBe(true);
    expect(leader.settings().mode).toBe('power');

    await update(id, `dialing_mode = 'predictive'`);
    expect(await leader.refresh()).toBe(true);
    expect(leader.settings().mode).toBe('predictive');
    // Warm from the replayed hours, and it knows the bad day: no dialing ahead.
    expect(leader.reason()).toMatch(/abandon rate at cap/);
  });

  it('applies a lowered abandon cap at once', async () => {
    // 4 of 200 live answers abandoned (2 %): under the 3 % cap, over a lowered 1.5 %.
    const id = await campaignWithPast({ mode: 'predictive' }, { badDay: 100, abandoned: 4 });
    const leader = leaderOf(id);
    await leader.refresh();
    expect(leader.reason()).not.toMatch(/abandon rate at cap|warming up/);

    await update(id, `settings = settings || ?::jsonb`, [JSON.stringify({ pacing: { maxAbandonRate: 0.015, targetAbandonRate: 0.012 } })]);
    await leader.refresh();
    expect(leader.settings()).toMatchObject({ mode: 'predictive', maxAbandonRate: 0.015, targetAbandonRate: 0.012 });
    expect(leader.reason()).toMatch(/abandon rate at cap/);
  });

  it('applies a new AMD false-positive rate at once (UK: the estimate lowers the pacer’s cap)', async () => {
    // 20 machine verdicts to 100 live answers today: at 5 %, one false positive per 100 answers.
    const id = await campaignWithPast(
      { mode: 'predictive', jurisdiction: 'UK', settings: { amd: { mode: 'async', falsePositiveRate: 0.05 } } },
      { badDay: 0, abandoned: 0, machines: 20 },
    );
    const leader = leaderOf(id);
    await leader.refresh();
    expect(leader.settings().maxAbandonRate).toBeCloseTo(0.03 - 0.97 * 0.01, 6);

    await update(id, `settings = jsonb_set(settings, '{amd,falsePositiveRate}', '0.1')`);
    await leader.refresh();
    expect(leader.settings().maxAbandonRate).toBeCloseTo(0.03 - 0.97 * 0.02, 6);

    // Nothing changed: the same pacer goes on.
    const settings = leader.settings();
    await leader.refresh();
    expect(leader.settings()).toBe(settings);
  });

  it('stops counting in flight the calls that ended without a word on the stream', async () => {
    // A leader that died left three live attempts: one taken and never placed, one ringing, one talking.
    const campaign = await seedCampaign(app, { mode: 'power' });
    const leadIds = await seedLeads(app, campaign.listId, ['+12125550101', '+12125550102', '+12125550103'].map((phone) => ({ phone, status: 'dialing' })));
    const [unplaced, ringing, talking] = await Promise.all(
      leadIds.map(async (leadId, i) => {
        const [row] = await query(
          app,
          `insert into call_attempts (id, campaign_id, lead_id, phone, state, provider_call_sid, created_at, answered_at, answered_by, connected_at, agent_id)
           values (gen_random_uuid(), ?, ?, '+1212555010' || ?, ?, ?, ?::timestamptz - interval '30 seconds', ?, ?, ?, ?) returning id`,
          [
            campaign.id, leadId, String(i + 1), ['queued', 'ringing', 'in_progress'][i], i === 0 ? null : `CA${randomUUID().replace(/-/g, '')}`, now,
            i === 2 ? now : null, i === 2 ? 'human' : null, i === 2 ? now : null, i === 2 ? randomUUID() : null,
          ],
        );
        return row!.id as string;
      }),
    );
    const leader = leaderOf(campaign.id);
    await leader.refresh();
    expect(leader.followed()).toEqual([unplaced, ringing, talking].sort());

    // The reconciler gives the unplaced one back and the talking one's end is lost with a Redis restart:
    // PostgreSQL says so, the stream never will. The ringing one is answered, put through and over, its
    // news still on the way in the stream.
    await query(app, `update call_attempts set state = 'canceled', ended_at = ?, settled_at = ? where id = ?`, [now, now, unplaced]);
    await query(app, `update call_attempts set state = 'completed', ended_at = ? where id = ?`, [now, talking]);
    await query(app, `update call_attempts set state = 'completed', answered_at = ?, answered_by = 'human', connected_at = ?, ended_at = ? where id = ?`, [now, now, now, ringing]);
    const endings = jest.spyOn(app.get(CallEndings), 'ended');
    const observed = leader.observed();

    // Just ended: left to the stream, which is about to say so.
    await leader.catchUpEndings();
    expect(leader.followed()).toEqual([ringing, talking, unplaced].sort());
    expect(endings).not.toHaveBeenCalled();

    // Still unheard 10 s on: ended as the stream's end would have (the talking call's agent goes to wrap-up).
    clock.advance(11_000);
    await leader.catchUpEndings();
    expect(leader.followed()).toEqual([]);
    expect(endings.mock.calls.map(([id]) => id).sort()).toEqual([unplaced, ringing, talking].sort());
    // Neither the answered call nor the one never placed is an unanswered outcome; the talk's end is learnt once.
    expect(observed.mock.calls.map(([event]) => `${event.type}:${'callId' in event ? event.callId : ''}`)).toEqual([`talk_ended:${talking}`]);

    // The stream's late news of a call ended so changes nothing: not followed again, not learnt twice.
    const agentId = randomUUID();
    await leader.handle({ source: 'dialer', event: { type: 'answered', attemptId: ringing, by: 'human', atMs: now.getTime() } });
    await leader.handle({ source: 'dialer', event: { type: 'connected', attemptId: ringing, agentId, atMs: now.getTime() } });
    await leader.handle({ source: 'call', event: { ...callEvent(campaign.id, ringing), state: 'completed' } });
    expect(leader.followed()).toEqual([]);
    expect(observed).toHaveBeenCalledTimes(1);
    expect(endings).toHaveBeenCalledTimes(3);
    observed.mockRestore();
    endings.mockRestore();
    clock.set(now);
  });
});
