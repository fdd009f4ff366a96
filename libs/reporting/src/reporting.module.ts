import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AgentTimeDayRollup } from './entities/agent-time-day-rollup.entity';
import { AgentTimeRollup } from './entities/agent-time-rollup.entity';
import { AttemptAgentKpiRollup } from './entities/attempt-agent-kpi-rollup.entity';
import { AttemptKpiDayRollup } from './entities/attempt-kpi-day-rollup.entity';
import { AttemptKpiRollup } from './entities/attempt-kpi-rollup.entity';
import { AttemptRollup } from './entities/attempt-rollup.entity';
import { CampaignTimeRollup } from './entities/campaign-time-rollup.entity';
import { ExportJob } from './entities/export-job.entity';
import { LeadStatusRollup } from './entities/lead-status-rollup.entity';
import { ExportJobsRepository } from './exports/export-jobs.repository';
import { ExportsService } from './exports/exports.service';
import { LeadLookupQueries } from './leads/lead-lookup.queries';
import { RollupFoldingService } from './rollups/rollup-folding.service';

/** Read models over the other libs' tables: the call-results export (and its own `export_jobs`), the lead lookup, the folding of its rollups' finished hours and days. */
@Module({
  imports: [MikroOrmModule.forFeature([ExportJob, AttemptRollup, AttemptKpiRollup, AttemptAgentKpiRollup, AgentTimeRollup, CampaignTimeRollup, AttemptKpiDayRollup, AgentTimeDayRollup, LeadStatusRollup])],
  providers: [ExportsService, ExportJobsRepository, LeadLookupQueries, RollupFoldingService],
  exports: [ExportsService, LeadLookupQueries, RollupFoldingService],
})
export class ReportingModule {}
