import { QUEUES } from './queue-names';

export interface ProbeJob {
  requestedBy: string;
  requestedAt: string;
  /** Keeps the job busy this long: lets operators watch a drain during a deploy. */
  holdMs: number;
}

export interface ProbeResult {
  processedBy: string;
  queueLatencyMs: number;
}

/** Deletes call records older than the retention period (a daily repeatable job, one for the cluster). */
export type RetentionPurgeJob = Record<string, never>;

/** Folds the rollups' shard rows of finished hours into shard 0 (a repeatable job, one for the cluster). */
export type RollupFoldJob = Record<string, never>;

/** Runs the import of an uploaded file; the job id is the import id, so it is queued once. */
export interface RunImportJob {
  importId: string;
}

/** Fails or re-queues imports the queue no longer runs (a repeatable sweep, one for the cluster). */
export type TidyUpImportsJob = Record<string, never>;

/** An agent's wrap-up time is over: ready again, unless something moved them meanwhile (epoch). */
export interface WrapUpExpiredJob {
  agentId: string;
  epoch: number;
}

/** A preview's countdown ran out: dial it, if the agent still holds it (epoch). */
export interface PreviewAutoDialJob {
  agentId: string;
  attemptId: string;
  epoch: number;
}

/**
 * Settles what lost callbacks or crashed processes left behind. `sweepLive`:
 * ask Twilio about every placed, live attempt now, however recent its last
 * news (sent when a worker starts: callbacks may have gone unheard meanwhile).
 */
export interface ReconcileJob {
  sweepLive?: boolean;
  /** Only give back attempts whose placement stopped (a dead worker's): a cheap sweep run every few seconds. */
  unplacedOnly?: boolean;
}

/** Writes the file of a requested export; the job id is the export id, so it is queued once. */
export interface RunExportJob {
  exportId: string;
}

/** Deletes export files past their expiry (a repeatable sweep, one for the cluster). */
export type CleanUpExportsJob = Record<string, never>;

/** Queue → job name → payload. Producers and processors type-check against this map. */
export interface JobPayloads {
  [QUEUES.system]: { probe: ProbeJob; 'retention-purge': RetentionPurgeJob; 'rollup-fold': RollupFoldJob };
  [QUEUES.imports]: { run: RunImportJob; 'tidy-up': TidyUpImportsJob };
  [QUEUES.dialer]: { 'wrap-up-expired': WrapUpExpiredJob; 'preview-autodial': PreviewAutoDialJob; reconcile: ReconcileJob };
  [QUEUES.exports]: { run: RunExportJob; 'clean-up': CleanUpExportsJob };
}

export type JobName<Q extends keyof JobPayloads> = keyof JobPayloads[Q] & string;
export type JobPayload<Q extends keyof JobPayloads, J extends JobName<Q>> = JobPayloads[Q][J];
