import { Migration20261122120000InitialSchema } from './20261122120000-initial-schema.migration';
import { Migration20261122150000LeadImport } from './20261122150000-lead-import.migration';
import { Migration20261122160000CallEvents } from './20261122160000-call-events.migration';
import { Migration20261122170000DialerRuntime } from './20261122170000-dialer-runtime.migration';
import { Migration20261123090000DispositionRefusal } from './20261123090000-disposition-refusal.migration';
import { Migration20261206070000ComplianceLedger } from './20261206070000-compliance-ledger.migration';
import { Migration20261206073000LeadPhoneExtension } from './20261206073000-lead-phone-extension.migration';
import { Migration20261206080000AuditChain } from './20261206080000-audit-chain.migration';
import { Migration20261206081000ExportJobs } from './20261206081000-export-jobs.migration';
import { Migration20261206084500AuditSeqNotNull } from './20261206084500-audit-seq-not-null.migration';
import { Migration20261206083000Rollups } from './20261206083000-rollups.migration';
import { Migration20261206084000OneLiveCallPerNumber } from './20261206084000-one-live-call-per-number.migration';
import { Migration20261206084713ConnectCounts } from './20261206084713-connect-counts.migration';
import { Migration20261206102531RejectionDuplicateOf } from './20261206102531-rejection-duplicate-of.migration';
import { KPI_ROLLUP, Migration20261206173000KpiRollups } from './20261206173000-kpi-rollups.migration';
import { Migration20261206230000AgentKpiRollups } from './20261206230000-agent-kpi-rollups.migration';
import { Migration20261207020000KpiDayRollups } from './20261207020000-kpi-day-rollups.migration';
import { Migration20261207090000LeadsListCheckPerStatement } from './20261207090000-leads-list-check-per-statement.migration';
import { Migration20261207091000UserSessionVersion } from './20261207091000-user-session-version.migration';
import { Migration20261207110000AttemptRollupsOneUpdateTrigger } from './20261207110000-attempt-rollups-one-update-trigger.migration';
import { Migration20261207120000LeadOfAttemptFixed } from './20261207120000-lead-of-attempt-fixed.migration';
import { Migration20261207150000AttemptsByAgentDay } from './20261207150000-attempts-by-agent-day.migration';
import { Migration20261208090000CampaignVersion } from './20261208090000-campaign-version.migration';
import { Migration20261208100000ExportErrorCode } from './20261208100000-export-error-code.migration';
import { Migration20261208110000DispositionRetired } from './20261208110000-disposition-retired.migration';

/** Every migration, in order. Listed explicitly so bundled builds need no file globbing. */
export const MIGRATIONS = [
  { name: 'Migration20261122120000InitialSchema', class: Migration20261122120000InitialSchema },
  { name: 'Migration20261122150000LeadImport', class: Migration20261122150000LeadImport },
  { name: 'Migration20261122160000CallEvents', class: Migration20261122160000CallEvents },
  { name: 'Migration20261122170000DialerRuntime', class: Migration20261122170000DialerRuntime },
  { name: 'Migration20261123090000DispositionRefusal', class: Migration20261123090000DispositionRefusal },
  { name: 'Migration20261206070000ComplianceLedger', class: Migration20261206070000ComplianceLedger },
  { name: 'Migration20261206073000LeadPhoneExtension', class: Migration20261206073000LeadPhoneExtension },
  { name: 'Migration20261206080000AuditChain', class: Migration20261206080000AuditChain },
  { name: 'Migration20261206081000ExportJobs', class: Migration20261206081000ExportJobs },
  { name: 'Migration20261206083000Rollups', class: Migration20261206083000Rollups },
  { name: 'Migration20261206084000OneLiveCallPerNumber', class: Migration20261206084000OneLiveCallPerNumber },
  { name: 'Migration20261206084500AuditSeqNotNull', class: Migration20261206084500AuditSeqNotNull },
  { name: 'Migration20261206084713ConnectCounts', class: Migration20261206084713ConnectCounts },
  { name: 'Migration20261206102531RejectionDuplicateOf', class: Migration20261206102531RejectionDuplicateOf },
  { name: 'Migration20261206173000KpiRollups', class: Migration20261206173000KpiRollups },
  { name: 'Migration20261206230000AgentKpiRollups', class: Migration20261206230000AgentKpiRollups },
  { name: 'Migration20261207020000KpiDayRollups', class: Migration20261207020000KpiDayRollups },
  { name: 'Migration20261207090000LeadsListCheckPerStatement', class: Migration20261207090000LeadsListCheckPerStatement },
  { name: 'Migration20261207091000UserSessionVersion', class: Migration20261207091000UserSessionVersion },
  { name: 'Migration20261207110000AttemptRollupsOneUpdateTrigger', class: Migration20261207110000AttemptRollupsOneUpdateTrigger },
  { name: 'Migration20261207120000LeadOfAttemptFixed', class: Migration20261207120000LeadOfAttemptFixed },
  { name: 'Migration20261207150000AttemptsByAgentDay', class: Migration20261207150000AttemptsByAgentDay },
  { name: 'Migration20261208090000CampaignVersion', class: Migration20261208090000CampaignVersion },
  { name: 'Migration20261208100000ExportErrorCode', class: Migration20261208100000ExportErrorCode },
  { name: 'Migration20261208110000DispositionRetired', class: Migration20261208110000DispositionRetired },
];

/** Their names, in the order they apply. */
export const MIGRATION_NAMES = MIGRATIONS.map((migration) => migration.name);

/**
 * The KPI rollups' measures (attempt_kpi_rollups and the rollups by agent,
 * list and day sum the same), each one attempt's value, as their triggers add
 * it: what a reader adds for the part-hours it reads from call_attempts, so
 * they count exactly as the rollups' whole hours do.
 */
export const KPI_ROLLUP_MEASURES: readonly [column: string, value: (a: string) => string][] = KPI_ROLLUP.measures;
