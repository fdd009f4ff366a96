import { Body, Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@dialer/audit';
import { MonitoringService, MonitorSession, SupervisorAudioUnavailableError } from '@dialer/dialer';
import { TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { EmulatedAudio } from './emulated-audio';
import { MonitorModeDto, MonitoringDto, MyMonitoringDto } from './monitoring.dto';

/**
 * Call monitoring from the wallboard's grid: a supervisor listens to,
 * whispers to or barges into an agent's call. The supervisor's audio leg
 * calls in through the TwiML App, as an agent's does: the browser's Voice SDK
 * (with the token answered here), or, against the emulator, a leg the
 * emulator dials. Audited by MonitoringService.
 */
@ApiTags('floor')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('agents')
export class MonitoringController {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly audio: EmulatedAudio,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
  ) {}

  @Get('monitoring/mine')
  @ApiOkResponse({ type: MyMonitoringDto })
  @ApiOperation({ summary: 'Your monitoring in force, if any (the wallboard restores its bar after a reload or a change of view)' })
  async mine(@CurrentActor() actor: Actor): Promise<MyMonitoringDto> {
    const session = await this.monitoring.mine(actor.id!);
    return { monitoring: session ? this.view(session, { audio: this.audio.emulated ? 'emulated' : 'twilio', token: null }) : null };
  }

  @Post(':id/monitoring')
  @HttpCode(200)
  @ApiOkResponse({ type: MonitoringDto })
  @ApiOperation({
    summary:
      'Monitor an agent’s call (listen, whisper or barge); on a call you already monitor, switches the mode. 409 AGENT_NOT_ON_CALL, AGENT_ALREADY_MONITORED (another supervisor monitors it), SUPERVISOR_ALREADY_MONITORING (you monitor another call), SUPERVISOR_AUDIO_UNAVAILABLE; audited once the supervisor’s leg is in the room',
  })
  async start(@UuidParam() id: string, @Body() body: MonitorModeDto, @CurrentActor() actor: Actor): Promise<MonitoringDto> {
    const { session, resumed } = await this.monitoring.start(actor, id, body.mode);
    // Your own monitoring of this call (a reloaded tab): its mode switched, its leg kept.
    if (resumed) return this.view(session, { audio: this.audio.emulated ? 'emulated' : 'twilio', token: null });
    if (!this.audio.emulated) return this.view(session, { audio: 'twilio', token: this.telephony.issueAgentToken(session.supervisorId).token });
    try {
      await this.audio.connectMonitor(session.supervisorId, id);
    } catch (error) {
      await this.monitoring.abandon(session.supervisorId, id);
      throw new SupervisorAudioUnavailableError((error as Error).message);
    }
    return this.view((await this.monitoring.get(id)) ?? session, { audio: 'emulated', token: null });
  }

  @Patch(':id/monitoring')
  @ApiOkResponse({ type: MonitoringDto })
  @ApiOperation({ summary: 'Switch between listen, whisper and barge without leaving the call. 409 NOT_MONITORING; audited' })
  async setMode(@UuidParam() id: string, @Body() body: MonitorModeDto, @CurrentActor() actor: Actor): Promise<MonitoringDto> {
    return this.view(await this.monitoring.setMode(actor, id, body.mode), { audio: this.audio.emulated ? 'emulated' : 'twilio', token: null });
  }

  @Delete(':id/monitoring')
  @ApiOkResponse({ type: MonitoringDto })
  @ApiOperation({ summary: 'Stop monitoring: the supervisor’s leg is hung up. 409 NOT_MONITORING; audited' })
  async stop(@UuidParam() id: string, @CurrentActor() actor: Actor): Promise<MonitoringDto> {
    const session = await this.monitoring.stop(actor, id);
    return { ...this.view(session, { audio: this.audio.emulated ? 'emulated' : 'twilio', token: null }), connected: false };
  }

  private view(session: MonitorSession, leg: { audio: 'emulated' | 'twilio'; token: string | null }): MonitoringDto {
    return {
      agentId: session.agentId,
      supervisorId: session.supervisorId,
      attemptId: session.attemptId,
      mode: session.mode,
      connected: session.legCallSid !== null,
      ...leg,
    };
  }
}
