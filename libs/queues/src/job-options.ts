import type { JobOptions } from 'bull';
import { QUEUES } from './queue-names';
import { JobName, JobPayloads } from './job-payloads';

/**
 * Failed jobs retry with exponential backoff (2 s, 4 s, 8 s, 16 s) and then stay
 * in the failed set, visible in Bull Board, until someone looks at them.
 */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 5_000 },
  removeOnFail: false,
};

export const JOB_OPTIONS: { [Q in keyof JobPayloads]: { [J in JobName<Q>]: JobOptions } } = {
  [QUEUES.system]: {
    probe: { attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 3600 } },
    // Idempotent (deletes what is older than the cutoff): retried a few times, then tomorrow's run catches up.
    'retention-purge': { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { count: 30 }, removeOnFail: { count: 30 } },
    // A sweep: the next one comes in 10 minutes and carries on where this one stopped, so a failed one is not retried.
    'rollup-fold': { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  },
  // A retry restarts the import from its file (nothing is committed until the end), so a few are enough.
  [QUEUES.imports]: {
    run: { attempts: 4, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: { age: 7 * 24 * 3600 } },
    // A sweep: the next one comes soon, so a failed one is not retried.
    'tidy-up': { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  },
  // Timers are small and idempotent: a late one checks the agent's epoch and does nothing.
  [QUEUES.dialer]: {
    'wrap-up-expired': { attempts: 3, backoff: { type: 'fixed', delay: 1_000 }, removeOnComplete: true },
    'preview-autodial': { attempts: 3, backoff: { type: 'fixed', delay: 1_000 }, removeOnComplete: true },
    reconcile: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  },
  // A retry writes the file again from the start (the old one is replaced), so a few are enough.
  [QUEUES.exports]: {
    run: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: { age: 7 * 24 * 3600 } },
    'clean-up': { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  },
};
