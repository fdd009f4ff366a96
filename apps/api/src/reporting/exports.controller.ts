import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import { DomainError } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { enqueue, QUEUES } from '@dialer/queues';
import { ExportsService, ExportView } from '@dialer/reporting';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { CreateExportDto, ExportListDto, ExportListQuery, ExportViewDto } from './export.dto';

@ApiTags('compliance')
@ApiBearerAuth()
// Every attempt with the callee's name, number and the gates' evidence: compliance's (and the admin's), not a
// manager's; managers get the aggregate reports (/reports/campaigns/…, /reports/lists/…).
@Roles('compliance', 'admin')
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start an export of call attempts (one row per attempt, with its outcome and dial-time evidence); the worker writes the file',
  })
  @ApiAcceptedResponse({ type: ExportViewDto })
  async create(@Body() body: CreateExportDto, @CurrentActor() actor: Actor): Promise<ExportView> {
    const job = await this.exports.request({ kind: body.kind, format: body.format, encoding: body.encoding, filters: { ...body.filters } }, actor);
    try {
      await enqueue(this.queue, QUEUES.exports, 'run', { exportId: job.id }, { jobId: job.id });
    } catch (error) {
      await this.exports.abandon(job, error);
      throw new DomainError('EXPORT_NOT_QUEUED', `The export could not be queued (${(error as Error).message}); try again`, 'unavailable');
    }
    return this.exports.view(job);
  }

  @Get()
  @ApiOperation({ summary: 'Export history, newest first (compliance and admin see everyone’s; a manager their own)' })
  @ApiOkResponse({ type: ExportListDto })
  list(@Query() query: ExportListQuery, @CurrentActor() actor: Actor): Promise<{ items: ExportView[]; total: number }> {
    return this.exports.list(actor, { limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  @Get(':id')
  @ApiOperation({ summary: 'State and progress of an export' })
  @ApiOkResponse({ type: ExportViewDto })
  async get(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<ExportView> {
    return this.exports.view(await this.exports.get(id, actor));
  }

  @Get(':id/file')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The file of a completed export (the download is audited); 404 EXPORT_EXPIRED once deleted' })
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async file(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const file = await this.exports.file(id, actor);
    return new StreamableFile(file.stream, { type: file.contentType, length: file.size, disposition: `attachment; filename="${file.fileName}"` });
  }
}
