import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { BROKEN_QUOTE_REASONS, DEDUPE_SCOPES, IMPORT_STATES, IMPORT_TARGETS, LEAD_FIELDS, PREVIEW_WARNING_CODES, REPORT_LANGUAGES } from '@dialer/leads';

/**
 * Response schemas of the lists, imports and leads routes: the OpenAPI document
 * the web app's typed client is generated from (npm run api:client).
 */
export class LeadStatusCountsDto {
  @ApiProperty() new!: number;
  @ApiProperty() dialing!: number;
  @ApiProperty() retry!: number;
  @ApiProperty() callback!: number;
  @ApiProperty() done!: number;
  @ApiProperty() exhausted!: number;
  @ApiProperty() blocked!: number;
}

export class LeadListViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ example: 'JP' }) defaultCountry!: string;
  @ApiProperty({ enum: DEDUPE_SCOPES }) dedupeScope!: (typeof DEDUPE_SCOPES)[number];
  @ApiProperty() leadCount!: number;
  @ApiProperty({ type: LeadStatusCountsDto }) statusCounts!: LeadStatusCountsDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ImportCountsDto {
  @ApiProperty({ description: 'accepted + rejected + duplicates' }) rowsRead!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty({ description: 'Accepted leads blocked for DNC (a DNC import: leads already there it blocked)' }) dncFlagged!: number;
  @ApiProperty({ description: 'Accepted leads without any candidate time zone' }) noTimezone!: number;
}

class ImportErrorDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
}

export class ImportViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: IMPORT_TARGETS }) target!: (typeof IMPORT_TARGETS)[number];
  @ApiProperty({ type: String, nullable: true }) listId!: string | null;
  @ApiProperty({ enum: IMPORT_STATES }) state!: (typeof IMPORT_STATES)[number];
  @ApiProperty() fileName!: string;
  @ApiProperty() fileSize!: number;
  @ApiProperty({ type: String, nullable: true }) encoding!: string | null;
  @ApiProperty({ type: String, nullable: true }) delimiter!: string | null;
  @ApiProperty() hasHeader!: boolean;
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) mapping!: Record<string, string>;
  @ApiProperty({ type: ImportCountsDto }) counts!: ImportCountsDto;
  @ApiProperty({ description: '0–100' }) progress!: number;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: ImportErrorDto, nullable: true }) error!: ImportErrorDto | null;
  @ApiProperty() rejectionsUrl!: string;
}

export class UndoneImportDto extends ImportViewDto {
  @ApiProperty({ description: 'What the undo removed (leads, DNC entries or consents)' }) removed!: number;
  @ApiProperty({ description: 'A DNC import: never-dialed leads given back to the dialing pool' }) leadsUnflagged!: number;
}

class RejectionParamsDto {
  @ApiPropertyOptional({ description: 'BROKEN_QUOTE: the 1-based column whose quote broke' }) column?: number;
  @ApiPropertyOptional({ enum: BROKEN_QUOTE_REASONS, description: 'BROKEN_QUOTE: why the quote is broken' }) reason?: (typeof BROKEN_QUOTE_REASONS)[number];
  @ApiPropertyOptional({ description: 'DUPLICATE within the file: the earlier row it repeats' }) row?: number;
  @ApiPropertyOptional({ enum: DEDUPE_SCOPES, description: 'DUPLICATE of a lead already there: where (the list, its campaign, any list)' })
  scope?: (typeof DEDUPE_SCOPES)[number];
  @ApiPropertyOptional({ description: 'RAGGED_ROW: how many cells the row has' }) cellCount?: number;
  @ApiPropertyOptional({ description: 'RAGGED_ROW: how many columns the header has' }) columnCount?: number;
  @ApiPropertyOptional({ description: 'INVALID_COUNTRY, INVALID_TIMEZONE: the cell as written (cut at 40 characters)' }) value?: string;
}

class RejectionDto {
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: RejectionParamsDto, description: 'The figures a client words the rejection by (a preview row’s)' }) params?: RejectionParamsDto;
}

