import { Body, Controller, Delete, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { Actor } from '@dialer/audit';
import { CampaignsService } from '@dialer/campaigns';
import { DomainError } from '@dialer/core';
import { AgentCallsService, DispositionService } from '@dialer/dialer';
import { TELEPHONY_PORT, TelephonyPort } from '@dialer/telephony';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '@dialer/auth';
import { AgentsService } from '@dialer/agents';
import { Roles } from '../access/access.decorators';
import { CurrentActor, CurrentPrincipal } from '../access/current-actor.decorator';
import { UuidParam } from '../http/uuid-param';
import { CallDispositionDto } from './disposition.dto';
import { JoinCampaignDto, ManualDialDto, PauseDto } from './agent-state.dto';

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
  ) {}

  @Get('token')
  @ApiOperation({ summary: 'An access token for the Twilio Voice SDK: my browser’s audio leg joins my conference room' })
  token(@CurrentPrincipal() agent: Principal) {
    return this.telephony.issueAgentToken(agent.userId);
  }

  @Post('preview/dial')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dial the preview lead I hold' })
  dialPreview(@CurrentPrincipal() agent: Principal) {
    return this.agentCalls.dialPreview(agent.userId);
  }

  @Post('preview/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pass on the preview lead I hold (it returns to the list later)' })
  skipPreview(@CurrentPrincipal() agent: Principal) {
    return this.agentCalls.skipPreview(agent.userId);
  }

  @Post('dial')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dial a lead by hand; the same gates apply (DNC, calling hours, limits…)' })
  dial(@Body() body: ManualDialDto, @CurrentPrincipal() agent: Principal) {
    return this.agentCalls.manualDial(agent.userId, body.leadId);
  }

  @Post('hangup')
  @HttpCode(200)
  @ApiOperation({ summary: 'End my current call' })
  async hangUp(@CurrentPrincipal() agent: Principal) {
    const presence = await this.agents.get(agent.userId);
    const callSid = presence?.attemptId ? await this.agentCalls.callSidOf(presence.attemptId) : null;
    if (!callSid) throw new DomainError('NO_CALL', 'You are not on a call', 'conflict');
    await this.telephony.hangUp(callSid);
    return { attemptId: presence!.attemptId };
  }

  @Get('campaigns')
  @ApiOperation({ summary: 'Campaigns I can join (active ones)' })
  async joinable() {
    return (await this.campaigns.list({ status: 'active' })).map((c) => ({ id: c.id, name: c.name, kind: c.kind, dialingMode: c.dialingMode }));
  }

  @Post('calls/:attemptId/disposition')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the outcome of my call; DNC takes effect at once, callbacks are booked in the callee’s time' })
  disposition(
    @UuidParam('attemptId') attemptId: string,
    @Body() body: CallDispositionDto,
    @CurrentPrincipal() agent: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.dispositions.submit(agent.userId, attemptId, body, actor);
  }

  @Get('state')
  @ApiOperation({ summary: 'My state on the floor' })
  state(@CurrentPrincipal() agent: Principal) {
    return this.agents.get(agent.userId);
  }

  @Post('session')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join a campaign (paused until ready)' })
  join(@Body() body: JoinCampaignDto, @CurrentPrincipal() agent: Principal) {
    return this.agents.join(agent.userId, body.campaignId, agent.displayName);
  }

  @Delete('session')
  @ApiOperation({ summary: 'Leave the floor (not during a call)' })
  leave(@CurrentPrincipal() agent: Principal) {
    return this.agents.leave(agent.userId);
  }

  @Post('ready')
  @HttpCode(200)
  ready(@CurrentPrincipal() agent: Principal) {
    return this.agents.ready(agent.userId);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause with a reason; during a call the pause starts after it' })
  pause(@Body() body: PauseDto, @CurrentPrincipal() agent: Principal) {
    return this.agents.pause(agent.userId, body.reason);
  }
}
