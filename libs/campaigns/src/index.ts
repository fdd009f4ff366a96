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
export { DEFAULT_DISPOSITIONS, DispositionTemplate } from './default-dispositions';
export {
  CampaignSettings,
  AbandonMessage,
  AmdMode,
  MachineAction,
  RetryRule,
  RETRY_OUTCOMES,
  RetryOutcome,
  SurveyDefinition,
  SurveyQuestion,
} from './config/campaign-settings';
export {
  CampaignConfig,
  CampaignLike,
  resolveCampaignConfig,
  DEFAULT_RETRY_RULES,
  CONNECT_GRACE_SEC,
  AMD_FALSE_POSITIVE_RATE,
} from './config/campaign-config';
export {
  checkCampaignReadiness,
  ReadinessFacts,
  ReadinessIssue,
  ReadinessReport,
  PREDICTIVE_MIN_AGENTS,
} from './config/campaign-readiness';
export { renderScript, unknownScriptFields, ScriptContext } from './config/script-template';
export { pickCallerId } from './config/caller-id';
export { abandonMessageText, identityDisclosureText } from './config/spoken-messages';
export { LIFECYCLE_ACTIONS, LifecycleAction, nextStatus } from './campaign-lifecycle';
export {
  CampaignNotReadyError,
  CampaignChangeRefusedError,
  CampaignTransitionError,
  CampaignClosedError,
  DispositionCodeTakenError,
} from './campaigns.errors';
