import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { ImportPreview, ImportsService, ImportView, LeadListsService, LeadListView, SNIFF_BYTES } from '@dialer/leads';
import { QUEUES } from '@dialer/queues';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { ImportFieldsDto, parseImportFields } from './import-fields.dto';
import { CreateLeadListDto } from './lead-list.dto';
import { ImportPreviewDto, ImportViewDto, LeadListViewDto } from './lists.responses.dto';
import { enqueueImport } from './import-queue';
import { receiveSample, receiveUpload } from './multipart-upload';

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'CSV: UTF-8 (BOM or not), UTF-16LE or Shift_JIS; , ; tab or |' },
      encoding: { type: 'string', example: 'shift_jis' },
      mapping: { type: 'string', example: '{"電話番号":"phone"}' },
    },
  },
};

@ApiTags('lead lists')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('lists')
export class ListsController {
  constructor(
    private readonly lists: LeadListsService,
    private readonly imports: ImportsService,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a lead list with its default country and dedupe scope' })
  @ApiCreatedResponse({ type: LeadListViewDto })
  async create(@Body() body: CreateLeadListDto, @CurrentActor() actor: Actor): Promise<LeadListView> {
    return this.lists.view(await this.lists.create(body, actor));
  }

  @Get()
  @ApiOperation({ summary: 'Lead lists, newest first, with their leads counted by status' })
  @ApiOkResponse({ type: [LeadListViewDto] })
  async all(): Promise<LeadListView[]> {
    return Promise.all((await this.lists.all()).map((list) => this.lists.view(list)));
  }

  @Get(':id')
  @ApiOkResponse({ type: LeadListViewDto })
  async get(@UuidParam() id: string): Promise<LeadListView> {
    return this.lists.view(await this.lists.get(id));
  }

  @Get(':id/imports')
  @ApiOperation({ summary: 'The list’s imports, newest first, with their state, counts and progress' })
  @ApiOkResponse({ type: [ImportViewDto] })
  async importsOf(@UuidParam() id: string): Promise<ImportView[]> {
    await this.lists.get(id);
    return (await this.imports.ofList(id)).map((job) => this.imports.view(job));
  }

  @Post(':id/imports/preview')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({
    summary: 'Read the start of a file: encoding, delimiter, header, suggested mapping, and the first 20 rows as they would be stored',
  })
  @ApiOkResponse({ type: ImportPreviewDto })
  async preview(@UuidParam() id: string, @Req() request: Request): Promise<ImportPreview> {
    await this.lists.get(id);
    const { file, fields } = await receiveSample(request, SNIFF_BYTES);
    const options = parseImportFields(ImportFieldsDto, fields);
    return this.imports.preview(id, file, options);
  }

  @Post(':id/imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({ summary: 'Upload a file (streamed to disk, up to UPLOAD_MAX_BYTES) and queue its import; poll GET /imports/:id' })
  @ApiAcceptedResponse({ type: ImportViewDto })
  async upload(@UuidParam() id: string, @Req() request: Request, @CurrentActor() actor: Actor): Promise<ImportView> {
    await this.lists.get(id); // before reading a gigabyte for a list that is not there
    const { file, fields } = await receiveUpload(request, this.config.uploads.dir, this.config.uploads.maxBytes);
    return enqueueImport(this.imports, this.queue, file, async () =>
      this.imports.createLeadImport(id, file, parseImportFields(ImportFieldsDto, fields), actor),
    );
  }
}
