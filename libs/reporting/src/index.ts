export {
  ExportJob,
  AttemptFilters,
  ExportState,
  ExportKind,
  ExportFormat,
  ExportEncoding,
  EXPORT_STATES,
  EXPORT_KINDS,
  EXPORT_FORMATS,
  EXPORT_ENCODINGS,
  EXPORT_FAILURE_CODES,
  ExportFailureCode,
} from './entities/export-job.entity';
export { ExportsService, ExportRequest, ExportView, ExportFile, DIRECT_STREAM_MAX_ROWS } from './exports/exports.service';
export { AttemptsExporter, AttemptsExportRequest, AttemptsExportResult } from './exports/attempts-exporter';
export { SHIFT_JIS_REPLACEMENT } from './exports/shift-jis';
export { LeadLookupQueries, LeadSearch, LeadSummary, LeadDetail, LeadAttempt, ATTEMPTS_SHOWN } from './leads/lead-lookup.queries';
export { RollupFoldingService, FoldLimits, FoldReport, DEFAULT_FOLD_LIMITS } from './rollups/rollup-folding.service';
export { BucketRun, RangePlan, RawPart, RollupBucket, bucketCeil, bucketFloor, planByDay, planByHour } from './rollups/rollup-buckets';
export { ReportingModule } from './reporting.module';
