import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPhoneNumber,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { CampaignSettings } from '@dialer/campaigns';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const KEY = /^[0-9*#]$/;

class PacingSettingsDto {
  @IsOptional() @IsNumber() @Min(0) @Max(1) maxAbandonRate?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1) targetAbandonRate?: number;
  @IsOptional() @IsNumber() @Min(1) @Max(10) powerRatio?: number;
  @IsOptional() @IsNumber() @Min(1) @Max(10) maxLinesPerAgent?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) agentlessLines?: number;
}

class AmdSettingsDto {
  @IsOptional() @IsIn(['off', 'async', 'sync']) mode?: 'off' | 'async' | 'sync';
  @IsOptional() @IsIn(['hangup', 'voicemail']) onMachine?: 'hangup' | 'voicemail';
  @IsOptional() @IsString() @MaxLength(2000) voicemailMessage?: string;
  /** Measured share of machine verdicts that were live people (UK counts them as abandoned). */
  @IsOptional() @IsNumber() @Min(0) @Max(0.99) falsePositiveRate?: number;
}

class AbandonMessageDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) callerName?: string;
  @IsOptional() @IsPhoneNumber(undefined, { message: 'callbackNumber must be an E.164 phone number' }) callbackNumber?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) optOut?: string;
}

class AbandonSettingsDto {
  @IsOptional() @IsNumber() @Min(0) @Max(1) capRate?: number;
  /** Ignored: the jurisdiction's window always applies (readiness warns). Accepted so older clients keep working. */
  @IsOptional() @IsInt() @Min(1) @Max(31 * 24) windowHours?: number;
  @IsOptional() @ValidateNested() @Type(() => AbandonMessageDto) message?: AbandonMessageDto;
}

class DailyWindowDto {
  @Matches(HHMM, { message: 'start must be HH:mm' }) start!: string;
  @Matches(HHMM, { message: 'end must be HH:mm' }) end!: string;
}

const day = () => (target: object, property: string) => {
  ValidateIf((_o, value) => value !== null)(target, property);
  ValidateNested()(target, property);
  Type(() => DailyWindowDto)(target, property);
  IsOptional()(target, property);
};

class WeeklyHoursDto {
  @day() mon?: DailyWindowDto | null;
  @day() tue?: DailyWindowDto | null;
  @day() wed?: DailyWindowDto | null;
  @day() thu?: DailyWindowDto | null;
  @day() fri?: DailyWindowDto | null;
  @day() sat?: DailyWindowDto | null;
  @day() sun?: DailyWindowDto | null;
}

class CallingHoursDto {
  @IsOptional() @ValidateNested() @Type(() => WeeklyHoursDto) weekly?: WeeklyHoursDto;
  @IsOptional() @IsArray() @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be YYYY-MM-DD dates' }) holidays?: string[];
  @IsOptional() @IsString() @Length(2, 2) holidayCalendar?: string;
}

class AttemptLimitsDto {
  @IsOptional() @IsInt() @Min(1) @Max(100) lifetime?: number;
  @IsOptional() @IsInt() @Min(1) @Max(20) perDay?: number;
}

/** `{ busy: { afterMinutes: 10 }, CALLBACK_LATER: { afterMinutes: 60 } }`: keys are outcomes or disposition codes. */
function IsRetryRules(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isRetryRules',
      target: target.constructor,
      propertyName: property,
      options: { message: `${property} maps outcomes to { afterMinutes: 1…525600 }`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.entries(value).every(
            ([key, rule]) =>
              /^[A-Za-z][\w-]{0,63}$/.test(key) &&
              typeof rule === 'object' &&
              rule !== null &&
              Object.keys(rule).length === 1 &&
              Number.isInteger((rule as { afterMinutes?: unknown }).afterMinutes) &&
              (rule as { afterMinutes: number }).afterMinutes >= 1 &&
              (rule as { afterMinutes: number }).afterMinutes <= 525_600,
          ),
      },
    });
}

class CallerIdsDto {
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsPhoneNumber(undefined, { each: true, message: 'each caller id must be an E.164 phone number' }) numbers?: string[];
  @IsOptional() @IsBoolean() localPresence?: boolean;
}

class SurveyQuestionDto {
  @Matches(/^[a-z0-9_-]{1,40}$/i, { message: 'id is 1–40 letters, digits, _ or -' }) id!: string;
  @IsString() @MinLength(1) @MaxLength(1000) prompt!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(12) @IsString({ each: true }) answers!: string[];
}

class SurveyDto {
  @IsOptional() @IsString() @MaxLength(2000) intro?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SurveyQuestionDto) questions!: SurveyQuestionDto[];
  @IsOptional() @IsString() @MaxLength(2000) outro?: string;
  @IsOptional() @Matches(KEY, { message: 'optOutDigit is one key: 0–9, * or #' }) optOutDigit?: string;
}

class RecordingDto {
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsOptional() @IsString() @MaxLength(1000) disclosure?: string;
}

class WrapUpDto {
  @IsOptional() @IsInt() @Min(0) @Max(3600) seconds?: number;
  @IsOptional() @IsBoolean() autoReady?: boolean;
}

class PreviewDto {
  @IsOptional() @ValidateIf((_o, value) => value !== null) @IsInt() @Min(3) @Max(600) autoDialAfterSec?: number | null;
}

class IdentityDto {
  @IsOptional() @IsString() @MaxLength(200) seller?: string;
  @IsOptional() @IsString() @MaxLength(300) purpose?: string;
}

/** Every campaign setting, all optional: what is missing comes from the jurisdiction and product defaults. */
export class CampaignSettingsDto implements CampaignSettings {
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => PacingSettingsDto) pacing?: PacingSettingsDto;

  @ApiPropertyOptional({ minimum: 15, description: 'Seconds to ring before giving up; the law asks for at least 15' })
  @IsOptional()
  @IsInt()
  @Min(15, { message: 'ringTimeoutSec must be at least 15 seconds (US and UK rules)' })
  @Max(600)
  ringTimeoutSec?: number;

  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => AmdSettingsDto) amd?: AmdSettingsDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => AbandonSettingsDto) abandon?: AbandonSettingsDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => CallingHoursDto) callingHours?: CallingHoursDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => AttemptLimitsDto) attemptLimits?: AttemptLimitsDto;
  @ApiPropertyOptional({ example: { busy: { afterMinutes: 10 }, no_answer: { afterMinutes: 120 } } })
  @IsOptional()
  @IsRetryRules()
  retryRules?: Record<string, { afterMinutes: number }>;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => CallerIdsDto) callerIds?: CallerIdsDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) cps?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20_000) script?: string;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => SurveyDto) survey?: SurveyDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => RecordingDto) recording?: RecordingDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => WrapUpDto) wrapUp?: WrapUpDto;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => PreviewDto) preview?: PreviewDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) product?: string;
  @ApiPropertyOptional() @IsOptional() @ValidateNested() @Type(() => IdentityDto) identity?: IdentityDto;
}