class PreviewLeadDto {
  @ApiProperty() phone!: string;
  @ApiProperty() phoneType!: string;
  @ApiProperty({ type: String, nullable: true }) phoneExtension!: string | null;
  @ApiProperty({ type: [String] }) altPhones!: string[];
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
  @ApiProperty({ type: String, nullable: true }) timezone!: string | null;
  @ApiProperty({ type: [String] }) timezoneCandidates!: string[];
  @ApiProperty({ type: String, nullable: true }) timezoneSource!: string | null;
  @ApiProperty({ enum: ['new', 'blocked'] }) status!: 'new' | 'blocked';
  @ApiProperty({ type: String, enum: ['dnc', 'no_timezone'], nullable: true }) blockedReason!: 'dnc' | 'no_timezone' | null;
}

class PreviewEntryDto {
  @ApiProperty() phone!: string;
  @ApiProperty() phoneType!: string;
}

class PreviewNoteParamsDto {
  @ApiProperty({ example: '12' }) extension!: string;
}

class PreviewNoteDto {
  @ApiProperty({ enum: ['EXTENSION_KEPT'], description: 'What the note says, stable: a client words it by this' }) code!: 'EXTENSION_KEPT';
  @ApiProperty({ description: 'The note in English' }) message!: string;
  @ApiProperty({ type: PreviewNoteParamsDto }) params!: PreviewNoteParamsDto;
}

class PreviewWarningParamsDto {
  @ApiPropertyOptional({ description: 'The row (0: the header)' }) row?: number;
  @ApiPropertyOptional({ description: 'The 1-based column' }) column?: number;
  @ApiPropertyOptional({ description: 'QUOTED_CELL_HOLDS_ROWS: the lines the quoted cell spans' }) lines?: number;
  @ApiPropertyOptional({ enum: BROKEN_QUOTE_REASONS, description: 'BROKEN_QUOTE: why the quote is broken' }) reason?: (typeof BROKEN_QUOTE_REASONS)[number];
  @ApiPropertyOptional({ description: 'MORE_QUOTE_WARNINGS: the rows not listed' }) count?: number;
}

class PreviewWarningDto {
  @ApiProperty({ enum: PREVIEW_WARNING_CODES, description: 'What is worth checking, stable: a client words it by this and its params' })
  code!: (typeof PREVIEW_WARNING_CODES)[number];
  @ApiProperty({ description: 'The warning in English' }) message!: string;
  @ApiProperty({ type: PreviewWarningParamsDto }) params!: PreviewWarningParamsDto;
}

class PreviewRowDto {
  @ApiProperty() row!: number;
  @ApiProperty({ type: [String] }) cells!: string[];
  @ApiProperty({
    enum: ['lead', 'entry', 'rejected', 'unmapped'],
    description: 'lead: a lead file’s row; entry: a DNC entry or a consent; unmapped: not read, no column is mapped to phone (see problems)',
  })
  outcome!: 'lead' | 'entry' | 'rejected' | 'unmapped';
  @ApiPropertyOptional({ type: PreviewEntryDto }) entry?: PreviewEntryDto;
  @ApiPropertyOptional({ type: RejectionDto }) rejection?: RejectionDto;
  @ApiPropertyOptional({ type: [PreviewNoteDto] }) notes?: PreviewNoteDto[];
  @ApiPropertyOptional({ type: PreviewLeadDto }) lead?: PreviewLeadDto;
}

class PreviewProblemParamsDto {
  @ApiProperty({ type: [String], description: 'NO_PHONE_COLUMN: the file’s columns, to choose the phone column from' }) columns!: string[];
}

class PreviewProblemDto {
  @ApiProperty({ enum: ['NO_PHONE_COLUMN'], description: 'Why the import would refuse the file with this mapping, stable: a client words it by this' })
  code!: 'NO_PHONE_COLUMN';
  @ApiProperty({ description: 'The problem in English' }) message!: string;
  @ApiProperty({ type: PreviewProblemParamsDto }) params!: PreviewProblemParamsDto;
}

