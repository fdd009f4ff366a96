import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, registerDecorator } from 'class-validator';
import {
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  CampaignKind,
  CampaignStatus,
  DIALING_MODES,
  DialingMode,
  DISPOSITION_LOCALES,
  DispositionLocale,
  LIFECYCLE_ACTIONS,
  LifecycleAction,
} from '@dialer/campaigns';
import { JURISDICTIONS, Jurisdiction } from '@dialer/compliance';
import { CampaignSettingsDto, Section } from './campaign-settings.dto';
import { dataKeyed, FreeKeysAt } from '../http/hostile-input';

export class CreateCampaignDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: CAMPAIGN_KINDS }) @IsIn(CAMPAIGN_KINDS) kind!: CampaignKind;
  @ApiProperty({ enum: DIALING_MODES }) @IsIn(DIALING_MODES) dialingMode!: DialingMode;
  @ApiProperty({ enum: JURISDICTIONS }) @IsIn(JURISDICTIONS) jurisdiction!: Jurisdiction;
  @ApiPropertyOptional({ type: CampaignSettingsDto }) @IsOptional() @Section(() => CampaignSettingsDto) settings?: CampaignSettingsDto;
  @ApiPropertyOptional({
    enum: DISPOSITION_LOCALES,
    default: 'en',
    description: 'The creator’s language: the default disposition labels are written in it (they stay editable; their codes do not change)',
  })
  @IsOptional()
  @IsIn(DISPOSITION_LOCALES)
  locale?: DispositionLocale;
}

export class UpdateCampaignDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: DIALING_MODES }) @IsOptional() @IsIn(DIALING_MODES) dialingMode?: DialingMode;
  @ApiPropertyOptional({ type: CampaignSettingsDto, description: 'Sections given replace the stored ones' })
  @IsOptional()
  @Section(() => CampaignSettingsDto)
  settings?: CampaignSettingsDto;
  @ApiPropertyOptional({
    description:
      'The campaign\'s `version` as the editor read it. When the campaign has changed since (an edit, a start, a pause), nothing is changed and the answer is 409 CAMPAIGN_CHANGED. Left out, the change applies to whatever is stored.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  // Past 2^53 a number is no longer exact: 1.2e29 would be compared (and echoed) as some other version.
  @Max(Number.MAX_SAFE_INTEGER, { message: 'version must be a whole number at most 9007199254740991' })
  version?: number;
}

export class CampaignDefaultsQuery {
  @ApiProperty({ enum: CAMPAIGN_KINDS }) @IsIn(CAMPAIGN_KINDS) kind!: CampaignKind;
  @ApiProperty({ enum: DIALING_MODES }) @IsIn(DIALING_MODES) dialingMode!: DialingMode;
  @ApiProperty({ enum: JURISDICTIONS }) @IsIn(JURISDICTIONS) jurisdiction!: Jurisdiction;
}

export class ListCampaignsQuery {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES }) @IsOptional() @IsIn(CAMPAIGN_STATUSES) status?: CampaignStatus;
}

export class LifecycleParams {
  @ApiProperty() @Matches(/^[0-9a-f-]{36}$/i, { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ enum: LIFECYCLE_ACTIONS }) @IsIn(LIFECYCLE_ACTIONS) action!: LifecycleAction;
}

export class AttachListDto {
  @ApiPropertyOptional({ description: 'Lower is dialed first' }) @IsOptional() @IsInt() @Min(0) @Max(1000) priority?: number;
  @ApiPropertyOptional({ description: 'Share among lists of equal priority' }) @IsOptional() @IsInt() @Min(1) @Max(100) weight?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class DispositionDto {
  @ApiProperty() @Matches(/^[A-Z][A-Z0-9_]{0,39}$/, { message: 'code is upper-case letters, digits and _' }) code!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) label!: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isFinal?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isSuccess?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isCallback?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isDnc?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isContact?: boolean;
  @ApiPropertyOptional({ description: 'The callee refused to be solicited (JP Art. 17: the product is barred for good)' })
  @IsOptional()
  @IsBoolean()
  isRefusal?: boolean;
}

export class UpdateDispositionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) label?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isFinal?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isSuccess?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isCallback?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isDnc?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isContact?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isRefusal?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) position?: number;
}

/** `{ plan: "Gold" }`: a lead's custom fields are strings. */
function IsStringRecord() {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName: property,
      options: { message: `${property} maps field names to text` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string' && v.length <= 1000),
      },
    });
}

/** The sample lead a script is previewed against; what is left out comes from the built-in sample. */
export class ScriptSampleDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) firstName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) lastName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) externalId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) postalCode?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { plan: 'Gold' } })
  @IsOptional()
  @IsStringRecord()
  // Column names of an import, as sent (`toString` too): see FreeKeysAt on ScriptPreviewDto.
  @Transform(({ obj }: { obj: { custom?: unknown } }) => dataKeyed(obj.custom))
  custom?: Record<string, string>;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) agentName?: string;
}

/** A lead's custom fields are named by its import's columns, whatever they are: their keys are data. */
@FreeKeysAt('sample.custom')
export class ScriptPreviewDto {
  @ApiProperty({ description: 'A Mustache talk script, e.g. "Hello {{firstName}}, this is {{agent.name}}"' }) @IsString() @MaxLength(20_000) script!: string;
  @ApiPropertyOptional({ type: ScriptSampleDto }) @IsOptional() @Section(() => ScriptSampleDto) sample?: ScriptSampleDto;
}
