import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { SYSTEM_PAUSE_REASONS } from '@dialer/campaigns';

export class JoinCampaignDto {
  @ApiProperty() @IsUUID() campaignId!: string;
}

const REASON_CODE = /^[a-z][a-z0-9_]{0,39}$/;
const REASON_CODE_MESSAGE = 'reason is a short code like break, lunch or training';

export class PauseDto {
  @ApiProperty({ example: 'break', description: 'A reason code: break, lunch, training, meeting…' })
  @IsString()
  @Matches(REASON_CODE, { message: REASON_CODE_MESSAGE })
  reason!: string;
}

/**
 * A supervisor pauses with any reason code but the system's own (`signed_out`
 * would sign the agent out after the call; `no_audio`, `disconnected`… would
 * read as a fault in the occupancy reports). Not a subclass of PauseDto:
 * class-validator drops a parent's rules on a property the child decorates.
 */
export class SupervisorPauseDto {
  @ApiProperty({ example: 'coaching', description: `A reason code (coaching, meeting…), none of the system's: ${SYSTEM_PAUSE_REASONS.join(', ')}` })
  @IsString()
  @Matches(REASON_CODE, { message: REASON_CODE_MESSAGE })
  @IsNotIn(SYSTEM_PAUSE_REASONS, { message: `reason may not be one the system pauses with (${SYSTEM_PAUSE_REASONS.join(', ')})` })
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
