import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { FormParams, text } from '../common/form-params';
import { API_VERSION } from '../common/twilio-format';
import { twilioErrors } from '../common/twilio-rest.errors';
import { EmulatedCall } from '../calls/emulated-call';
import { Emulator } from '../emulator';
import { parseCallUpdate, parseCreateCall } from './call-request.parser';
import { accountPath, presentCall, presentPage } from './presenters';
import { TwilioAuthGuard } from './twilio-auth.guard';

const CALL_SID = /^CA[0-9a-f]{32}$/i;

/** The Calls resource: create, list, fetch, update (redirect and hang up). */
@Controller(`${API_VERSION}/Accounts/:accountSid`)
@UseGuards(TwilioAuthGuard)
export class CallsController {
  constructor(private readonly emulator: Emulator) {}

  @Post('Calls.json')
  @HttpCode(201)
  create(@Body() body: FormParams) {
    return this.present(this.emulator.engine.placeCall(parseCreateCall(body ?? {})));
  }

  @Get('Calls.json')
  list(@Param('accountSid') accountSid: string, @Query() query: FormParams) {
    const filters = {
      To: text(query, 'To'),
      From: text(query, 'From'),
      Status: text(query, 'Status'),
      ParentCallSid: text(query, 'ParentCallSid'),
    };
    const calls = this.emulator.calls
      .all()
      .map((call) => this.present(call))
      .filter((call) => (!filters.To || call.to === filters.To) && (!filters.From || call.from === filters.From))
      .filter((call) => (!filters.Status || call.status === filters.Status) && !filters.ParentCallSid)
      .reverse(); // newest first, as Twilio lists them
    return presentPage('calls', `${accountPath(accountSid)}/Calls.json`, calls, query, filters);
  }

  @Get('Calls/:sid.json')
  fetch(@Param('accountSid') accountSid: string, @Param('sid') sid: string) {
    return this.present(this.find(accountSid, sid));
  }

  @Post('Calls/:sid.json')
  @HttpCode(200)
  update(@Param('accountSid') accountSid: string, @Param('sid') sid: string, @Body() body: FormParams) {
    const call = this.find(accountSid, sid);
    const update = parseCallUpdate(body ?? {});
    if (update.status) this.emulator.engine.hangUp(call, update.status);
    else if (update.source) this.emulator.engine.redirect(call, update.source);
    return this.present(call);
  }

  private find(accountSid: string, sid: string): EmulatedCall {
    const call = CALL_SID.test(sid) ? this.emulator.calls.get(sid) : undefined;
    if (!call) throw twilioErrors.notFound(`${accountPath(accountSid)}/Calls/${sid}.json`);
    return call;
  }

  private present(call: EmulatedCall) {
    return presentCall(call, this.emulator.engine.durationSec(call));
  }
}
