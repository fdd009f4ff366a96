import type { Job, Queue } from 'bull';
import { JobName, JobPayload, JobPayloads } from '@dialer/queues';

/** Every job name of queue Q → the method that runs it. */
export type JobHandlers<Q extends keyof JobPayloads> = {
  [J in JobName<Q>]: (job: Job<JobPayload<Q, J>>) => Promise<unknown>;
};

/**
 * Starts consuming a queue with `concurrency` jobs at once, whatever their names.
 *
 * Why not `@Process({ name, concurrency })`: the decorator's concurrency is fixed
 * when the class is declared, before the validated config exists, and Bull adds up
 * the concurrency of every named handler on a queue (three `@Process` methods at 1
 * run three jobs at once). One catch-all handler ('*') that dispatches by job name
 * makes the per-queue limit exactly the configured one (`WORKER_CONCURRENCY`).
 */
export function processQueue<Q extends keyof JobPayloads>(queue: Queue, queueName: Q, concurrency: number, handlers: JobHandlers<Q>): void {
  if (queue.name !== queueName) throw new Error(`Handlers for queue ${queueName} given queue ${queue.name}`);
  const byName = handlers as Record<string, (job: Job) => Promise<unknown>>;
  void queue
    .process('*', concurrency, async (job: Job) => {
      const handler = Object.hasOwn(byName, job.name) ? byName[job.name] : undefined;
      if (!handler) throw new Error(`Queue ${queue.name} has no handler for job "${job.name}"`);
      return handler(job);
    })
    // Resolves when the queue closes; a failure to start is also emitted as the queue's 'error' (logged by WorkerDrain).
    .catch(() => undefined);
}
