import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { Actor } from '@dialer/audit';
import { CampaignsService } from '@dialer/campaigns';
import { ValidationFailedError } from '@dialer/core';
import { AgentReadinessService, AgentCallsService, AgentTodayQueries, DispositionService, TwilioVerdicts, WrapUpClock } from '@dialer/dialer';
import { TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '@dialer/auth';
import { AgentsService } from '@dialer/agents';
import { Roles } from '../access/access.decorators';
import { CurrentActor, CurrentPrincipal } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { CallDispositionDto } from './disposition.dto';
import { AgentTodayQuery, JoinCampaignDto, ManualDialDto, PauseDto } from './agent-state.dto';
import { AgentAudioDto, AgentCampaignDto, AgentPresenceDto, AgentTodayDto, AgentTokenDto, AttemptRefDto, DispositionResultDto } from './agent-desk.responses.dto';
import { EmulatedAudio } from './emulated-audio';

/** The same state actions as the socket, over REST, for integrations and tests. */
@ApiTags('agent desk')
@ApiBearerAuth()
@Roles('agent')
@Controller('agent')
export class AgentDeskController {
  constructor(
    private readonly agents: AgentsService,
    private readonly campaigns: CampaignsService,
    private readonly dispositions: DispositionService,
    private readonly agentCalls: AgentCallsService,
    @Inject(TELEPHONY_PORT) private readonly telephony: TelephonyPort,
    private readonly audio: EmulatedAudio,
    private readonly readiness: AgentReadinessService,
    private readonly wrapUps: WrapUpClock,
    private readonly todays: AgentTodayQueries,
    private readonly verdicts: TwilioVerdicts,
  ) {}

  @Get('audio')
  @ApiOkResponse({ type: AgentAudioDto })
  @ApiOperation({ summary: 'Where my audio comes from, and whether my audio leg is in my conference room' })
  async audioStatus(@CurrentPrincipal() agent: Principal): Promise<AgentAudioDto> {
    return { mode: this.audio.emulated ? 'emulated' : 'twilio', connected: await this.readiness.audioConnected(agent.userId) };
  }

  @Post('audio')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentAudioDto })
  @ApiOperation({ summary: 'Emulator only: the emulator dials my audio leg into my conference room (as the Voice SDK would)' })
  async connectAudio(@CurrentPrincipal() agent: Principal): Promise<AgentAudioDto> {
    await this.audio.connect(agent.userId);
    return { mode: 'emulated', connected: true };
  }

  @Delete('audio')
  @ApiOkResponse({ type: AgentAudioDto })
  @ApiOperation({ summary: 'Emulator only: hang up my emulated audio leg' })
  async disconnectAudio(@CurrentPrincipal() agent: Principal): Promise<AgentAudioDto> {
    await this.audio.disconnect(agent.userId);
    return { mode: 'emulated', connected: false };
  }

  @Get('token')
  @ApiOkResponse({ type: AgentTokenDto })
  @ApiOperation({ summary: 'An access token for the Twilio Voice SDK: my browser’s audio leg joins my conference room' })
  token(@CurrentPrincipal() agent: Principal) {
    return this.telephony.issueAgentToken(agent.userId);
  }

  @Post('preview/dial')
  @HttpCode(200)
  @ApiOkResponse({ type: AttemptRefDto })
  @ApiOperation({ summary: 'Dial the preview lead I hold' })
  dialPreview(@CurrentPrincipal() agent: Principal) {
    return this.agentCalls.dialPreview(agent.userId);
  }

  @Post('preview/skip')
  @HttpCode(200)
  @ApiOkResponse({ type: AttemptRefDto })
  @ApiOperation({ summary: 'Pass on the preview lead I hold (it returns to the list later)' })
  skipPreview(@CurrentPrincipal() agent: Principal) {
    return this.agentCalls.skipPreview(agent.userId);
  }

  @Post('dial')
  @HttpCode(200)
  @ApiOkResponse({ type: AttemptRefDto })
  @ApiOperation({
    summary:
      'Dial a lead by hand, by its id or a number one of the campaign’s leads holds; the same gates apply (DNC, calling hours, limits…). 422 LEAD_NOT_DIALABLE with details.reasonCode when refused',
  })
  dial(@Body() body: ManualDialDto, @CurrentPrincipal() agent: Principal) {
    if (body.leadId !== undefined && body.phone !== undefined) {
      throw new ValidationFailedError([{ field: 'phone', messages: ['give leadId or phone, not both'] }]);
    }
    return this.agentCalls.manualDial(agent.userId, body.leadId !== undefined ? { leadId: body.leadId } : { phone: body.phone! });
  }

  @Post('hangup')
  @HttpCode(200)
  @ApiOkResponse({ type: AttemptRefDto })
  @ApiOperation({
    summary:
      'End my current call (409 NO_CALL when I have none). When Twilio says the call is over already, or does not know it (its last callback was lost), it ends here at once: wrap-up, the lead settled',
  })
  hangUp(@CurrentPrincipal() agent: Principal) {
    return this.verdicts.agentHangsUp(agent.userId);
  }

  @Get('campaigns')
  @ApiOkResponse({ type: [AgentCampaignDto] })
  @ApiOperation({ summary: 'Campaigns I can join (active ones), with what my desk follows: wrap-up, calling hours, the JP identity disclosure' })
  async joinable(): Promise<AgentCampaignDto[]> {
    return (await this.campaigns.list({ status: 'active' })).map((c) => {
      const config = this.campaigns.config(c, new Date());
      return {
        id: c.id,
        name: c.name,
        kind: c.kind,
        dialingMode: c.dialingMode,
        jurisdiction: config.profile.code,
        wrapUp: config.wrapUp,
        identity: config.profile.identityDisclosureRequired ? config.identity : null,
        callingHours: config.callingHours,
        previewAutoDialAfterSec: config.preview.autoDialAfterSec,
        pauseReasons: config.pauseReasons,
      };
    });
  }

  @Post('calls/:attemptId/disposition')
  @HttpCode(200)
  @ApiOkResponse({ type: DispositionResultDto })
  @ApiOperation({ summary: 'Record the outcome of my call; DNC takes effect at once, callbacks are booked in the callee’s time' })
  disposition(
    @UuidParam('attemptId') attemptId: string,
    @Body() body: CallDispositionDto,
    @CurrentPrincipal() agent: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.dispositions.submit(agent.userId, attemptId, body, actor);
  }

  @Get('today')
  @ApiOkResponse({ type: AgentTodayDto })
  @ApiOperation({ summary: 'My calls, contacts and successes since midnight in my zone, every campaign, counted as the KPI report counts them' })
  today(@CurrentPrincipal() agent: Principal, @Query() query: AgentTodayQuery): Promise<AgentTodayDto> {
    return this.todays.today(agent.userId, query.timeZone ?? 'UTC');
  }

  @Get('state')
  @ApiOkResponse({ type: AgentPresenceDto, description: 'null when I have never joined' })
  @ApiOperation({ summary: 'My state on the floor' })
  state(@CurrentPrincipal() agent: Principal) {
    return this.agents.get(agent.userId);
  }

  @Post('session')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({ summary: 'Join an active campaign (paused until ready); 409 CAMPAIGN_NOT_ACTIVE otherwise' })
  join(@Body() body: JoinCampaignDto, @CurrentPrincipal() agent: Principal) {
    return this.agentCalls.join(agent.userId, body.campaignId, agent.displayName);
  }

  @Delete('session')
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({ summary: 'Leave the floor (not during a call)' })
  leave(@CurrentPrincipal() agent: Principal) {
    return this.agents.leave(agent.userId);
  }

  @Post('ready')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({ summary: 'Ready for calls: refused (409 NO_AUDIO) unless my audio leg is in my conference room' })
  ready(@CurrentPrincipal() agent: Principal) {
    return this.readiness.ready(agent.userId);
  }

  @Post('wrap-up/extend')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({
    summary: 'More time for the wrap-up in hand: 30 s more, up to the campaign’s wrapUp.maxSeconds (409 WRAP_UP_AT_MAXIMUM, 409 NOT_IN_WRAP_UP)',
  })
  extendWrapUp(@CurrentPrincipal() agent: Principal) {
    return this.wrapUps.extend(agent.userId);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({ summary: "Pause with one of my campaign’s reason codes (422 PAUSE_REASON_NOT_OFFERED otherwise); during a call the pause starts after it" })
  pause(@Body() body: PauseDto, @CurrentPrincipal() agent: Principal) {
    return this.readiness.pause(agent.userId, body.reason);
  }
}
