import { InjectQueue } from '@nestjs/bull';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bull';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@dialer/core';
import { Actor } from '@dialer/audit';
import { ComplianceRecordsQueries, ConsentLedgerService } from '@dialer/compliance';
import { ImportPreview, ImportsService, ImportView, SNIFF_BYTES } from '@dialer/leads';
import { QUEUES } from '@dialer/queues';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { ConsentImportFieldsDto, parseImportFields } from '../leads/import-fields.dto';
import { enqueueImport } from '../leads/import-queue';
import { receiveSample, receiveUpload } from '../leads/multipart-upload';
import { ImportPreviewDto, ImportViewDto } from '../leads/lists.responses.dto';
import { ConsentsQuery, RecordConsentDto, RecordedChannel, RecordRevocationDto, RevocationReportQuery, RevokeConsentDto } from './consents.dto';
import { ConsentsOfNumberView, ConsentView, RecordedRevocationView, RevocationReportView, RevocationView } from './compliance.views';
import { e164 } from './phone-input';

/** Who recorded a revocation by hand: compliance staff, or a client system (admin) through the API. */
const channelOf = (requested: RecordedChannel | undefined, actor: Actor): RecordedChannel =>
  requested ?? (actor.role === 'compliance' ? 'compliance_user' : 'api');

/** The multipart form of a consent list, for its upload and its preview. */
const CONSENT_UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file', 'country'],
    properties: {
      file: { type: 'string', format: 'binary', description: 'A CSV with columns phone, type, granted at, source and (optional) evidence' },
      country: { type: 'string', example: 'US' },
      campaignId: { type: 'string', format: 'uuid' },
      encoding: { type: 'string' },
      mapping: { type: 'string', description: 'JSON: which column is the phone, as for lead imports' },
    },
  },
};

@ApiTags('consent')
@ApiBearerAuth()
@Roles('compliance', 'admin')
@Controller()
export class ConsentsController {
  constructor(
    private readonly ledger: ConsentLedgerService,
    private readonly records: ComplianceRecordsQueries,
    private readonly imports: ImportsService,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('consents/imports')
  @ApiConsumes('multipart/form-data')
  @ApiBody(CONSENT_UPLOAD_BODY)
  @ApiOperation({
    summary: 'Load a consent list through the import pipeline',
    description: 'Each row checked (number, type, grant date not in the future, source), rejections in `/imports/:id/rejections.csv`; undo with `/imports/:id/undo`.',
  })
  @ApiAcceptedResponse({ type: ImportViewDto, description: 'The import, queued (see GET /imports/:id)' })
  @HttpCode(202)
  async importList(@Req() request: Request, @CurrentActor() actor: Actor): Promise<ImportView> {
    const { file, fields } = await receiveUpload(request, this.config.uploads.dir, this.config.uploads.maxBytes);
    return enqueueImport(this.imports, this.queue, file, async () => this.imports.createConsentImport(file, parseImportFields(ConsentImportFieldsDto, fields), actor));
  }

  @Post('consents/imports/preview')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody(CONSENT_UPLOAD_BODY)
  @ApiOperation({
    summary: 'Read the start of a consent list: encoding, delimiter, header, and the first 20 rows as consents or rejections',
    description: 'Send the fields before the file. Only the start of the file is read; nothing is stored.',
  })
  @ApiOkResponse({ type: ImportPreviewDto })
  async previewList(@Req() request: Request): Promise<ImportPreview> {
    const { file, fields } = await receiveSample(request, SNIFF_BYTES);
    return this.imports.previewEntries('consents', file, parseImportFields(ConsentImportFieldsDto, fields));
  }

  @Post('consents')
  @ApiOperation({ summary: 'Record a prior express consent with its evidence (audited)', description: 'A US agentless campaign dials a mobile (or maybe-mobile) number only with a `prerecorded_calls` consent on file.' })
  @ApiCreatedResponse({ type: ConsentView })
  async record(@Body() body: RecordConsentDto, @CurrentActor() actor: Actor): Promise<ConsentView> {
    const phone = e164(body.phone, body.country);
    const consent = await this.ledger.record(
      { phone, type: body.type, grantedAt: body.grantedAt, source: body.source, evidence: body.evidence, campaignId: body.campaignId },
      actor,
    );
    return ConsentView.of(consent);
  }

  @Get('consents')
  @ApiOperation({ summary: 'The consents of a number and every revocation received from it' })
  @ApiOkResponse({ type: ConsentsOfNumberView })
  async find(@Query() query: ConsentsQuery): Promise<ConsentsOfNumberView> {
    const phone = e164(query.phone, query.country);
    const [consents, revocations] = await Promise.all([this.ledger.find(phone), this.ledger.revocationsOf(phone)]);
    return { phone, consents: consents.map(ConsentView.of), revocations: revocations.map(RevocationView.of) };
  }

  @Post('consents/:id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke one consent (audited); honoured at once',
    description: 'Puts the number on the DNC list of the scope (the consent’s campaign, or all calls, unless named) and blocks its waiting leads in the same transaction.',
  })
  @ApiOkResponse({ type: RecordedRevocationView })
  async revoke(@UuidParam() id: string, @Body() body: RevokeConsentDto, @CurrentActor() actor: Actor): Promise<RecordedRevocationView> {
    const recorded = await this.ledger.revokeConsent(
      id,
      { channel: channelOf(body.channel, actor), receivedAt: body.receivedAt, content: body.content, scope: body.scope, campaignId: body.campaignId, product: body.product },
      actor,
    );
    return RecordedRevocationView.of(recorded);
  }

  @Post('revocations')
  @ApiOperation({
    summary: 'Record a revocation received by any other means (a letter, a call to the number in the abandon message, a client system); honoured at once',
  })
  @ApiCreatedResponse({ type: RecordedRevocationView })
  async revokeNumber(@Body() body: RecordRevocationDto, @CurrentActor() actor: Actor): Promise<RecordedRevocationView> {
    const phone = e164(body.phone, body.country);
    const recorded = await this.ledger.revoke(
      { phone, channel: channelOf(body.channel, actor), receivedAt: body.receivedAt, content: body.content, scope: body.scope, campaignId: body.campaignId, product: body.product },
      actor,
    );
    return RecordedRevocationView.of(recorded);
  }

  @Get('reports/revocations')
  @ApiOperation({
    summary: 'Revocations received vs honoured, with the lag in US business days (federal holidays excluded); over 10 is flagged',
  })
  @ApiOkResponse({ type: RevocationReportView })
  async report(@Query() query: RevocationReportQuery): Promise<RevocationReportView> {
    const items = await this.records.revocationReport({ from: query.from, to: query.to }, this.clock.now());
    return {
      from: query.from?.toISOString() ?? null,
      to: query.to?.toISOString() ?? null,
      received: items.length,
      honoured: items.filter((i) => i.honouredAt !== null).length,
      overDeadline: items.filter((i) => i.overDeadline).length,
      items,
    };
  }
}
