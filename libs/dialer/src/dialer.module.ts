import { Module } from '@nestjs/common';
import { QUEUES, QueuesModule } from '@dialer/queues';
import { AgentsModule } from '@dialer/agents';
import { CampaignsModule } from '@dialer/campaigns';
import { ComplianceModule } from '@dialer/compliance';
import { LeadsModule } from '@dialer/leads';
import { DispositionService } from './dispositions/disposition.service';
import { AgentReadinessService } from './agent-calls/agent-readiness.service';
import { AgentCallsService } from './agent-calls/agent-calls.service';
import { DialerEvents } from './events/dialer-events';
import { CampaignConfigCache } from './flow/campaign-config.cache';
import { ScreenPopService } from './flow/screen-pop.service';
import { Hopper } from './hopper/hopper.service';
import { LeaderLease } from './leadership/leader-lease';
import { CallPlacer } from './placement/call-placer';
import { CpsLimiter } from './placement/cps-limiter';
import { PlacementClaims } from './placement/placement-claims';
import { Reconciler } from './reconciliation/reconciler.service';
import { CallEndings } from './settlement/call-endings.service';
import { TwilioVerdicts } from './settlement/twilio-verdicts';
import { WrapUpClock } from './timers/wrap-up.service';
import { DialerTimers } from './timers/dialer-timers';
import { AttemptSettlementService } from './settlement/attempt-settlement.service';
import { WallboardService } from './stats/wallboard.service';
import { AgentTodayQueries } from './stats/agent-today.queries';
import { KpiReportQueries } from './stats/kpi-report.queries';
import { OutcomeReportsQueries } from './stats/outcome-reports.queries';
import { CampaignStatsService } from './stats/campaign-stats.service';
import { CampaignRollupsQueries } from './stats/campaign-rollups.queries';
import { WhyService } from './why/why.service';
import { PacingStatusStore } from './stats/pacing-status.store';
import { CampaignWindDown } from './pacing-loop/campaign-wind-down';
import { MonitoringService } from './monitoring/monitoring.service';

/**
 * The dialer runtime's services, shared by the api (call flow, agent actions)
 * and the worker (pacing loop). Needs CallsModule.forRoot() (global) and
 * TelephonyModule in the process's root module.
 */
@Module({
  imports: [ComplianceModule, LeadsModule, CampaignsModule, AgentsModule, QueuesModule.register(QUEUES.dialer)],
  providers: [Hopper, LeaderLease, CpsLimiter, PacingStatusStore, CampaignStatsService, WallboardService, KpiReportQueries, AgentTodayQueries, OutcomeReportsQueries, CampaignRollupsQueries, AttemptSettlementService, DispositionService, WhyService, DialerEvents, CampaignConfigCache, ScreenPopService, CallPlacer, PlacementClaims, DialerTimers, WrapUpClock, CallEndings, TwilioVerdicts, AgentCallsService, AgentReadinessService, Reconciler, CampaignWindDown, MonitoringService],
  exports: [Hopper, LeaderLease, CpsLimiter, PacingStatusStore, CampaignStatsService, WallboardService, KpiReportQueries, AgentTodayQueries, OutcomeReportsQueries, AttemptSettlementService, DispositionService, WhyService, DialerEvents, CampaignConfigCache, ScreenPopService, CallPlacer, DialerTimers, WrapUpClock, CallEndings, TwilioVerdicts, AgentCallsService, AgentReadinessService, Reconciler, CampaignWindDown, MonitoringService],
})
export class DialerModule {}
