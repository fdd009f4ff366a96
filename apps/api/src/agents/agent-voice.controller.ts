import { Controller, Header, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@dialer/core';
import { AGENT_ROOM_QUERY, conferenceStatusCallbackUrl, TWILIO_WEBHOOK_PREFIX, TWILIO_WEBHOOK_ROUTES } from '@dialer/calls';
import { agentRoom } from '@dialer/dialer';
import { conferenceJoinTwiml, hangUpTwiml, TwilioSignatureGuard } from '@dialer/telephony';
import { Public } from '../access/access.decorators';

const CLIENT = /^client:([\w-]{1,121})$/;

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
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post(TWILIO_WEBHOOK_ROUTES.agentVoice)
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Voice webhook of an agent’s browser leg (signed by Twilio): join the agent’s room' })
  agentLeg(@Req() request: Request): string {
    const from = typeof request.body?.From === 'string' ? (request.body.From as string) : '';
    const agentId = CLIENT.exec(from)?.[1];
    if (!agentId) return hangUpTwiml();
    return conferenceJoinTwiml({
      room: agentRoom(agentId),
      role: 'agent',
      // For the whole sign-in (a shift), not Twilio's default 4 hours: a leg cut mid-shift pauses the agent, even mid-call.
      timeLimitSec: this.config.auth.jwtTtlSec,
      statusCallbackUrl: conferenceStatusCallbackUrl(this.config.api.publicBaseUrl, { [AGENT_ROOM_QUERY]: agentId }),
    });
  }
}
