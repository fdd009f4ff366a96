import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '@dialer/audit';
import { DIRECT_STREAM_MAX_ROWS, ExportsService } from '@dialer/reporting';
import { KpiReportQueries, OutcomeReportsQueries } from '@dialer/dialer';
import { UuidParam } from '../http/uuid-param';
import {
  AbandonWindowReportDto,
  KPI_FORMULAS,
  KpiQuery,
  KpiReportDto,
  OptionalRangeQuery,
  PenetrationReportDto,
  PromisesReportDto,
  RangeQuery,
  SurveyReportDto,
} from './kpi-report.dto';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { AttemptsCsvQuery } from './export.dto';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly kpiReports: KpiReportQueries,
    private readonly outcomes: OutcomeReportsQueries,
  ) {}

  @Get('lists/:id/penetration')
  @Roles('compliance', 'admin', 'manager')
  @ApiOkResponse({ type: PenetrationReportDto })
  @ApiOperation({ summary: 'A list’s penetration: leads called and reached on their 1st to 5th call, remaining, done, exhausted, blocked by reason' })
  penetration(@UuidParam() id: string): Promise<PenetrationReportDto> {
    return this.outcomes.penetration(id);
  }

  @Get('campaigns/:id/survey')
  @Roles('compliance', 'admin', 'manager')
  @ApiOkResponse({ type: SurveyReportDto })
  @ApiOperation({ summary: 'A survey campaign’s answers per question (IVR and agent-entered), most given first' })
  survey(@UuidParam() id: string, @Query() query: OptionalRangeQuery): Promise<SurveyReportDto> {
    return this.outcomes.survey(id, query.from ? new Date(query.from) : undefined, query.to ? new Date(query.to) : undefined);
  }

  @Get('campaigns/:id/promises')
  @Roles('compliance', 'admin', 'manager')
  @ApiOkResponse({ type: PromisesReportDto })
  @ApiOperation({ summary: 'Collections: promises to pay per currency — count, amount, kept (paid by the promised date), broken, pending' })
  promises(@UuidParam() id: string, @Query() query: OptionalRangeQuery): Promise<PromisesReportDto> {
    return this.outcomes.promises(id, query.from ? new Date(query.from) : undefined, query.to ? new Date(query.to) : undefined);
  }

  @Get('campaigns/:id/kpis')
  @Roles('compliance', 'admin', 'manager')
  @ApiOkResponse({ type: KpiReportDto })
  @ApiOperation({ summary: 'A campaign’s KPIs by day, hour, agent or list, with the total', description: `Formulas: ${KPI_FORMULAS}.` })
  kpis(@UuidParam() id: string, @Query() query: KpiQuery): Promise<KpiReportDto> {
    return this.kpiReports.kpis(id, new Date(query.from), new Date(query.to), query.groupBy, query.timeZone ?? 'UTC');
  }

  @Get('campaigns/:id/abandons')
  @Roles('compliance', 'admin', 'manager')
  @ApiOkResponse({ type: AbandonWindowReportDto })
  @ApiOperation({
    summary: 'The abandon rate over the rolling regulatory window (US 30 days, UK 24 h, per the campaign) ending at each day’s end (UTC), against the cap; from the hourly rollups',
  })
  abandons(@UuidParam() id: string, @Query() query: RangeQuery): Promise<AbandonWindowReportDto> {
    return this.kpiReports.abandonWindow(id, new Date(query.from), new Date(query.to));
  }

  @Get('attempts.csv')
  // The call-results export (callees' personal data, row by row): as /exports, compliance and admin only.
  @Roles('compliance', 'admin')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: `The call-results export of a small range (up to ${DIRECT_STREAM_MAX_ROWS} attempts, else 413 REPORT_TOO_LARGE: use POST /exports), streamed as it is read; audited`,
  })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async attempts(@Query() query: AttemptsCsvQuery, @CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const { encoding = 'utf-8', ...filters } = query;
    // Nothing is sent before the range is checked: a refusal is still an ordinary JSON error.
    let started = false;
    await this.exports.streamCsv(filters, encoding, actor, response, () => {
      started = true;
      response.status(200);
      response.setHeader('Content-Type', `text/csv; charset=${encoding === 'shift_jis' ? 'shift_jis' : 'utf-8'}`);
      response.setHeader('Content-Disposition', `attachment; filename="attempts${encoding === 'shift_jis' ? '-sjis' : ''}.csv"`);
    }).catch((error: unknown) => {
      if (!started) throw error;
      // Mid-stream there is no status left to change: cut the download short so it cannot pass for whole.
      response.destroy(error as Error);
    });
    if (!response.destroyed) response.end();
  }
}
