export {
  Campaign,
  CAMPAIGN_KINDS,
  CampaignKind,
  DIALING_MODES,
  DialingMode,
  CAMPAIGN_STATUSES,
  CampaignStatus,
} from './entities/campaign.entity';
export { CampaignList } from './entities/campaign-list.entity';
export { DispositionCode } from './entities/disposition-code.entity';
export { CampaignsModule } from './campaigns.module';
export {
  CampaignsService,
  NewCampaign,
  CampaignChanges,
  FloorFacts,
  TransitionResult,
} from './campaigns.service';
export { DEFAULT_DISPOSITIONS, DISPOSITION_LOCALES, DispositionLocale, DispositionTemplate, defaultDispositions } from './default-dispositions';
export {
  CampaignSettings,
  AbandonMessage,
  AmdMode,
  MachineAction,
  RetryRule,
  RETRY_OUTCOMES,
  RetryOutcome,
  NUMBER_SLOTS,
  NumberSlot,
  NEXT_NUMBER_OUTCOMES,
  NextNumberOutcome,
  NumberSettings,
  SurveyDefinition,
  SurveyQuestion,
} from './config/campaign-settings';
export {
  CampaignConfig,
  CampaignLike,
  resolveCampaignConfig,
  DEFAULT_RETRY_RULES,
  DEFAULT_NUMBER_SETTINGS,
  CONNECT_GRACE_SEC,
  AMD_FALSE_POSITIVE_RATE,
  DEFAULT_PAUSE_REASONS,
  SYSTEM_PAUSE_REASONS,
  WRAP_UP_EXTEND_SEC,
} from './config/campaign-config';
export {
  checkCampaignReadiness,
  ReadinessFacts,
  ReadinessIssue,
  ReadinessReport,
  PREDICTIVE_MIN_AGENTS,
} from './config/campaign-readiness';
export {
  renderScript,
  unknownScriptFields,
  scriptTemplateProblem,
  ScriptContext,
  previewScript,
  ScriptPreview,
  SAMPLE_SCRIPT_CONTEXT,
} from './config/script-template';
export { settingsProblems, isKnownHolidayCalendar } from './config/settings-rules';
export { pickCallerId } from './config/caller-id';
export { abandonMessageText, identityDisclosureText } from './config/spoken-messages';
export { LIFECYCLE_ACTIONS, LifecycleAction, nextStatus } from './campaign-lifecycle';
export {
  CampaignNotReadyError,
  CampaignChangeRefusedError,
  CampaignChangedError,
  CampaignTransitionError,
  CampaignClosedError,
  DispositionCodeTakenError,
} from './campaigns.errors';
