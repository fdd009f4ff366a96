import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentNotOnFloorError, AgentPresence, AgentsService } from '@dialer/agents';
import { Actor, AuditAction, AuditService } from '@dialer/audit';
import { Roles } from '../access/access.decorators';
import { CurrentActor } from '../access/current-actor.decorator';
import { NoBody, NoBodyDocumented } from '../http/no-input.dto';
import { UuidParam } from '../http/uuid-param';
import { AgentPresenceDto } from './agent-desk.responses.dto';
import { SupervisorPauseDto } from './agent-state.dto';

/**
 * What a supervisor does to an agent from the wallboard's grid. Each act is
 * audited once it is done (the state lives in Redis: there is no unit of work
 * to share), with the state the agent was left in.
 */
@ApiTags('floor')
@ApiBearerAuth()
@Roles('manager', 'admin')
@Controller('agents')
export class SupervisorController {
  constructor(
    private readonly agents: AgentsService,
    private readonly audit: AuditService,
  ) {}

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({ summary: 'Pause an agent now, or after the call in hand (then pauseAfterCall shows it); audited' })
  async pause(@UuidParam() id: string, @Body() body: SupervisorPauseDto, @CurrentActor() actor: Actor): Promise<AgentPresence> {
    return this.audited(actor, 'agent.paused_by_supervisor', id, await this.onFloor(id, () => this.agents.pause(id, body.reason)), { reason: body.reason });
  }

  @Post(':id/sign-out')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({ summary: 'Sign an agent out now (409 AGENT_BUSY while a call is in hand: use sign-out-after-call); audited' })
  @NoBodyDocumented()
  async signOut(@UuidParam() id: string, @Body() _body: NoBody, @CurrentActor() actor: Actor): Promise<AgentPresence> {
    return this.audited(actor, 'agent.signed_out_by_supervisor', id, await this.onFloor(id, () => this.agents.signOut(id)));
  }

  @Post(':id/sign-out-after-call')
  @HttpCode(200)
  @ApiOkResponse({ type: AgentPresenceDto })
  @ApiOperation({
    summary: 'Sign an agent out once the call in hand and its wrap-up are over (at once when there is none); the pacer stops counting on the agent now; audited',
  })
  @NoBodyDocumented()
  async signOutAfterCall(@UuidParam() id: string, @Body() _body: NoBody, @CurrentActor() actor: Actor): Promise<AgentPresence> {
    return this.audited(actor, 'agent.sign_out_after_call_by_supervisor', id, await this.onFloor(id, () => this.agents.signOutAfterCall(id)));
  }

  /** An act on someone not on the floor (an unknown id, an agent already signed out) is refused in the supervisor's words, not the agent's. */
  private async onFloor(agentId: string, act: () => Promise<AgentPresence>): Promise<AgentPresence> {
    try {
      return await act();
    } catch (error) {
      if (error instanceof AgentNotOnFloorError) throw new AgentNotOnFloorError(agentId, 'This agent is not signed in to a campaign (already signed out, or not an agent on the floor)');
      throw error;
    }
  }

  private async audited(actor: Actor, action: AuditAction, agentId: string, presence: AgentPresence, data: Record<string, unknown> = {}) {
    await this.audit.recordNow(actor, { action, entityType: 'user', entityId: agentId, data: { ...data, state: presence.state, pauseAfterCall: presence.pauseAfterCall, campaignId: presence.campaignId } });
    return presence;
  }
}