export class ImportPreviewDto {
  @ApiProperty({ example: 'shift_jis' }) encoding!: string;
  @ApiProperty({
    description:
      'How the encoding was known: named by the uploader (given), a BOM, or detected; ascii: the first 256 KiB are plain ASCII, read as UTF-8, and the import tells the encoding where other bytes start',
  })
  encodingSource!: string;
  @ApiProperty() delimiter!: string;
  @ApiProperty() hasHeader!: boolean;
  @ApiProperty({ type: [String], description: 'The header row as written' }) header!: string[];
  @ApiProperty({ type: [String], description: 'Unique column names: what the mapping names' }) columns!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...LEAD_FIELDS] } }) suggestedMapping!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...LEAD_FIELDS] } }) mapping!: Record<string, string>;
  @ApiProperty({ type: [PreviewRowDto] }) rows!: PreviewRowDto[];
  @ApiProperty({ type: ImportCountsDto, description: 'The previewed rows counted as the import counts them' }) counts!: ImportCountsDto;
  @ApiProperty({ type: [PreviewWarningDto], description: 'Quoting in the sample worth checking: read leniently, or a row rejected for it' })
  warnings!: PreviewWarningDto[];
  @ApiProperty({
    type: [PreviewProblemDto],
    description: 'What the import would refuse (422) with this mapping, to fix on the preview: NO_PHONE_COLUMN when no column is mapped to phone (the rows are then unmapped); empty: importable',
  })
  problems!: PreviewProblemDto[];
}

export class RejectionsQuery {
  @ApiPropertyOptional({ enum: REPORT_LANGUAGES, default: 'en', description: 'ja: the header and each reason in Japanese, the English message beside it' })
  @IsOptional()
  @IsIn(REPORT_LANGUAGES)
  lang?: (typeof REPORT_LANGUAGES)[number];
}

export class LeadSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() listId!: string;
  @ApiProperty() listName!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ type: String, nullable: true }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A full-name column of the file (kept in custom fields)' }) fullName!: string | null;
  @ApiProperty({ type: String, nullable: true }) externalId!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true }) blockedReason!: string | null;
  @ApiProperty() attemptCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastDisposition!: string | null;
}

export class LeadPageDto {
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ type: [LeadSummaryDto] }) leads!: LeadSummaryDto[];
}

class LeadAttemptDto {
  @ApiProperty() id!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty() campaignName!: string;
  @ApiProperty() phone!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: String, nullable: true }) answeredBy!: string | null;
  @ApiProperty() abandoned!: boolean;
  @ApiProperty({ type: String, nullable: true }) dispositionCode!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationSec!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) initiatedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

class GateVerdictDto {
  @ApiProperty() gate!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ example: 'OUTSIDE_CALLING_HOURS' }) code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Earliest instant the gate could pass' }) retryAt?: string | null;
}

class LeadWhyCampaignDto {
  @ApiProperty() campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: GateVerdictDto, nullable: true, description: 'The first gate that stops it; null when it passes them all' }) blocking!: GateVerdictDto | null;
  @ApiProperty({ type: [GateVerdictDto] }) verdicts!: GateVerdictDto[];
}

class LeadSkipDto {
  @ApiProperty() code!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class LeadWhyDto {
  @ApiProperty() leadId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ description: 'One sentence: is it being dialed, and if not, why' }) summary!: string;
  @ApiProperty() dialableNow!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ type: LeadSkipDto, nullable: true }) lastSkip!: LeadSkipDto | null;
  @ApiProperty({ type: [LeadWhyCampaignDto] }) campaigns!: LeadWhyCampaignDto[];
}

export class LeadDetailDto extends LeadSummaryDto {
  @ApiProperty({ type: String, nullable: true }) phoneType!: string | null;
  @ApiProperty({ type: String, nullable: true }) phoneExtension!: string | null;
  @ApiProperty({ type: [String] }) altPhones!: string[];
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) postalCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) region!: string | null;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
  @ApiProperty({ type: String, nullable: true }) timezone!: string | null;
  @ApiProperty({ type: [String] }) timezoneCandidates!: string[];
  @ApiProperty({ type: String, nullable: true }) timezoneSource!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) customFields!: Record<string, string>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [LeadAttemptDto], description: 'The latest 100 attempts, newest first' }) attempts!: LeadAttemptDto[];
  @ApiProperty({ type: LeadWhyDto, description: 'Why it is (not) being dialed now, gate by gate, for every campaign using its list' }) why!: LeadWhyDto;
}

export class LeadSearchQuery {
  @ApiPropertyOptional({ description: 'A number in any format (its digits are matched), any part of a name, or an external id', example: '090-1234-5678' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Only this list’s leads' })
  @IsOptional()
  @IsUUID()
  listId?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  // PostgreSQL's OFFSET is a bigint: keep it within what JavaScript counts exactly.
  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset?: number;
}
