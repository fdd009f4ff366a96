/** Every Bull queue of the product. Processors live in apps/worker, producers anywhere. */
export const QUEUES = {
  /** Operational round trips: proves the api → Redis → worker path works. */
  system: 'system',
  /** Lead and do-not-call list imports: one job per uploaded file. */
  imports: 'imports',
  /** The dialer's timers and sweeps: wrap-up expiry, preview auto-dial, reconciliation. */
  dialer: 'dialer',
  /** Export files (call results): one job per requested export, and the sweep that deletes expired files. */
  exports: 'exports',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);
