import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { DEDUPE_SCOPES, DedupeScope } from '@dialer/leads';

export class CreateLeadListDto {
  @ApiProperty({ example: 'Tokyo renewals, November' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: 'JP', description: 'ISO 3166-1 alpha-2: the country of numbers written in national format' })
  @IsString()
  @Length(2, 2)
  @Matches(/^[A-Za-z]{2}$/, { message: 'defaultCountry must be a two-letter country code' })
  defaultCountry!: string;

  @ApiPropertyOptional({
    enum: DEDUPE_SCOPES,
    default: 'list',
    description: 'Which existing leads a new one must not repeat: none, this list, the lists of its campaigns, or all',
  })
  @IsOptional()
  @IsIn(DEDUPE_SCOPES)
  dedupeScope?: DedupeScope;
}
