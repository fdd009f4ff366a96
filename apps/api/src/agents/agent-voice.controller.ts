import { Controller, Header, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { AGENT_ROOM_QUERY, conferenceStatusCallbackUrl, TWILIO_WEBHOOK_PREFIX, TWILIO_WEBHOOK_ROUTES } from '@dialer/calls';
import { agentRoom, MonitoringService } from '@dialer/dialer';
import { conferenceJoinTwiml, hangUpTwiml, monitorJoinTwiml, TwilioSignatureGuard } from '@dialer/telephony';
import { Public } from '../access/access.decorators';

const CLIENT = /^client:([\w-]{1,121})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Voice SDK's custom parameter of a supervisor's leg: the agent whose call it monitors. */
export const MONITOR_PARAM = 'monitor';

/**
 * The agent's own audio leg: their browser (Twilio Voice SDK, through the
 * TwiML App) calls in and waits in a personal conference room, where the
 * dialer puts callees through. The identity comes from the access token
 * Twilio verified (`From=client:<userId>`), never from the URL.
 */
@ApiTags('twilio')
@Public()
@UseGuards(TwilioSignatureGuard)
@Controller(TWILIO_WEBHOOK_PREFIX)
export class AgentVoiceController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly monitoring: MonitoringService,
  ) {}

  @Post(TWILIO_WEBHOOK_ROUTES.agentVoice)
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Voice webhook of an agent’s browser leg (signed by Twilio): join the agent’s room' })
  async agentLeg(@Req() request: Request): Promise<string> {
    const from = typeof request.body?.From === 'string' ? (request.body.From as string) : '';
    const agentId = CLIENT.exec(from)?.[1];
    if (!agentId) return hangUpTwiml();
    const monitored = typeof request.body?.[MONITOR_PARAM] === 'string' ? (request.body[MONITOR_PARAM] as string) : null;
    if (monitored !== null) return this.monitorLeg(agentId, monitored, typeof request.body?.CallSid === 'string' ? (request.body.CallSid as string) : '');
    return conferenceJoinTwiml({
      room: agentRoom(agentId),
      role: 'agent',
      // For the whole sign-in (a shift), not Twilio's default 4 hours: a leg cut mid-shift pauses the agent, even mid-call.
      timeLimitSec: this.config.auth.jwtTtlSec,
      statusCallbackUrl: conferenceStatusCallbackUrl(this.config.api.publicBaseUrl, { [AGENT_ROOM_QUERY]: agentId }),
    });
  }

  /**
   * A supervisor's browser (the same TwiML App) asking to monitor an agent's
   * call, which they claimed first (POST /agents/{id}/monitoring): it joins
   * the agent's room muted (listen), coaching the agent's leg (whisper) or
   * plainly (barge). A leg with no claim of its own is hung up.
   *
   * Why the browser calls in rather than the api adding it with the
   * Participants API (`participants.create({ to: 'client:…', coaching })`):
   * it is the agent's path (one TwiML App, one signed webhook, the identity
   * Twilio verified from the token), the browser needs no incoming-call
   * registration, ringing or caller id, and the microphone is asked for on
   * the supervisor's click. Mode changes then use the Participants API
   * (update `Muted`, `Coaching`, `CallSidToCoach`) on that leg, in place.
   */
  private async monitorLeg(supervisorId: string, agentId: string, callSid: string): Promise<string> {
    const joined = UUID.test(agentId) && callSid ? await this.monitoring.attachLeg(supervisorId, agentId, callSid) : null;
    if (!joined) return hangUpTwiml();
    return monitorJoinTwiml({
      room: joined.room,
      attributes: joined.attributes,
      timeLimitSec: this.config.auth.jwtTtlSec,
      statusCallbackUrl: conferenceStatusCallbackUrl(this.config.api.publicBaseUrl, { [AGENT_ROOM_QUERY]: agentId }),
    });
  }
}
