import type { Job, JobOptions, Queue } from 'bull';
import { JOB_OPTIONS } from './job-options';
import { JobName, JobPayload, JobPayloads } from './job-payloads';

/** Adds a job with the options declared for it in `JOB_OPTIONS`, type-checked against its payload. */
export function enqueue<Q extends keyof JobPayloads, J extends JobName<Q>>(
  queue: Queue,
  queueName: Q,
  jobName: J,
  payload: JobPayload<Q, J>,
  overrides: JobOptions = {},
): Promise<Job<JobPayload<Q, J>>> {
  if (queue.name !== queueName) throw new Error(`Job ${jobName} belongs to queue ${queueName}, not ${queue.name}`);
  const declared = (JOB_OPTIONS[queueName] as Record<string, JobOptions>)[jobName];
  return queue.add(jobName, payload, { ...declared, ...overrides });
}
