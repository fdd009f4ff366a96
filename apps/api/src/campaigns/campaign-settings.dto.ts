import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
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
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { CampaignSettings, NEXT_NUMBER_OUTCOMES, NextNumberOutcome, NUMBER_SLOTS, NumberSlot } from '@dialer/campaigns';
import { NullAllowed } from '../http/null-allowed';

/**
 * A nested settings section: an object of that class. `@ValidateNested()`
 * alone lets an array through (it validates each element: none), and the
 * runtime then reads properties of `[]`.
 */
export const Section = (type: () => new () => object) => (target: object, property: string) => {
  IsObject({ message: `${property} must be an object` })(target, property);
  ValidateNested()(target, property);
  Type(type)(target, property);
};

/**
 * A top-level setting that a change may send as null: back to its default (a
 * field emptied on the form). The api merges a change's settings into the
 * stored ones key by key, so leaving a key out keeps its stored value.
 */
const Clearable =
  (doc: ApiPropertyOptions = {}) =>
  (target: object, property: string) => {
    const description = [doc.description, 'in a change, null goes back to the default'].filter(Boolean).join('; ');
    ApiPropertyOptional({ ...doc, nullable: true, description } as ApiPropertyOptions)(target, property);
    IsOptional()(target, property);
    NullAllowed()(target, property);
  };

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const KEY = /^[0-9*#]$/;

class PacingSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) maxAbandonRate?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) targetAbandonRate?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(1) @Max(10) powerRatio?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(1) @Max(10) maxLinesPerAgent?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1000) agentlessLines?: number;
}

class AmdSettingsDto {
  @ApiPropertyOptional({ enum: ['off', 'async', 'sync'] }) @IsOptional() @IsIn(['off', 'async', 'sync']) mode?: 'off' | 'async' | 'sync';
  @ApiPropertyOptional({ enum: ['hangup', 'voicemail'] }) @IsOptional() @IsIn(['hangup', 'voicemail']) onMachine?: 'hangup' | 'voicemail';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) voicemailMessage?: string;
  /** Measured share of machine verdicts that were live people (UK counts them as abandoned). */
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(0.99) falsePositiveRate?: number;
}

class AbandonMessageDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) callerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsPhoneNumber(undefined, { message: 'callbackNumber must be an E.164 phone number' }) callbackNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(300) optOut?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(KEY, { message: 'optOutDigit is one key: 0–9, * or #' }) optOutDigit?: string;
}

class AbandonSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) capRate?: number;
  /** Ignored: the jurisdiction's window always applies (readiness warns). Accepted so older clients keep working. */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(31 * 24) windowHours?: number;
  @ApiPropertyOptional({ type: () => AbandonMessageDto }) @IsOptional() @Section(() => AbandonMessageDto) message?: AbandonMessageDto;
}

class DailyWindowDto {
  @ApiProperty() @Matches(HHMM, { message: 'start must be HH:mm' }) start!: string;
  @ApiProperty() @Matches(HHMM, { message: 'end must be HH:mm' }) end!: string;
}

/** A day's window, or null for no calls that day. */
const day = () => (target: object, property: string) => {
  NullAllowed()(target, property);
  Section(() => DailyWindowDto)(target, property);
  IsOptional()(target, property);
};

/** Swagger cannot see through `DailyWindowDto | null`: say it. */
const dayDoc = () => ApiPropertyOptional({ type: () => DailyWindowDto, nullable: true, description: 'null: no calls that day' });

class WeeklyHoursDto {
  @dayDoc() @day() mon?: DailyWindowDto | null;
  @dayDoc() @day() tue?: DailyWindowDto | null;
  @dayDoc() @day() wed?: DailyWindowDto | null;
  @dayDoc() @day() thu?: DailyWindowDto | null;
  @dayDoc() @day() fri?: DailyWindowDto | null;
  @dayDoc() @day() sat?: DailyWindowDto | null;
  @dayDoc() @day() sun?: DailyWindowDto | null;
}

class CallingHoursDto {
  @ApiPropertyOptional({ type: () => WeeklyHoursDto }) @IsOptional() @Section(() => WeeklyHoursDto) weekly?: WeeklyHoursDto;
  @ApiPropertyOptional({ type: [String], example: ['2026-12-31'] }) @IsOptional() @IsArray() @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be YYYY-MM-DD dates' }) holidays?: string[];
  /** Checked against date-holidays' countries by the campaigns lib (settingsProblems). */
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 2) holidayCalendar?: string;
}

class AttemptLimitsDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) lifetime?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(20) perDay?: number;
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

/** Which of a lead's numbers are dialed, in what order, and when the next one is tried. */
class NumberSettingsDto {
  @ApiPropertyOptional({ enum: NUMBER_SLOTS, isArray: true, example: ['main', 'alt1', 'alt2'], description: 'The numbers dialed, in order' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'order must name at least one number: main, alt1 or alt2' })
  @ArrayMaxSize(NUMBER_SLOTS.length)
  @ArrayUnique({ message: 'order names each number at most once' })
  @IsIn(NUMBER_SLOTS, { each: true, message: `order holds only ${NUMBER_SLOTS.join(', ')}` })
  order?: NumberSlot[];

