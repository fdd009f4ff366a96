import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';

export class JoinCampaignDto {
  @ApiProperty() @IsUUID() campaignId!: string;
}

export class PauseDto {
  @ApiProperty({ example: 'break', description: 'A reason code: break, lunch, training, meeting…' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'reason is a short code like break, lunch or training' })
  reason!: string;
}

export class ManualDialDto {
  @ApiProperty({ description: 'The lead to call; it must pass every gate now' }) @IsUUID() leadId!: string;
}
