import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { absoluteUrl, bool, FormParams, list, oneOf, text } from '../common/form-params';
import { API_VERSION } from '../common/twilio-format';
import { twilioErrors } from '../common/twilio-rest.errors';
import { Conference, Participant } from '../conferences/conference';
import { Emulator } from '../emulator';
import { parseCreateCall } from './call-request.parser';
import { coachingParams } from './coaching-params';
import { accountPath, presentConference, presentPage, presentParticipant } from './presenters';
import { TwilioAuthGuard } from './twilio-auth.guard';

const CONFERENCE_SID = /^CF[0-9a-f]{32}$/i;

const escapeXml = (value: string) =>
  value.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char);

/**
 * The conference subset that bridging needs: find an agent's room, see who
 * is in it, end it, and add, mute, hold, coach (whisper) or remove participants.
 */
@Controller(`${API_VERSION}/Accounts/:accountSid`)
@UseGuards(TwilioAuthGuard)
export class ConferencesController {
  constructor(private readonly emulator: Emulator) {}

  @Get('Conferences.json')
  listConferences(@Param('accountSid') accountSid: string, @Query() query: FormParams) {
    const filters = { FriendlyName: text(query, 'FriendlyName'), Status: text(query, 'Status') };
    const conferences = this.emulator.rooms
      .list()
      .filter((room) => (!filters.FriendlyName || room.friendlyName === filters.FriendlyName) && (!filters.Status || room.status === filters.Status))
      .reverse()
      .map((room) => presentConference(accountSid, room));
    return presentPage('conferences', `${accountPath(accountSid)}/Conferences.json`, conferences, query, filters);
  }

  @Get('Conferences/:sid.json')
  fetchConference(@Param('accountSid') accountSid: string, @Param('sid') sid: string) {
    return presentConference(accountSid, this.find(accountSid, sid));
  }

  @Post('Conferences/:sid.json')
  @HttpCode(200)
  updateConference(@Param('accountSid') accountSid: string, @Param('sid') sid: string, @Body() body: FormParams) {
    const conference = this.find(accountSid, sid);
    if (oneOf(body ?? {}, 'Status', ['completed'] as const)) this.emulator.rooms.end(conference, 'conference-ended-via-api', null);
    return presentConference(accountSid, conference);
  }

  @Get('Conferences/:sid/Participants.json')
  listParticipants(@Param('accountSid') accountSid: string, @Param('sid') sid: string, @Query() query: FormParams) {
    const conference = this.find(accountSid, sid);
    const filters = { Muted: text(query, 'Muted'), Hold: text(query, 'Hold') };
    const participants = [...conference.participants.values()]
      .filter((p) => p.status !== 'complete' && p.status !== 'failed')
      .filter((p) => (!filters.Muted || String(p.muted) === filters.Muted) && (!filters.Hold || String(p.hold) === filters.Hold))
      .map((p) => presentParticipant(accountSid, conference, p));
    return presentPage('participants', `${accountPath(accountSid)}/Conferences/${conference.sid}/Participants.json`, participants, query, filters);
  }

