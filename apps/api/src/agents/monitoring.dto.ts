import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MONITOR_MODES, type MonitorMode } from '@dialer/telephony';

export class MonitorModeDto {
  @ApiProperty({ enum: MONITOR_MODES, description: 'listen: hear agent and callee, heard by nobody; whisper: heard by the agent alone; barge: heard by both' })
  @IsIn(MONITOR_MODES)
  mode!: MonitorMode;
}

export class MonitoringDto {
  @ApiProperty({ format: 'uuid' }) agentId!: string;
  @ApiProperty({ format: 'uuid' }) supervisorId!: string;
  @ApiProperty({ format: 'uuid', description: 'The call attempt monitored' }) attemptId!: string;
  @ApiProperty({ enum: MONITOR_MODES }) mode!: MonitorMode;
  @ApiProperty({ enum: ['emulated', 'twilio'], description: 'emulated: the Twilio emulator plays the supervisor’s audio leg; twilio: the browser connects it with the Voice SDK' })
  audio!: 'emulated' | 'twilio';
  @ApiProperty({ description: 'Whether the supervisor’s audio leg is in the agent’s room' }) connected!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'twilio: a Voice SDK token; connect with params { monitor: agentId } and the TwiML App joins the agent’s room',
  })
  token!: string | null;
}

export class MyMonitoringDto {
  @ApiProperty({ type: MonitoringDto, nullable: true, description: 'The call you monitor now, or null' })
  monitoring!: MonitoringDto | null;
}
