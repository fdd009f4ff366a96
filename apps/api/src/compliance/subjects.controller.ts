import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Length, Matches } from 'class-validator';
import { Actor } from '@dialer/audit';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { e164 } from './phone-input';
import { ErasureReport, SubjectRequestsService } from './subject-requests.service';

export class SubjectQuery {
  @ApiPropertyOptional({ example: 'JP', description: 'Needed when the number is written in national format' })
  @IsOptional()
  @Length(2, 2)
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code' })
  country?: string;
}

const rows = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

export class SubjectDataView {
  @ApiProperty({ example: '+819012345678' }) phone!: string;
  @ApiProperty({ ...rows, description: 'Every lead with the number, personal fields included' }) leads!: Record<string, unknown>[];
  @ApiProperty({ ...rows, description: 'Every call attempt, with disposition (code, label, data) and dial-time evidence' }) attempts!: Record<string, unknown>[];
  @ApiProperty({ ...rows }) surveyAnswers!: Record<string, unknown>[];
  @ApiProperty({ ...rows }) consents!: Record<string, unknown>[];
  @ApiProperty({ ...rows }) revocations!: Record<string, unknown>[];
  @ApiProperty({ ...rows }) dncEntries!: Record<string, unknown>[];
  @ApiProperty({ ...rows, description: 'Recording references (sid, URL) Twilio reported' }) recordings!: Record<string, unknown>[];
}

export class ErasureView implements ErasureReport {
  @ApiProperty() phone!: string;
  @ApiProperty() leadsErased!: number;
  @ApiProperty({ description: 'Attempts whose disposition data was erased' }) attemptsErased!: number;
  @ApiProperty() surveyAnswersDeleted!: number;
}

/** Personal-data requests: disclosure (APPI Art. 33, GDPR access) and erasure. */
@ApiTags('personal data')
@ApiBearerAuth()
@Roles('compliance', 'admin')
@Controller('subjects')
export class SubjectsController {
  constructor(private readonly subjects: SubjectRequestsService) {}

  @Get(':phone')
  @ApiOperation({ summary: 'Everything held about one number: leads, attempts, dispositions, survey answers, consents, revocations, DNC entries, recordings (audited)' })
  @ApiOkResponse({ type: SubjectDataView })
  view(@Param('phone') raw: string, @Query() query: SubjectQuery, @CurrentActor() actor: Actor): Promise<SubjectDataView> {
    return this.subjects.disclose(e164(raw, query.country), actor, 'view');
  }

  @Get(':phone/export')
  @ApiProduces('application/json')
  @ApiOperation({ summary: 'The same, as one file to hand to the person (audited)' })
  @ApiOkResponse({ type: SubjectDataView, description: 'A JSON attachment' })
  async export(@Param('phone') raw: string, @Query() query: SubjectQuery, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const phone = e164(raw, query.country);
    const data = await this.subjects.disclose(phone, actor, 'export');
    return new StreamableFile(Buffer.from(JSON.stringify({ generatedAt: new Date().toISOString(), ...data }, null, 2)), {
      type: 'application/json; charset=utf-8',
      disposition: `attachment; filename="subject-${phone.replace(/\D/g, '')}.json"`,
    });
  }

  @Post(':phone/erase')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Erase the personal fields of a number’s leads and attempts (audited)',
    description: 'Kept, as the law needs: DNC entries, consents and revocations, and each attempt’s record (number, times, caller id, disposition code, evidence). Waiting leads are closed.',
  })
  @ApiOkResponse({ type: ErasureView })
  erase(@Param('phone') raw: string, @Query() query: SubjectQuery, @CurrentActor() actor: Actor): Promise<ErasureView> {
    return this.subjects.erase(e164(raw, query.country), actor);
  }
}
