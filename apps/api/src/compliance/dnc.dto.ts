import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { DNC_SCOPES, DncScope } from '@dialer/compliance';

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

export class DncNumberQuery {
  @ApiProperty({ example: '+819012345678' })
  @IsString()
  @MaxLength(40)
  phone!: string;

  @ApiPropertyOptional({ example: 'JP' })
  @IsOptional()
  @Length(2, 2)
  @Matches(COUNTRY, { message: 'country must be a two-letter country code' })
  country?: string;
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
}
