import type { Queue } from 'bull';

import type { JobLiveness } from '@dialer/core';

/**
 * Reads a job's state. Bull reads it list by list, not atomically: a job
 * moving between lists meanwhile reads as in none ('stuck'), so that answer
 * is read again before it counts as dead.
 */
export async function jobLiveness(queue: Queue, jobId: string): Promise<JobLiveness> {
  for (let read = 0; read < 2; read++) {
    const job = await queue.getJob(jobId);
    if (!job) return { state: 'missing' };
    const state = await job.getState();
    if (state === 'completed') return { state: 'dead', reason: 'its job completed without finishing it' };
    if (state === 'failed') return { state: 'dead', reason: job.failedReason ?? 'its job failed' };
    if (state !== 'stuck') return { state: 'live' };
  }
  return { state: 'dead', reason: 'its job is in no queue list (stuck)' };
}
