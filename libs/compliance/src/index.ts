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
export { dncMatchSql } from './dnc-match';
export { DIALABLE_LEAD_STATUSES, isDialableLeadStatus, dialableStatusSql } from './dialable-leads';