  /** Dials `To` and puts the call into the conference (by SID, or by friendly name, creating it if needed). */
  @Post('Conferences/:sid/Participants.json')
  @HttpCode(201)
  createParticipant(@Param('accountSid') accountSid: string, @Param('sid') sid: string, @Body() body: FormParams) {
    const params = body ?? {};
    const conference = CONFERENCE_SID.test(sid) ? this.find(accountSid, sid) : this.emulator.rooms.open(sid);
    if (conference.status === 'completed') throw twilioErrors.notFound(`${accountPath(accountSid)}/Conferences/${sid}.json`);
    const options = {
      startConferenceOnEnter: bool(params, 'StartConferenceOnEnter') ?? true,
      endConferenceOnExit: bool(params, 'EndConferenceOnExit') ?? false,
      muted: bool(params, 'Muted') ?? false,
      label: text(params, 'Label') ?? null,
      callSidToCoach: coachingParams(params, (callSid) => conference.participants.get(callSid)?.status === 'connected') ?? null,
    };
    const callbackUrl = absoluteUrl(params, 'ConferenceStatusCallback');
    const events = list(params, 'ConferenceStatusCallbackEvent');
    const attributes = [
      `startConferenceOnEnter="${options.startConferenceOnEnter}"`,
      `endConferenceOnExit="${options.endConferenceOnExit}"`,
      `muted="${options.muted}"`,
      ...(options.label ? [`participantLabel="${escapeXml(options.label)}"`] : []),
      ...(options.callSidToCoach ? [`coach="${options.callSidToCoach}"`] : []),
      ...(callbackUrl
        ? [
            `statusCallback="${escapeXml(callbackUrl)}"`,
            `statusCallbackMethod="${oneOf(params, 'ConferenceStatusCallbackMethod', ['GET', 'POST'] as const) ?? 'POST'}"`,
            `statusCallbackEvent="${escapeXml(events.join(' ') || 'start end')}"`,
          ]
        : []),
    ];
    const twiml = `<Response><Dial><Conference ${attributes.join(' ')}>${escapeXml(conference.friendlyName)}</Conference></Dial></Response>`;
    const { Url: _url, ...rest } = params;
    const call = this.emulator.engine.placeCall(parseCreateCall({ ...rest, Twiml: twiml }));
    call.conference = { sid: conference.sid, room: conference.friendlyName };
    const participant = this.emulator.rooms.expect(conference, call.sid, { ...options, statusCallback: null });
    return presentParticipant(accountSid, conference, participant);
  }

  @Get('Conferences/:sid/Participants/:callSid.json')
  fetchParticipant(@Param('accountSid') accountSid: string, @Param('sid') sid: string, @Param('callSid') callSid: string) {
    const conference = this.find(accountSid, sid);
    return presentParticipant(accountSid, conference, this.participant(accountSid, conference, callSid));
  }

  @Post('Conferences/:sid/Participants/:callSid.json')
  @HttpCode(200)
  updateParticipant(
    @Param('accountSid') accountSid: string,
    @Param('sid') sid: string,
    @Param('callSid') callSid: string,
    @Body() body: FormParams,
  ) {
    const conference = this.find(accountSid, sid);
    const participant = this.participant(accountSid, conference, callSid);
    const muted = bool(body ?? {}, 'Muted');
    const hold = bool(body ?? {}, 'Hold');
    const callSidToCoach = coachingParams(body ?? {}, (other) => other !== callSid && conference.participants.get(other)?.status === 'connected');
    this.emulator.rooms.update(conference, participant, {
      ...(muted !== undefined ? { muted } : {}),
      ...(hold !== undefined ? { hold } : {}),
      ...(callSidToCoach !== undefined ? { callSidToCoach } : {}),
    });
    return presentParticipant(accountSid, conference, participant);
  }

  /** Removes the participant; its call goes on with the TwiML after its `<Dial>`. */
  @Delete('Conferences/:sid/Participants/:callSid.json')
  @HttpCode(204)
  deleteParticipant(@Param('accountSid') accountSid: string, @Param('sid') sid: string, @Param('callSid') callSid: string): void {
    const conference = this.find(accountSid, sid);
    this.participant(accountSid, conference, callSid);
    this.emulator.rooms.leave(conference, callSid, 'kicked');
  }

  private find(accountSid: string, sid: string): Conference {
    const conference = CONFERENCE_SID.test(sid) ? this.emulator.rooms.get(sid) : undefined;
    if (!conference) throw twilioErrors.notFound(`${accountPath(accountSid)}/Conferences/${sid}.json`);
    return conference;
  }

  private participant(accountSid: string, conference: Conference, callSid: string): Participant {
    const participant = conference.participants.get(callSid);
    if (!participant || participant.status === 'complete' || participant.status === 'failed') {
      throw twilioErrors.notFound(`${accountPath(accountSid)}/Conferences/${conference.sid}/Participants/${callSid}.json`);
    }
    return participant;
  }
}
