export { QUEUES, QueueName, ALL_QUEUES } from './queue-names';
export {
  JobPayloads,
  JobName,
  JobPayload,
  ProbeJob,
  ProbeResult,
  RetentionPurgeJob,
  RollupFoldJob,
  WrapUpExpiredJob,
  PreviewAutoDialJob,
  ReconcileJob,
  RunImportJob,
  TidyUpImportsJob,
  RunExportJob,
  CleanUpExportsJob,
} from './job-payloads';
export { DEFAULT_JOB_OPTIONS, JOB_OPTIONS } from './job-options';
export { enqueue } from './job-dispatcher';
export { QUEUE_SETTINGS } from './queue-settings';
export { jobLiveness } from './job-liveness';
export { QueuesModule } from './queues.module';
