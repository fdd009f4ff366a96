import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ATTEMPT_OUTCOMES } from '@dialer/dialer';
import {
  EXPORT_ENCODINGS,
  EXPORT_FAILURE_CODES,
  EXPORT_FORMATS,
  EXPORT_KINDS,
  EXPORT_STATES,
  ExportEncoding,
  ExportFailureCode,
  ExportFormat,
  ExportKind,
  ExportState,
} from '@dialer/reporting';
import { IsInstant, NotBefore } from '../http/timestamp';

const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** A query parameter given once, repeated, or comma-separated, as a list. */
const list = () =>
  Transform(({ value }) =>
    value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean),
  );

/** Which attempts: every given field narrows; the values within one field are alternatives. */
export class AttemptFiltersDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @list() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) campaignIds?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @list() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) listIds?: string[];
  @ApiPropertyOptional({ description: 'Attempts queued at or after this instant', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  from?: string;
  @ApiPropertyOptional({ description: 'Attempts queued before this instant', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsInstant()
  @NotBefore('from')
  to?: string;
  @ApiPropertyOptional({ type: [String], example: ['SALE'] })
  @IsOptional()
  @list()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(CODE, { each: true, message: 'dispositions are disposition codes (A-Z, 0-9, _)' })
  dispositions?: string[];
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) @IsOptional() @list() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) agentIds?: string[];
  @ApiPropertyOptional({ type: [String], enum: ATTEMPT_OUTCOMES }) @IsOptional() @list() @IsArray() @IsIn(ATTEMPT_OUTCOMES, { each: true }) outcomes?: string[];
}

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_KINDS, description: 'attempts: one row per call attempt with its outcome and dial-time evidence' })
  @IsIn(EXPORT_KINDS)
  kind!: ExportKind;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;

  @ApiPropertyOptional({ enum: EXPORT_ENCODINGS, default: 'utf-8', description: 'CSV only: UTF-8 with BOM, or Shift_JIS (Windows-31J) for Japanese Excel' })
  @IsOptional()
  @IsIn(EXPORT_ENCODINGS)
  encoding?: ExportEncoding;

  @ApiPropertyOptional({ type: AttemptFiltersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AttemptFiltersDto)
  filters?: AttemptFiltersDto;
}

export class AttemptsCsvQuery extends AttemptFiltersDto {
  @ApiPropertyOptional({ enum: EXPORT_ENCODINGS, default: 'utf-8' })
  @IsOptional()
  @IsIn(EXPORT_ENCODINGS)
  encoding?: ExportEncoding;
}

export class ExportListQuery {
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  // PostgreSQL's OFFSET is a bigint: a larger number was a 500 (bigint out of range).
  @ApiPropertyOptional({ default: 0, maximum: Number.MAX_SAFE_INTEGER }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) offset?: number;
}

export class ExportViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EXPORT_KINDS }) kind!: ExportKind;
  @ApiProperty({ enum: EXPORT_FORMATS }) format!: ExportFormat;
  @ApiProperty({ enum: EXPORT_ENCODINGS }) encoding!: ExportEncoding;
  @ApiProperty({ type: AttemptFiltersDto }) filters!: AttemptFiltersDto;
  @ApiProperty({ enum: EXPORT_STATES }) state!: ExportState;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestedBy!: string | null;
  @ApiProperty() requestedRole!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Rows counted when the worker started' }) rowsTotal!: number | null;
  @ApiProperty() rowsWritten!: number;
  @ApiProperty({ type: Number, nullable: true, description: '0–100; null until the worker starts' }) progress!: number | null;
  @ApiProperty({ description: 'Characters Shift_JIS cannot hold, written as 〓' }) replacedCharacters!: number;
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ type: Number, nullable: true }) fileSize!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, in English' }) error!: string | null;
  @ApiProperty({
    type: String,
    enum: EXPORT_FAILURE_CODES,
    nullable: true,
    description: 'Why it failed, stable: not queued, every attempt failed (params.attempts), or its job was lost; a client words it by this',
  })
  errorCode!: ExportFailureCode | null;
  @ApiProperty({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, nullable: true, description: 'The figures of the failure’s sentence' })
  errorParams!: Record<string, string | number> | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the file is deleted' }) expiresAt!: string | null;
}

export class ExportListDto {
  @ApiProperty({ type: [ExportViewDto] }) items!: ExportViewDto[];
  @ApiProperty() total!: number;
}
