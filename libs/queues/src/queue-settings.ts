import type { AdvancedSettings } from 'bull';
import { QueueName, QUEUES } from './queue-names';

/**
 * Bull's per-queue settings, where its defaults do not fit. Read when a queue
 * is registered (QueuesModule.register).
 *
 * Imports: a worker that dies mid-import (OOM, SIGKILL, a lost host) leaves
 * its job active without a lock; Bull's stalled check (every stalledInterval,
 * once the lock is lockDuration old) puts it back to wait without counting an
 * attempt. Bull's default maxStalledCount of 1 fails the job at the second
 * such death *without running the processor*, so the import was never marked
 * failed: three deaths are forgiven here (a retry restarts the file from the
 * beginning and commits nothing twice), and whatever Bull still gives up on is
 * failed by the worker's import tidy-up (ImportRunner.tidyUp).
 */
export const QUEUE_SETTINGS: Record<QueueName, AdvancedSettings> = {
  [QUEUES.system]: {},
  [QUEUES.imports]: { maxStalledCount: 3 },
  [QUEUES.dialer]: {},
  // An export restarts its file from the beginning, so a worker's death is forgiven like an import's.
  [QUEUES.exports]: { maxStalledCount: 3 },
};
