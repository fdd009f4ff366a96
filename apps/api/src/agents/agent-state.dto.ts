import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';

export class JoinCampaignDto {
  @ApiProperty() @IsUUID() campaignId!: string;
}

export class PauseDto {
  @ApiProperty({ example: 'break', description: 'A reason code: break, lunch, training, meeting…' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'reason is a short code like break, lunch or training' })
  reason!: string;
}

/** A lead id, or a number typed by the agent: exactly one. */
export class ManualDialDto {
  @ApiPropertyOptional({ description: 'The lead to call; it must pass every gate now' })
  @ValidateIf((dto: ManualDialDto) => dto.phone === undefined)
  @IsUUID(undefined, { message: 'leadId must be a lead id (UUID), or give phone instead' })
  leadId?: string;

  @ApiPropertyOptional({
    example: '03-1234-5678',
    description: "A number (national in the campaign's country, or E.164) held by a lead of the campaign's lists; a number no lead holds is refused (NO_LEAD_FOR_NUMBER)",
  })
  @ValidateIf((dto: ManualDialDto) => dto.leadId === undefined)
  @IsString({ message: 'phone must be a phone number, or give leadId instead' })
  @Length(3, 40, { message: 'phone is 3 to 40 characters' })
  phone?: string;
}

export class AgentTodayQuery {
  @ApiPropertyOptional({ description: 'The IANA zone whose midnight starts my day (default UTC)', example: 'Asia/Tokyo' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;
}
