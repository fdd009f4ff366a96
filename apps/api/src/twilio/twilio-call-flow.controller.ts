import { Controller, UseInterceptors, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CallFlowService, parseGatherRequest, parseVoiceRequest, TWILIO_WEBHOOK_PREFIX, TWILIO_WEBHOOK_ROUTES } from '@dialer/calls';
import { TwilioSignatureGuard, webhookParams } from '@dialer/telephony';
import { Public } from '../access/access.decorators';
import { QuietRequestLogInterceptor } from './quiet-request-log.interceptor';
import { webhookContextOf } from './webhook-request';

/**
 * Twilio's requests for instructions: TwiML decided by the call flow policy,
 * the same document for every retry of a (call, webhook, step). Requests in
 * Twilio's usual shape are served by TwilioWebhookServer ahead of Express,
 * with the same services: a change here belongs there too.
 */
@ApiTags('twilio')
@Public()
@UseGuards(TwilioSignatureGuard)
@UseInterceptors(QuietRequestLogInterceptor)
@Controller(TWILIO_WEBHOOK_PREFIX)
export class TwilioCallFlowController {
  constructor(private readonly flow: CallFlowService) {}

  @Post(TWILIO_WEBHOOK_ROUTES.voice)
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Voice webhook (signed by Twilio): the call was answered; TwiML to run' })
  voice(@Req() request: Request): Promise<string> {
    return this.flow.answer(parseVoiceRequest(webhookParams(request.body)), webhookContextOf(request));
  }

  @Post(TWILIO_WEBHOOK_ROUTES.gather)
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  @ApiProduces('text/xml')
  @ApiOperation({ summary: 'Gather action (signed by Twilio): the keys pressed; TwiML to run next' })
  gather(@Req() request: Request): Promise<string> {
    return this.flow.gather(parseGatherRequest(webhookParams(request.body)), webhookContextOf(request));
  }
}
