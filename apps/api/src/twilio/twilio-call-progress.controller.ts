import { Controller, UseInterceptors, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  CallProgressService,
  parseAmdCallback,
  parseConferenceEvent,
  parseStatusCallback,
  TWILIO_WEBHOOK_PREFIX,
  TWILIO_WEBHOOK_ROUTES,
} from '@dialer/calls';
import { TwilioSignatureGuard, webhookParams } from '@dialer/telephony';
import { Public } from '../access/access.decorators';
import { QuietRequestLogInterceptor } from './quiet-request-log.interceptor';
import { webhookContextOf } from './webhook-request';

/**
 * Twilio's notifications. Each answers 204 once the event is stored (a
 * duplicate or an unknown call too, so Twilio stops retrying); a failure to
 * store answers 5xx, so Twilio retries. Requests in Twilio's usual shape are
 * served by TwilioWebhookServer ahead of Express, with the same services:
 * a change here belongs there too (its integration spec compares both).
 */
@ApiTags('twilio')
@Public()
@UseGuards(TwilioSignatureGuard)
@UseInterceptors(QuietRequestLogInterceptor)
@Controller(TWILIO_WEBHOOK_PREFIX)
export class TwilioCallProgressController {
  constructor(private readonly progress: CallProgressService) {}

  @Post(TWILIO_WEBHOOK_ROUTES.status)
  @HttpCode(204)
  @ApiOperation({ summary: 'Call status callback (signed by Twilio): moves the attempt forward, by SequenceNumber and rank' })
  async status(@Req() request: Request): Promise<void> {
    await this.progress.status(parseStatusCallback(webhookParams(request.body)), webhookContextOf(request));
  }

  @Post(TWILIO_WEBHOOK_ROUTES.amd)
  @HttpCode(204)
  @ApiOperation({ summary: 'Asynchronous answering-machine verdict (signed by Twilio)' })
  async amd(@Req() request: Request): Promise<void> {
    await this.progress.amd(parseAmdCallback(webhookParams(request.body)), webhookContextOf(request));
  }

  @Post(TWILIO_WEBHOOK_ROUTES.conference)
  @HttpCode(204)
  @ApiOperation({ summary: 'Conference event (signed by Twilio): participant join/leave, room start/end' })
  async conference(@Req() request: Request): Promise<void> {
    await this.progress.conference(parseConferenceEvent(webhookParams(request.body)), webhookContextOf(request));
  }
}
