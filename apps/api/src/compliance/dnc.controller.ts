import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { Queue } from 'bull';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { AddedDncEntry, ComplianceRecordsQueries, DncListFilter, DncService } from '@dialer/compliance';
import { ImportPreview, ImportsService, ImportView, SNIFF_BYTES } from '@dialer/leads';
import { QUEUES } from '@dialer/queues';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { DncImportFieldsDto, parseImportFields } from '../leads/import-fields.dto';
import { enqueueImport } from '../leads/import-queue';
import { ImportPreviewDto, ImportViewDto } from '../leads/lists.responses.dto';
import { receiveSample, receiveUpload } from '../leads/multipart-upload';
import { AddDncDto, DncExportQuery, DncListQuery, RemoveDncQuery } from './dnc.dto';
import { AddedDncView, DncPageView, RemovedDncView } from './compliance.views';
import { e164 } from './phone-input';

/** The multipart form of a DNC file, for its upload and its preview. */
const DNC_UPLOAD_BODY = {
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
      registryDate: { type: 'string', format: 'date', description: 'A registry extract: the date of the registry copy' },
      expiresAt: { type: 'string', format: 'date-time', description: 'When the loaded entries stop blocking' },
      encoding: { type: 'string' },
      mapping: { type: 'string' },
    },
  },
};

@ApiTags('do-not-call')
@ApiBearerAuth()
@Roles('compliance', 'admin')
@Controller('dnc')
export class DncController {
  constructor(
    private readonly dnc: DncService,
    private readonly records: ComplianceRecordsQueries,
    private readonly imports: ImportsService,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody(DNC_UPLOAD_BODY)
  @ApiOperation({ summary: 'Load a do-not-call list (or a national registry extract) through the import pipeline' })
  @ApiAcceptedResponse({ type: ImportViewDto, description: 'The import, queued (see GET /imports/:id)' })
  async upload(@Req() request: Request, @CurrentActor() actor: Actor): Promise<ImportView> {
    const { file, fields } = await receiveUpload(request, this.config.uploads.dir, this.config.uploads.maxBytes);
    return enqueueImport(this.imports, this.queue, file, async () => {
      const options = parseImportFields(DncImportFieldsDto, fields);
      return this.imports.createDncImport(file, { ...options, scope: options.scope ?? 'global' }, actor);
    });
  }

  @Post('imports/preview')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(DNC_UPLOAD_BODY)
  @ApiOperation({
    summary: 'Read the start of a DNC file: encoding, delimiter, header, mapping, and the first 20 rows as entries or rejections',
    description: 'Send the fields before the file. Only the start of the file is read; nothing is stored.',
  })
  @ApiOkResponse({ type: ImportPreviewDto })
  async preview(@Req() request: Request): Promise<ImportPreview> {
    const { file, fields } = await receiveSample(request, SNIFF_BYTES);
    return this.imports.previewEntries('dnc', file, parseImportFields(DncImportFieldsDto, fields));
  }

  @Post()
  @ApiOperation({
    summary: 'Put one number on a DNC list (audited); adding it again returns the entry',
    description: 'Every lead with the number still waiting to be dialed, on lists the entry covers, is blocked at once (`leadsBlocked`).',
  })
  @ApiCreatedResponse({ type: AddedDncView })
  async add(@Body() body: AddDncDto, @CurrentActor() actor: Actor): Promise<AddedDncEntry> {
    const phone = e164(body.phone, body.country);
    return this.dnc.add({ phone, scope: body.scope, campaignId: body.campaignId, product: body.product, source: 'manual', reason: body.reason }, actor);
  }

  @Get()
  @ApiOperation({ summary: 'DNC entries, newest first, filtered (one number, a number prefix, scope, source, added between) and paginated' })
  @ApiOkResponse({ type: DncPageView })
  async list(@Query() query: DncListQuery): Promise<DncPageView> {
    const limit = query.limit ?? 100;
    const offset = query.offset ?? 0;
    const filter = this.filterOf(query);
    const { total, items } = await this.records.listDnc(filter, { limit, offset });
    return { phone: filter.phone ?? null, total, limit, offset, entries: items };
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The DNC entries matching the same filters, as formula-safe UTF-8 CSV, streamed' })
  @ApiOkResponse({ description: 'CSV: phone, scope, campaign_id, product, source, reason, added_at, expires_at, import_id, added_by, id', schema: { type: 'string' } })
  export(@Query() query: DncExportQuery): StreamableFile {
    return new StreamableFile(Readable.from(this.records.dncCsv(this.filterOf(query))), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="dnc.csv"',
    });
  }

  private filterOf(query: DncExportQuery): DncListFilter {
    return {
      phone: query.phone === undefined ? undefined : e164(query.phone, query.country),
      phonePrefix: query.phonePrefix,
      scope: query.scope,
      source: query.source,
      addedFrom: query.addedFrom,
      addedTo: query.addedTo,
    };
  }

  @Delete(':phone')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take a number off one DNC list (audited)',
    description: 'Gives back to the dialing pool the leads a DNC entry blocked that no remaining entry blocks (`leadsUnblocked`).',
  })
  @ApiOkResponse({ type: RemovedDncView })
  async remove(@Param('phone') raw: string, @Query() query: RemoveDncQuery, @CurrentActor() actor: Actor): Promise<RemovedDncView> {
    const phone = e164(raw, query.country);
    return { phone, ...(await this.dnc.remove(phone, { scope: query.scope, campaignId: query.campaignId, product: query.product }, actor, query.reason)) };
  }
}
