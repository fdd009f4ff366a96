import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Response schemas of the agent desk's REST operations: the OpenAPI document
 * the web app's typed client is generated from (npm run api:client).
 */
export class AgentPresenceDto {
  @ApiProperty() agentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) campaignId!: string | null;
  @ApiProperty({ enum: ['offline', 'paused', 'ready', 'reserved', 'on_call', 'wrap_up'] }) state!: 'offline' | 'paused' | 'ready' | 'reserved' | 'on_call' | 'wrap_up';
  @ApiProperty({ description: 'When the current state began (epoch ms)' }) sinceMs!: number;
  @ApiProperty({ type: String, nullable: true }) attemptId!: string | null;
  @ApiProperty({ type: String, nullable: true }) leadId!: string | null;
  @ApiProperty({ type: String, nullable: true }) pauseReason!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'A pause asked for during a call; it takes effect when the wrap-up ends' })
  pauseAfterCall!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'In wrap-up: when it ends (epoch ms), extensions included' })
  wrapUpUntilMs!: number | null;
  @ApiProperty() epoch!: number;
}

export class AttemptRefDto {
  @ApiProperty() attemptId!: string;
}

export class AgentTokenDto {
  @ApiProperty({ description: 'Twilio Voice SDK access token' }) token!: string;
  @ApiProperty() identity!: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: Date;
}

export class AgentAudioDto {
  @ApiProperty({ enum: ['emulated', 'twilio'], description: 'emulated: the Twilio emulator plays the agent’s audio leg; twilio: the browser’s Voice SDK' })
  mode!: 'emulated' | 'twilio';
  @ApiProperty({ description: 'Whether the agent’s audio leg is in their conference room (the agent may be ready only then)' })
  connected!: boolean;
}

export class AgentTodayDto {
  @ApiProperty({ description: 'The start of the day counted: midnight in the zone asked for' }) since!: string;
  @ApiProperty({ description: 'My calls today (attempts put through to me or dialed by me that reached, or may have reached, the network)' }) calls!: number;
  @ApiProperty({ description: 'Of them, live answers I recorded a contact outcome for (as the KPI report counts contacts)' }) contacts!: number;
  @ApiProperty({ description: 'Of them, live answers I recorded a success outcome for' }) successes!: number;
}

class DeskDailyWindowDto {
  @ApiProperty({ example: '09:00' }) start!: string;
  @ApiProperty({ example: '20:00' }) end!: string;
}

class DeskWeeklyHoursDto {
  @ApiPropertyOptional({ type: DeskDailyWindowDto, nullable: true }) mon?: DeskDailyWindowDto | null;
  @ApiPropertyOptional({ type: DeskDailyWindowDto, nullable: true }) tue?: DeskDailyWindowDto | null;
  @ApiPropertyOptional({ type: DeskDailyWindowDto, nullable: true }) wed?: DeskDailyWindowDto | null;
  @ApiPropertyOptional({ type: DeskDailyWindowDto, nullable: true }) thu?: DeskDailyWindowDto | null;
  @ApiPropertyOptional({ type: DeskDailyWindowDto, nullable: true }) fri?: DeskDailyWindowDto | null;
  @ApiPropertyOptional({ type: DeskDailyWindowDto, nullable: true }) sat?: DeskDailyWindowDto | null;
  @ApiPropertyOptional({ type: DeskDailyWindowDto, nullable: true }) sun?: DeskDailyWindowDto | null;
}

class DeskCallingHoursDto {
  @ApiProperty({ type: DeskWeeklyHoursDto }) weekly!: DeskWeeklyHoursDto;
  @ApiProperty({ type: [String], description: 'YYYY-MM-DD in the callee’s calendar' }) holidays!: string[];
}

class DeskWrapUpDto {
  @ApiProperty() seconds!: number;
  @ApiProperty() autoReady!: boolean;
  @ApiProperty({ description: 'The longest a wrap-up may run with the agent’s extensions' }) maxSeconds!: number;
}

class DeskIdentityDto {
  @ApiProperty() seller!: string;
  @ApiProperty() purpose!: string;
}

/** A campaign as the agent desk needs it: what to show and what the callback picker and wrap-up follow. */
export class AgentCampaignDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['telemarketing', 'survey', 'collections'] }) kind!: string;
  @ApiProperty({ enum: ['preview', 'progressive', 'power', 'predictive', 'agentless'] }) dialingMode!: string;
  @ApiProperty({ enum: ['US', 'UK', 'JP'] }) jurisdiction!: string;
  @ApiProperty({ type: DeskWrapUpDto }) wrapUp!: DeskWrapUpDto;
  @ApiProperty({ type: DeskIdentityDto, nullable: true, description: 'JP: the identity disclosure (特定商取引法 Art. 16) the agent confirms' })
  identity!: DeskIdentityDto | null;
  @ApiProperty({ type: DeskCallingHoursDto }) callingHours!: DeskCallingHoursDto;
  @ApiProperty({ type: Number, nullable: true }) previewAutoDialAfterSec!: number | null;
  @ApiProperty({ type: [String], description: 'Pause reason codes offered to the agent' }) pauseReasons!: string[];
}

export class DispositionResultDto {
  @ApiProperty() attemptId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: ['settled', 'already_settled', 'not_ended', 'awaiting_disposition'], description: 'Whether the lead’s next state is decided' })
  settlement!: 'settled' | 'already_settled' | 'not_ended' | 'awaiting_disposition';
}
