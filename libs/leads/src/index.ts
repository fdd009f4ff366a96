export { LeadList, DEDUPE_SCOPES, DedupeScope } from './entities/lead-list.entity';
export {
  Lead,
  LEAD_STATUSES,
  LeadStatus,
  BLOCKED_REASONS,
  BlockedReason,
  TIMEZONE_SOURCES,
  TimezoneSource,
} from './entities/lead.entity';
export {
  ImportJob,
  IMPORT_STATES,
  ImportState,
  IMPORT_TARGETS,
  ImportTarget,
  ImportCounts,
  ImportOptions,
  EMPTY_IMPORT_COUNTS,
} from './entities/import-job.entity';
export { ImportRejection } from './entities/import-rejection.entity';
export { LeadsModule } from './leads.module';
export { LeadListsService, NewLeadList, LeadListView } from './lead-lists.service';
export { LeadRecordsRepository } from './lead-records.repository';
export {
  ImportsService,
  ImportRequest,
  DncImportRequest,
  ConsentImportRequest,
  UploadedFile,
  ImportPreview,
  PreviewRow,
  PREVIEW_ROWS,
  PreviewProblem,
} from './import/imports.service';
export { REPORT_LANGUAGES, ReportLanguage } from './import/rejection-report';
export { ImportRunner, ImportRunOutcome, TidyUpReport } from './import/import-runner.service';
export { ImportView } from './import/import-view';
export { FileSample } from './import/file-sample';
export { ImportFileError, ImportFileProblem, UploadTooLargeError, ImportNotUndoableError, formatBytes } from './import.errors';
export { SNIFF_BYTES, MAX_COLUMNS, PREVIEW_WARNING_CODES } from './parsing/csv-sniffer';
export { BROKEN_QUOTE_REASONS } from './parsing/csv-record-reader';
export { SUPPORTED_ENCODINGS, SupportedEncoding } from './parsing/encoding-detection';
export { LEAD_FIELDS, LeadField } from './mapping/header-mapping';
export { normalisePhoneFor, NormalisedPhone, PhoneResult, unknownCountryField } from './normalise/phone-normaliser';
export { resolveTimezone, TimezoneResolution } from './normalise/timezone-resolver';
