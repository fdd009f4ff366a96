import { Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { DomainError } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { ImportJob, ImportsService, ImportTarget, ImportView } from '@dialer/leads';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { ImportViewDto, RejectionsQuery, UndoneImportDto } from './lists.responses.dto';

/** Lead imports belong to managers, DNC and consent imports to compliance; admins see all. */
const ROLES_OF_TARGET: Record<ImportTarget, readonly string[]> = {
  leads: ['manager', 'admin'],
  dnc: ['compliance', 'admin'],
  consents: ['compliance', 'admin'],
};

@ApiTags('imports')
@ApiBearerAuth()
@Roles('manager', 'admin', 'compliance')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  private async visible(id: string, actor: Actor): Promise<ImportJob> {
    const job = await this.imports.get(id);
    const target: ImportTarget = job.target;
    if (!ROLES_OF_TARGET[target].includes(actor.role)) {
      throw new DomainError('AUTH_FORBIDDEN', `A ${target} import is for ${ROLES_OF_TARGET[target].join(' or ')}`, 'forbidden');
    }
    return job;
  }

  @Get(':id')
  @ApiOperation({ summary: 'State, counts, progress and duration of an import' })
  @ApiOkResponse({ type: ImportViewDto })
  async get(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<ImportView> {
    return this.imports.view(await this.visible(id, actor));
  }

  @Get(':id/rejections.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'Every rejected row: its number, reason code, message and original cells (formula-safe CSV); lang=ja: the header in Japanese and the reason in Japanese beside the English message',
  })
  async rejections(@UuidParam() id: string, @Query() query: RejectionsQuery, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const job = await this.visible(id, actor);
    return new StreamableFile(Readable.from(this.imports.rejectionsCsv(job, query.lang ?? 'en')), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="import-${job.id}-rejections.csv"`,
    });
  }

  @Post(':id/undo')
  @HttpCode(200)
  @ApiOkResponse({ type: UndoneImportDto })
  @ApiOperation({
    summary:
      'Remove what the import added, provided none of its leads has been dialed; for a DNC import, also unblock the undialed leads no remaining entry covers',
  })
  async undo(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<ImportView & { removed: number; leadsUnflagged: number }> {
    await this.visible(id, actor);
    const { job, removed, leadsUnflagged } = await this.imports.undo(id, actor);
    return { ...this.imports.view(job), removed, leadsUnflagged };
  }
}
