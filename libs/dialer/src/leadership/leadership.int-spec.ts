import { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { bootModules, createTestContext, TestContext } from '@dialer/testing';
import { CpsLimiter } from '../placement/cps-limiter';
import { LeaderLease } from './leader-lease';

describe('leader lease and CPS budget (integration, real Redis)', () => {
  let ctx: TestContext;
  let app: INestApplicationContext;

  beforeAll(async () => {
    ctx = await createTestContext({ TWILIO_CPS: '10' });
    app = await bootModules(ctx.config, [{ module: class LeadershipTestModule {}, providers: [LeaderLease, CpsLimiter] }]);
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it('gives a campaign one leader at a time, with a fencing token that grows', async () => {
    const leases = app.get(LeaderLease);
    const campaign = randomUUID();
    const first = await leases.acquire(campaign, 'worker-a', 200);
    expect(first).not.toBeNull();
    expect(await leases.acquire(campaign, 'worker-b', 200)).toBeNull();
    expect((await leases.acquire(campaign, 'worker-a', 200))?.fence).toBe(first!.fence); // re-acquire is a renewal

    await new Promise((resolve) => setTimeout(resolve, 300)); // worker-a stalls past its lease
    const second = await leases.acquire(campaign, 'worker-b', 1000);
    expect(BigInt(second!.fence)).toBeGreaterThan(BigInt(first!.fence));
    expect(await leases.renew(first!, 1000)).toBe(false); // the stale leader learns it lost
    await leases.release(first!); // and cannot release someone else's lease
    expect(await leases.acquire(campaign, 'worker-c', 1000)).toBeNull();
    await leases.release(second!);
    expect(await leases.acquire(campaign, 'worker-c', 1000)).not.toBeNull();
  });

  it('lets calls go no faster than the campaign’s budget, whatever the number of callers', async () => {
    const limiter = app.get(CpsLimiter);
    const campaign = randomUUID();
    const started = Date.now();
    const taken = await Promise.all(Array.from({ length: 6 }, () => limiter.take(campaign, 5)));
    expect(taken.every(Boolean)).toBe(true);
    // 6 calls at 5/s: the last cannot go before 1 s after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('shares the account budget between campaigns', async () => {
    const limiter = app.get(CpsLimiter);
    const [a, b] = [randomUUID(), randomUUID()];
    expect(await limiter.take(a, 100)).toBe(true);
    expect(await limiter.tryTake(b, 100)).toBeGreaterThan(0); // the account allows 10/s: 100 ms apart
  });
});
