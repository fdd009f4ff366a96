import Queue from 'bull';
import { enqueue, QUEUES } from '@dialer/queues';
import { baseRedisUrl, createTestContext, TestContext } from '@dialer/testing';
import { startWorker } from './support/apps';
import { pollUntil } from './support/poll';
import { envFor, spawnEntryPoint, SpawnedProcess } from './support/processes';

describe('worker shutdown on SIGTERM (e2e, real process)', () => {
  let ctx: TestContext;
  let queue: Queue.Queue;
  let worker: SpawnedProcess | undefined;

  beforeEach(async () => {
    ctx = await createTestContext();
    queue = new Queue(QUEUES.system, baseRedisUrl(), { prefix: ctx.queuePrefix });
  });

  afterEach(async () => {
    worker?.kill('SIGKILL');
    await queue.close();
    await ctx.cleanup();
  });

  const startWorkerProcess = async (extra: Record<string, string> = {}) => {
    const spawned = spawnEntryPoint('apps/worker/src/main.ts', envFor(ctx.database.url, ctx.queuePrefix, extra));
    await spawned.waitFor(/worker health on \/health/);
    return spawned;
  };

  const probe = (holdMs: number, attempts?: number) =>
    enqueue(
      queue,
      QUEUES.system,
      'probe',
      { requestedBy: 'test', requestedAt: new Date().toISOString(), holdMs },
      attempts === undefined ? {} : { attempts },
    );

  it('lets a running job finish before exiting', async () => {
    worker = await startWorkerProcess();
    const job = await probe(1_500);
    await pollUntil(() => job.getState(), (state) => state === 'active');

    worker.kill('SIGTERM');
    const exit = await worker.exited();

    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    expect(await (await queue.getJob(job.id))!.getState()).toBe('completed');
    expect(worker.output()).toMatch(/drained: every running job finished/);
  });

  /** SIGTERM with a short grace while the job runs: it must be back in the queue, its attempt not counted. */
  const stopWhileRunning = async (job: Queue.Job) => {
    await pollUntil(() => job.getState(), (state) => state === 'active');
    const stoppedAt = Date.now();
    worker!.kill('SIGTERM');
    await worker!.exited();
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    expect(worker!.output()).toMatch(/handed back an unfinished job/);

    const handedBack = (await queue.getJob(job.id))!;
    expect(['delayed', 'waiting']).toContain(await handedBack.getState());
    expect(handedBack.attemptsMade).toBe(0);
    expect(handedBack.failedReason).toBeUndefined();
    expect((await queue.getJobLogs(job.id)).logs.join('\n')).toMatch(/handed back .*attempt not counted/);
    return handedBack;
  };

  /** A replacement worker picks it up (shortened so the test does not wait a minute). */
  const finishInReplacement = async (handedBack: Queue.Job) => {
    await handedBack.update({ ...handedBack.data, holdMs: 0 });
    const replacement = await startWorker(ctx.config);
    try {
      await pollUntil(async () => (await queue.getJob(handedBack.id))!.getState(), (state) => state === 'completed');
      expect((await queue.getJob(handedBack.id))!.attemptsMade).toBe(0); // bull counts failed attempts only
    } finally {
      await replacement.close();
    }
  };

  it('hands a job that outlives the grace period back to the queue, where another worker finishes it', async () => {
    worker = await startWorkerProcess({ WORKER_SHUTDOWN_GRACE_MS: '300' });
    const job = await probe(60_000);
    await finishInReplacement(await stopWhileRunning(job));
  });

  it('hands back a job on its last attempt without using that attempt up (it never lands in failed)', async () => {
    worker = await startWorkerProcess({ WORKER_SHUTDOWN_GRACE_MS: '300' });
    const job = await probe(60_000, 1); // a single attempt: the running one is the last
    const handedBack = await stopWhileRunning(job);
    expect(await queue.getFailedCount()).toBe(0);
    await finishInReplacement(handedBack);
  });
});
