export { DncEntry, DNC_SCOPES, DncScope, DNC_SOURCES, DncSource } from './entities/dnc-entry.entity';
export { Consent, CONSENT_TYPES, ConsentType } from './entities/consent.entity';
export { ComplianceModule } from './compliance.module';
export { GATES, Gate, GateVerdict, pass as passGate, block as blockGate } from './rules/gate-verdict';
export {
  WEEKDAYS,
  Weekday,
  DailyWindow,
  CallingHours,
  CallingWindowCheck,
  ZoneWindowState,
  WindowClosedReason,
  checkCallingWindow,
  everyDay,
} from './rules/calling-window';
export { AttemptLimits, AttemptHistory, checkAttemptLimits, localDayBounds } from './rules/attempt-limits';
export {
  DebtContactHistory,
  checkCollectionsFrequency,
  MAX_CALLS_PER_7_DAYS,
  QUIET_DAYS_AFTER_CONVERSATION,
} from './rules/collections-frequency';
export { checkRedialAfterAbandon } from './rules/redial-after-abandon';
export { PrerecordedConsentScope, consentRequired, checkConsent } from './rules/consent';
export { abandonRate } from './rules/abandon-rate';
export { JURISDICTIONS, Jurisdiction, JurisdictionProfile, JURISDICTION_PROFILES } from './jurisdiction-profiles';
export { DncService, NewDncEntry, DncList, AddedDncEntry } from './dnc.service';
export { dncMatchSql, dncBlocksListSql } from './dnc-match';
export { DIALABLE_LEAD_STATUSES, isDialableLeadStatus, dialableStatusSql, ERASED_SKIP_CODE } from './dialable-leads';
export { ConsentRevocation, REVOCATION_CHANNELS, RevocationChannel, REVOCATION_SCOPES, RevocationScope } from './entities/consent-revocation.entity';
export { ConsentLedgerService, NewConsent, NewRevocation, RecordedRevocation, RevocationOptions } from './consent-ledger.service';
export { ComplianceRecordsQueries, DncListFilter, DncListRow, RevocationReportRow } from './compliance-records.queries';
export { nationalRegistryCopyDate } from './national-registry.queries';
export { REGISTRY_COPY_MAX_AGE_DAYS, registryCopyAgeDays, registryCopyStale } from './rules/registry-copy';
export { REVOCATION_DEADLINE_BUSINESS_DAYS, revocationLag, usBusinessDaysBetween, RevocationLag } from './rules/revocation-lag';
export { US_STATE_RULES, UsStateRule, StateRuleHistory, checkStateRules } from './rules/state-rules';
export { usStateOf, UsStateFinding, UsStateSource, stateOfRegion, stateOfZip, stateOfAreaCode } from './rules/us-states';
export { SubjectDataQueries, SubjectData } from './subject-data.queries';