  @ApiPropertyOptional({ enum: NEXT_NUMBER_OUTCOMES, isArray: true, description: 'Outcomes after which the next attempt goes to the next number' })
  @IsOptional()
  @IsArray()
  @ArrayUnique({ message: 'nextOn names each outcome at most once' })
  @IsIn(NEXT_NUMBER_OUTCOMES, { each: true, message: `nextOn holds only ${NEXT_NUMBER_OUTCOMES.join(', ')}` })
  nextOn?: NextNumberOutcome[];

  @ApiPropertyOptional({ isArray: true, type: String, example: ['WRONG_NUMBER'], description: 'Dispositions that drop the number dialed and move on at once' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[A-Z][A-Z0-9_]{0,39}$/, { each: true, message: 'wrongNumberCodes are disposition codes: upper-case letters, digits and _' })
  wrongNumberCodes?: string[];
}

class CallerIdsDto {
  @ApiPropertyOptional({ type: [String], example: ['+81312345678'] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsPhoneNumber(undefined, { each: true, message: 'each caller id must be an E.164 phone number' }) numbers?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() localPresence?: boolean;
}

class SurveyQuestionDto {
  @ApiProperty() @Matches(/^[a-z0-9_-]{1,40}$/i, { message: 'id is 1–40 letters, digits, _ or -' }) id!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1000) prompt!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(12) @IsString({ each: true }) answers!: string[];
}

class SurveyDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) intro?: string;
  @ApiProperty({ type: () => [SurveyQuestionDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SurveyQuestionDto) questions!: SurveyQuestionDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) outro?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(KEY, { message: 'optOutDigit is one key: 0–9, * or #' }) optOutDigit?: string;
}

class RecordingDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) disclosure?: string;
}

class WrapUpDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(3600) seconds?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() autoReady?: boolean;
  @ApiPropertyOptional({ description: 'The longest an agent may stretch a wrap-up with "extend" (default: seconds + 90)' }) @IsOptional() @IsInt() @Min(0) @Max(3600) maxSeconds?: number;
}

class PreviewDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Null: the agent dials' }) @IsOptional() @NullAllowed() @IsInt() @Min(3) @Max(600) autoDialAfterSec?: number | null;
}

class IdentityDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) seller?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) purpose?: string;
}

/** Every campaign setting, all optional: what is missing comes from the jurisdiction and product defaults. */
export class CampaignSettingsDto implements CampaignSettings {
  @ApiPropertyOptional() @IsOptional() @Section(() => PacingSettingsDto) pacing?: PacingSettingsDto;

  @Clearable({ minimum: 15, description: 'Seconds to ring before giving up; the law asks for at least 15' })
  @IsInt()
  @Min(15, { message: 'ringTimeoutSec must be at least 15 seconds (US and UK rules)' })
  @Max(600)
  ringTimeoutSec?: number;

  @ApiPropertyOptional() @IsOptional() @Section(() => AmdSettingsDto) amd?: AmdSettingsDto;
  @ApiPropertyOptional() @IsOptional() @Section(() => AbandonSettingsDto) abandon?: AbandonSettingsDto;
  @ApiPropertyOptional() @IsOptional() @Section(() => CallingHoursDto) callingHours?: CallingHoursDto;
  @ApiPropertyOptional() @IsOptional() @Section(() => AttemptLimitsDto) attemptLimits?: AttemptLimitsDto;
  @Clearable({
    type: 'object',
    additionalProperties: { type: 'object', properties: { afterMinutes: { type: 'integer', minimum: 1, maximum: 525_600 } }, required: ['afterMinutes'] },
    example: { busy: { afterMinutes: 10 }, no_answer: { afterMinutes: 120 } },
  })
  @IsRetryRules()
  retryRules?: Record<string, { afterMinutes: number }>;
  @ApiPropertyOptional() @IsOptional() @Section(() => NumberSettingsDto) numbers?: NumberSettingsDto;
  @ApiPropertyOptional() @IsOptional() @Section(() => CallerIdsDto) callerIds?: CallerIdsDto;
  @Clearable() @IsInt() @Min(1) @Max(100) cps?: number;
  @Clearable() @IsString() @MaxLength(20_000) script?: string;
  @ApiPropertyOptional() @IsOptional() @Section(() => SurveyDto) survey?: SurveyDto;
  @ApiPropertyOptional() @IsOptional() @Section(() => RecordingDto) recording?: RecordingDto;
  @ApiPropertyOptional() @IsOptional() @Section(() => WrapUpDto) wrapUp?: WrapUpDto;
  @Clearable({
    example: ['break', 'lunch', 'meeting', 'training', 'other'],
    description: 'Pause reason codes the agents of this campaign choose from (default: break, lunch, meeting, training, end_of_shift, other)',
  })
  @IsArray({ message: 'pauseReasons must be a list of reason codes' })
  @ArrayMinSize(1, { message: 'pauseReasons needs at least one reason (null, or left out of a new campaign, for the defaults)' })
  @ArrayMaxSize(20)
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { each: true, message: 'each pause reason is a short code like break, lunch or training' })
  pauseReasons?: string[];
  @ApiPropertyOptional() @IsOptional() @Section(() => PreviewDto) preview?: PreviewDto;
  @Clearable() @IsString() @MaxLength(200) product?: string;
  @ApiPropertyOptional() @IsOptional() @Section(() => IdentityDto) identity?: IdentityDto;
}
