import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { CONSENT_TYPES, ConsentType, REVOCATION_SCOPES, RevocationScope } from '@dialer/compliance';
import { IsTimestamp, NotBefore } from '../http/timestamp';

const COUNTRY = /^[A-Za-z]{2}$/;

/** Channels a person at a desk or a client system records; the dialer records the others itself. */
export const RECORDED_CHANNELS = ['compliance_user', 'api', 'abandon_message'] as const;
export type RecordedChannel = (typeof RECORDED_CHANNELS)[number];

export class RecordConsentDto {
  @ApiProperty({ example: '+14155550100' })
  @IsString()
  @MaxLength(40)
  phone!: string;

  @ApiPropertyOptional({ example: 'US', description: 'Needed when the number is written in national format' })
  @IsOptional()
  @Length(2, 2)
  @Matches(COUNTRY, { message: 'country must be a two-letter country code' })
  country?: string;

  @ApiProperty({ enum: CONSENT_TYPES })
  @IsIn(CONSENT_TYPES)
  type!: ConsentType;

  @ApiProperty({ format: 'date-time', example: '2026-11-02T10:15:00Z' })
  @IsTimestamp()
  grantedAt!: Date;

  @ApiProperty({ example: 'web form', description: 'Where the consent was captured' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  source!: string;

  @ApiPropertyOptional({ example: 'form submission 8841, IP 203.0.113.7, checkbox text "…"' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  evidence?: string;

  @ApiPropertyOptional({ description: 'Only this campaign; omitted: every campaign' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

export class ConsentsQuery {
  @ApiProperty({ example: '+14155550100' })
  @IsString()
  @MaxLength(40)
  phone!: string;

  @ApiPropertyOptional({ example: 'US' })
  @IsOptional()
  @Length(2, 2)
  @Matches(COUNTRY, { message: 'country must be a two-letter country code' })
  country?: string;
}

class RevocationFieldsDto {
  @ApiPropertyOptional({ enum: RECORDED_CHANNELS, description: 'How it reached us; default: compliance_user for compliance staff, api otherwise' })
  @IsOptional()
  @IsIn(RECORDED_CHANNELS)
  channel?: RecordedChannel;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the person said it; default now. The 10-business-day clock starts here' })
  @IsOptional()
  @IsTimestamp()
  receivedAt?: Date;

  @ApiProperty({ example: 'Letter of 2026-11-30: "stop calling me"', description: 'What the person said or wrote' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  content!: string;

  @ApiPropertyOptional({ description: 'For scope campaign' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ description: 'For scope product' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  product?: string;
}

export class RevokeConsentDto extends RevocationFieldsDto {
  @ApiPropertyOptional({ enum: REVOCATION_SCOPES, description: 'Default: the consent’s campaign, or all calls' })
  @IsOptional()
  @IsIn(REVOCATION_SCOPES)
  scope?: RevocationScope;
}

export class RecordRevocationDto extends RevocationFieldsDto {
  @ApiProperty({ example: '+14155550100' })
  @IsString()
  @MaxLength(40)
  phone!: string;

  @ApiPropertyOptional({ example: 'US' })
  @IsOptional()
  @Length(2, 2)
  @Matches(COUNTRY, { message: 'country must be a two-letter country code' })
  country?: string;

  @ApiProperty({ enum: REVOCATION_SCOPES })
  @IsIn(REVOCATION_SCOPES)
  scope!: RevocationScope;
}

export class RevocationReportQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'Received at or after' })
  @IsOptional()
  @IsTimestamp()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received before' })
  @IsOptional()
  @IsTimestamp()
  @NotBefore('from')
  to?: Date;
}
