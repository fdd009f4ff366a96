export { evaluateDialGates, firstBlocking, gateEvidence, LeadDialFacts, DialContext } from './gates/dial-gates';
export { nextLeadState, NextLeadState, EndedAttempt, AttemptOutcome, ATTEMPT_OUTCOMES, DispositionFlags } from './settlement/next-lead-state';
export { LeaderLease, Lease } from './leadership/leader-lease';
export { CpsLimiter } from './placement/cps-limiter';
export { DialerModule } from './dialer.module';
export { Hopper, DialTicket, TakeOptions, StaleLeaderError } from './hopper/hopper.service';
export { CampaignStatsService, CampaignStats, CallCounts, estimatedAmdFalsePositives } from './stats/campaign-stats.service';
export { PacingStatusStore, PacingStatus } from './stats/pacing-status.store';
export { AttemptSettlementService, SettleResult } from './settlement/attempt-settlement.service';
export { DispositionService, DispositionResult } from './dispositions/disposition.service';
export { DispositionInput, checkDispositionData, callbackInstant } from './dispositions/disposition-data';
export { WhyService, LeadWhy, CampaignWhy, Reason } from './why/why.service';
export { agentRoom, agentOfRoom } from './flow/agent-room';
export { DialerCallFlowPolicy, machineTwiml } from './flow/dialer-call-flow.policy';
export { ScreenPopService, ScreenPop } from './flow/screen-pop.service';
export { CampaignConfigCache } from './flow/campaign-config.cache';
export { DialerEvents, DialerEvent, decodeDialerEvent } from './events/dialer-events';
export { CallPlacer, amdOptions, PlacementResult } from './placement/call-placer';
export { DialerTimers } from './timers/dialer-timers';
export { CallEndings } from './settlement/call-endings.service';
export { AgentCallsService, NoPreviewError, PreviewNotDialableError, CallNotPlacedError } from './agent-calls/agent-calls.service';
export { Reconciler, ReconcileReport, PREVIEW_HOLD_MAX_MS, PREVIEW_GRACE_MS } from './reconciliation/reconciler.service';
export { PacingSupervisor } from './pacing-loop/pacing-supervisor';
export { CampaignRunner, pacingSettings, amdFalsePositiveShare } from './pacing-loop/campaign-runner';
export {
  LIVE_ATTEMPT_STATES,
  ENDED_ATTEMPT_STATES,
  MACHINE_VERDICTS,
  isLiveAttemptState,
  isEndedAttemptState,
  isMachineVerdict,
  liveStateSql,
  endedStateSql,
  machineVerdictSql,
  countsAsCallSql,
} from './attempts/attempt-classes';
