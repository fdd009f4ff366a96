import Queue from 'bull';
import { baseRedisUrl, clearRedisPrefix, uniqueQueuePrefix } from '@dialer/testing';
import { DEFAULT_JOB_OPTIONS } from './job-options';

describe('job options (integration, real Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const queue = new Queue('retry-check', baseRedisUrl(), { prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });

  afterAll(async () => {
    await queue.close();
    await clearRedisPrefix(prefix);
  });

  it('retries a failing job with growing delays, then keeps it failed for inspection', async () => {
    const startedAt: number[] = [];
    void queue.process(async () => {
      startedAt.push(Date.now());
      throw new Error('dependency unavailable');
    });
    // Short delays keep the test quick; the exponential shape is what matters.
    const job = await queue.add({}, { attempts: 3, backoff: { type: 'exponential', delay: 200 } });
    const failed = await new Promise<Queue.Job>((resolve) =>
      queue.on('failed', (j) => j.id === job.id && j.attemptsMade === 3 && resolve(j)),
    );

    expect(startedAt).toHaveLength(3);
    const [firstGap, secondGap] = [startedAt[1] - startedAt[0], startedAt[2] - startedAt[1]];
    expect(firstGap).toBeGreaterThanOrEqual(190);
    expect(secondGap).toBeGreaterThanOrEqual(390);

    const kept = await queue.getJob(failed.id);
    expect(await kept!.getState()).toBe('failed');
    expect(kept!.failedReason).toBe('dependency unavailable');
    expect(kept!.stacktrace).toHaveLength(3);
  });

  it('declares retries with backoff and no automatic removal of failures by default', () => {
    expect(DEFAULT_JOB_OPTIONS.attempts).toBeGreaterThan(1);
    expect(DEFAULT_JOB_OPTIONS.backoff).toMatchObject({ type: 'exponential' });
    expect(DEFAULT_JOB_OPTIONS.removeOnFail).toBe(false);
  });
});
