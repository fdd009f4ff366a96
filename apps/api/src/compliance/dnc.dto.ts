import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { DNC_SCOPES, DNC_SOURCES, DncScope, DncSource } from '@dialer/compliance';
import { IsTimestamp, NotBefore } from '../http/timestamp';

const COUNTRY = /^[A-Za-z]{2}$/;

export class AddDncDto {
  @ApiProperty({ example: '090-1234-5678' })
  @IsString()
  @MaxLength(40)
  phone!: string;

  @ApiPropertyOptional({ example: 'JP', description: 'Needed when the number is written in national format' })
  @IsOptional()
  @Length(2, 2)
  @Matches(COUNTRY, { message: 'country must be a two-letter country code' })
  country?: string;

  @ApiProperty({ enum: DNC_SCOPES })
  @IsIn(DNC_SCOPES)
  scope!: DncScope;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ description: 'For scope product' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  product?: string;

  @ApiPropertyOptional({ example: 'asked not to be called (letter of 2026-11-02)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RemoveDncQuery {
  @ApiProperty({ enum: DNC_SCOPES })
  @IsIn(DNC_SCOPES)
  scope!: DncScope;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  product?: string;

  @ApiPropertyOptional({ example: 'JP' })
  @IsOptional()
  @Length(2, 2)
  @Matches(COUNTRY, { message: 'country must be a two-letter country code' })
  country?: string;

  @ApiProperty({ example: 'registered in error (ticket 4411)', description: 'Why it comes off the list (kept in the audit trail)' })
  @IsString()
  @IsNotEmpty({ message: 'reason is required: say why the number comes off the list (kept in the audit trail)' })
  @MaxLength(500)
  reason!: string;
}

export class DncListQuery {
  @ApiPropertyOptional({ description: 'One number (any format, see country)', example: '+12125550100' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ example: 'US' })
  @IsOptional()
  @Length(2, 2)
  @Matches(COUNTRY, { message: 'country must be a two-letter country code' })
  country?: string;

  @ApiPropertyOptional({ description: 'E.164 prefix', example: '+1212' })
  @IsOptional()
  @Matches(/^\+\d{1,14}$/, { message: 'phonePrefix must be + and digits (an E.164 prefix)' })
  phonePrefix?: string;

  @ApiPropertyOptional({ enum: DNC_SCOPES })
  @IsOptional()
  @IsIn(DNC_SCOPES)
  scope?: DncScope;

  @ApiPropertyOptional({ enum: DNC_SOURCES })
  @IsOptional()
  @IsIn(DNC_SOURCES)
  source?: DncSource;

  @ApiPropertyOptional({ format: 'date-time', description: 'Added at or after' })
  @IsOptional()
  @IsTimestamp()
  addedFrom?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Added before' })
  @IsOptional()
  @IsTimestamp()
  @NotBefore('addedFrom')
  addedTo?: Date;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  // PostgreSQL's OFFSET is a bigint: a larger number was a 500 (bigint out of range).
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset?: number;
}

export class DncExportQuery extends OmitType(DncListQuery, ['limit', 'offset'] as const) {}
