import { INestApplicationContext } from '@nestjs/common';
import { AuditModule, SYSTEM_ACTOR } from '@dialer/audit';
import { DomainError } from '@dialer/core';
import { bootModules, createTestContext, query, seedCampaign, TestContext, withOrmContext } from '@dialer/testing';
import { CampaignsModule } from './campaigns.module';
import { CampaignsService } from './campaigns.service';

/** The pool the spec's process gets: the requests racing for one campaign outnumber it by one. */
const POOL = 3;
const RACERS = POOL + 1;
/** Far longer than these few statements take; far shorter than the pool's acquire timeout a wedged pool ends on. */
const PROMPTLY_MS = 8_000;

/** What a US progressive campaign needs to start besides its list and a final code. */
const LAWFUL = {
  callerIds: { numbers: ['+14155550100'] },
  abandon: { message: { callerName: 'Race Co', callbackNumber: '+18005550100', optOut: 'To stop our calls, press 9' } },
};

/**
 * A start or a change checks readiness under the campaign's row lock: every read
 * it makes must use the transaction's own connection. One made on another
 * connection waited for a free one while the lock holder sat idle, and the
 * requests queued on the lock held every other connection: the pool wedged.
 */
describe('Campaign transitions racing on a small pool (integration)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ctx = await createTestContext({ DATABASE_POOL_MAX: String(POOL) });
    app = await bootModules(ctx.config, [AuditModule, CampaignsModule]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  const service = () => app.get(CampaignsService);
  /** Each racer settles (a result or its error's code) or the race is reported wedged. */
  async function race<T>(work: () => Promise<T>): Promise<(T | string)[]> {
    const racers = Array.from({ length: RACERS }, () =>
      withOrmContext(app, work).catch((error: unknown) => (error instanceof DomainError ? `${error.kind} ${error.code}` : `unexpected: ${String(error)}`)),
    );
    let timer: NodeJS.Timeout | undefined;
    const wedged = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${RACERS} racers on a pool of ${POOL} did not finish within ${PROMPTLY_MS} ms`)), PROMPTLY_MS);
    });
    try {
      return await Promise.race([Promise.all(racers), wedged]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('starts the campaign once; the other starts are refused with a 409, none waits on the pool', async () => {
    const campaign = await seedCampaign(app, {
      status: 'draft',
      mode: 'progressive',
      settings: LAWFUL,
      dispositions: [{ code: 'SALE', isFinal: true }],
    });
    const outcomes = await race(() => service().transition(campaign.id, 'start', SYSTEM_ACTOR, { loggedInAgents: 1, accountCps: 10 }));
    const started = outcomes.filter((outcome) => typeof outcome !== 'string');
    expect(started).toHaveLength(1);
    expect(outcomes.filter((outcome) => typeof outcome === 'string')).toEqual(Array(RACERS - 1).fill('conflict CAMPAIGN_INVALID_TRANSITION'));
    const [audited] = await query(app, `select count(*)::int as n from audit_log where entity_id = ? and action = 'campaign.start'`, [campaign.id]);
    expect(audited.n).toBe(1);
  });

  it('applies one of the changes made from the same version of an active campaign; the others are told it changed (409)', async () => {
    const campaign = await seedCampaign(app, { status: 'active', mode: 'progressive', settings: LAWFUL, dispositions: [{ code: 'SALE', isFinal: true }] });
    const { version } = await withOrmContext(app, () => service().get(campaign.id));
    const outcomes = await race(() => service().update(campaign.id, { version, settings: { wrapUp: { seconds: 31 } } }, SYSTEM_ACTOR));
    expect(outcomes.filter((outcome) => typeof outcome !== 'string')).toHaveLength(1);
    expect(outcomes.filter((outcome) => typeof outcome === 'string')).toEqual(Array(RACERS - 1).fill('conflict CAMPAIGN_CHANGED'));
  });
});
