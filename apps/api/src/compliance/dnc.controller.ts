import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig, ValidationFailedError } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { AddedDncEntry, DncEntry, DncService } from '@dialer/compliance';
import { ImportsService, ImportView, normalisePhoneFor } from '@dialer/leads';
import { QUEUES } from '@dialer/queues';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { DncImportFieldsDto, parseImportFields } from '../leads/import-fields.dto';
import { enqueueImport } from '../leads/import-queue';
import { receiveUpload } from '../leads/multipart-upload';
import { AddDncDto, DncNumberQuery, RemoveDncQuery } from './dnc.dto';

/** A number in any format (+E.164 needs no country; a national one is read in `country`, US by default). */
function e164(phone: string, country = 'US'): string {
  const result = normalisePhoneFor(phone, country);
  if (!result.ok) throw new ValidationFailedError([{ field: 'phone', messages: [result.problem.message] }]);
  return result.phone.e164;
}

@ApiTags('do-not-call')
@ApiBearerAuth()
@Roles('compliance', 'admin')
@Controller('dnc')
export class DncController {
  constructor(
    private readonly dnc: DncService,
    private readonly imports: ImportsService,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'country'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'A CSV with a phone column, or a registry extract: one number per line' },
        country: { type: 'string', example: 'US' },
        scope: { type: 'string', enum: ['global', 'campaign', 'product'] },
        campaignId: { type: 'string', format: 'uuid' },
        product: { type: 'string' },
        source: { type: 'string', enum: ['import', 'registry'] },
        encoding: { type: 'string' },
        mapping: { type: 'string' },
      },
    },
  })
  @ApiOperation({ summary: 'Load a do-not-call list (or a national registry extract) through the import pipeline' })
  async upload(@Req() request: Request, @CurrentActor() actor: Actor): Promise<ImportView> {
    const { file, fields } = await receiveUpload(request, this.config.uploads.dir, this.config.uploads.maxBytes);
    return enqueueImport(this.imports, this.queue, file, async () => {
      const options = parseImportFields(DncImportFieldsDto, fields);
      return this.imports.createDncImport(file, { ...options, scope: options.scope ?? 'global' }, actor);
    });
  }

  @Post()
  @ApiOperation({
    summary: 'Put one number on a DNC list (audited); adding it again returns the entry',
    description: 'Every lead with the number still waiting to be dialed, on lists the entry covers, is blocked at once (`leadsBlocked`).',
  })
  async add(@Body() body: AddDncDto, @CurrentActor() actor: Actor): Promise<AddedDncEntry> {
    const phone = e164(body.phone, body.country);
    return this.dnc.add({ phone, scope: body.scope, campaignId: body.campaignId, product: body.product, source: 'manual', reason: body.reason }, actor);
  }

  @Get()
  @ApiOperation({ summary: 'The DNC entries of a number' })
  async find(@Query() query: DncNumberQuery): Promise<{ phone: string; entries: DncEntry[] }> {
    const phone = e164(query.phone, query.country);
    return { phone, entries: await this.dnc.find(phone) };
  }

  @Delete(':phone')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a number off one DNC list (audited)' })
  async remove(@Param('phone') raw: string, @Query() query: RemoveDncQuery, @CurrentActor() actor: Actor): Promise<{ phone: string; removed: number }> {
    const phone = e164(raw, query.country);
    return { phone, removed: await this.dnc.remove(phone, { scope: query.scope, campaignId: query.campaignId, product: query.product }, actor) };
  }
}
