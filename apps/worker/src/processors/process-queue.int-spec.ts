import Queue from 'bull';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUEUES } from '@dialer/queues';
import { baseRedisUrl, clearRedisPrefix, uniqueQueuePrefix } from '@dialer/testing';
import { processQueue } from './process-queue';

describe('processQueue (integration, real Redis)', () => {
  const prefix = uniqueQueuePrefix();
  const queue = new Queue(QUEUES.dialer, baseRedisUrl(), { prefix });

  afterAll(async () => {
    await queue.close();
    await clearRedisPrefix(prefix);
  });

  it('runs exactly `concurrency` jobs of the queue at once, across job names, and fails unknown names', async () => {
    let running = 0;
    let peak = 0;
    const ran: string[] = [];
    const hold = async (name: string) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(150);
      running -= 1;
      ran.push(name);
      return name;
    };
    processQueue(queue, QUEUES.dialer, 3, {
      'wrap-up-expired': () => hold('wrap-up-expired'),
      'preview-autodial': () => hold('preview-autodial'),
      reconcile: () => hold('reconcile'),
    });

    const settled = new Map<string, { result?: unknown; error?: string }>();
    queue.on('completed', (job: Queue.Job, result: unknown) => settled.set(String(job.id), { result }));
    queue.on('failed', (job: Queue.Job, error: Error) => settled.set(String(job.id), { error: error.message }));
    const until = async (done: () => boolean) => {
      for (let waited = 0; !done() && waited < 10_000; waited += 20) await sleep(20);
    };

    const names = ['wrap-up-expired', 'preview-autodial', 'reconcile'] as const;
    const jobs = await Promise.all(Array.from({ length: 9 }, (_, i) => queue.add(names[i % 3], {}, { attempts: 1 })));
    await until(() => jobs.every((job) => settled.has(String(job.id))));

    expect(jobs.map((job) => settled.get(String(job.id)))).toEqual(jobs.map((job) => ({ result: job.name })));
    expect(ran).toHaveLength(9);
    // Three named handlers registered through @Process would have run 3 × 3 at once.
    expect(peak).toBe(3);

    const unknown = await queue.add('no-such-job', {}, { attempts: 1 });
    await until(() => settled.has(String(unknown.id)));
    expect(settled.get(String(unknown.id))?.error).toMatch(/no handler for job "no-such-job"/);
  });
});
