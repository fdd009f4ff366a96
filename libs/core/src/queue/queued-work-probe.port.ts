/** Whether a queue still holds a job that runs, or will run: `dead` (completed or failed, with why), `missing` (never added, or removed). */
export type JobLiveness = { state: 'live' } | { state: 'dead'; reason: string } | { state: 'missing' };

/**
 * What a tidy-up needs of the queue that runs a piece of recorded work (an
 * import, an export) whose job id is the work's own id: the worker answers it
 * from Bull. The libs that own the work decide what a dead job means for it.
 */
export interface QueuedWorkProbe {
  liveness(workId: string): Promise<JobLiveness>;
  /** Queues the work's job again. */
  requeue(workId: string): Promise<void>;
}
