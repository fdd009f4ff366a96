import type { Twilio } from 'twilio';
import { DomainError } from '@dialer/core';
import type { CallInstance } from 'twilio/lib/rest/api/v2010/account/call';
import { TELEPHONY_ERROR_CODES, toTelephonyError } from '../telephony.errors';
import {
  AgentAccessToken,
  ANSWERED_BY_VALUES,
  AnsweredBy,
  CALL_STATUSES,
  CallRedirect,
  CallSnapshot,
  CallStatus,
  PlaceCallRequest,
  RoomParticipant,
  STATUS_CALLBACK_EVENTS,
  TelephonyPort,
} from '../telephony.port';
import { integerOrNull, oneOf } from '../values/twilio-values';
import type { MonitorAttributes } from '../monitoring/monitor-mode';
import { issueAgentAccessToken } from './agent-access-token';
import { createTwilioClient, TwilioConfig } from './twilio-client.factory';

/** The TelephonyPort on Twilio's REST API, through the official SDK and one client per process. */
export class TwilioTelephonyAdapter implements TelephonyPort {
  private readonly client: Twilio;

  constructor(
    private readonly config: TwilioConfig,
    client?: Twilio,
  ) {
    this.client = client ?? createTwilioClient(config);
  }

  async placeCall(request: PlaceCallRequest): Promise<CallSnapshot> {
    // Async AMD is meaningless without AMD: asking for its callback switches detection on.
    const machineDetection = request.machineDetection ?? (request.asyncAmdCallbackUrl ? 'Enable' : undefined);
    try {
      const call = await this.client.calls.create({
        to: request.to,
        from: request.from,
        url: request.voiceUrl,
        method: 'POST',
        statusCallback: request.statusCallbackUrl,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: [...(request.statusCallbackEvents ?? STATUS_CALLBACK_EVENTS)],
        ...(machineDetection ? { machineDetection } : {}),
        ...(request.asyncAmdCallbackUrl
          ? { asyncAmd: 'true', asyncAmdStatusCallback: request.asyncAmdCallbackUrl, asyncAmdStatusCallbackMethod: 'POST' }
          : {}),
        ...(request.timeoutSec !== undefined ? { timeout: request.timeoutSec } : {}),
        ...(request.record ? { record: true } : {}),
      });
      return toSnapshot(call);
    } catch (error) {
      throw toTelephonyError(error, 'placeCall');
    }
  }

  async redirectCall(callSid: string, to: CallRedirect): Promise<CallSnapshot> {
    try {
      const update = 'twiml' in to ? { twiml: to.twiml } : { url: to.url, method: 'POST' };
      return toSnapshot(await this.client.calls(callSid).update(update));
    } catch (error) {
      throw toTelephonyError(error, 'redirectCall');
    }
  }

  async hangUp(callSid: string): Promise<CallSnapshot> {
    try {
      // `completed` ends a live call and cancels a queued or ringing one.
      return toSnapshot(await this.client.calls(callSid).update({ status: 'completed' }));
    } catch (error) {
      const domainError = toTelephonyError(error, 'hangUp');
      // Already over: hanging up twice is not a failure.
      if (domainError.code === TELEPHONY_ERROR_CODES.callNotInProgress) return this.fetchCall(callSid);
      throw domainError;
    }
  }

  async cancelCall(callSid: string): Promise<CallSnapshot> {
    try {
      // Unlike `completed`, `canceled` never cuts a call already answered (Twilio leaves it as it is).
      return toSnapshot(await this.client.calls(callSid).update({ status: 'canceled' }));
    } catch (error) {
      const domainError = toTelephonyError(error, 'cancelCall');
      if (domainError.code === TELEPHONY_ERROR_CODES.callNotInProgress) return this.fetchCall(callSid);
      throw domainError;
    }
  }

  async fetchCall(callSid: string): Promise<CallSnapshot> {
    try {
      return toSnapshot(await this.client.calls(callSid).fetch());
    } catch (error) {
      throw toTelephonyError(error, 'fetchCall');
    }
  }

  issueAgentToken(identity: string, ttlSec?: number): AgentAccessToken {
    return issueAgentAccessToken(this.config, identity, ttlSec);
  }

  async hasParticipant(room: string, label: string): Promise<boolean> {
    return (await this.participantCallSid(room, label, 'hasParticipant')) !== null;
  }

  async participantCallSid(room: string, label: string, operation = 'participantCallSid'): Promise<string | null> {
    return (await this.participants(room, operation)).find((participant) => participant.label === label)?.callSid ?? null;
  }

  async participants(room: string, operation = 'participants'): Promise<RoomParticipant[]> {
    try {
      const conferenceSid = await this.liveConferenceSid(room);
      if (!conferenceSid) return [];
      const participants = await this.client.conferences(conferenceSid).participants.list({ limit: 50 });
      return participants.map((participant) => ({ callSid: participant.callSid, label: participant.label ?? null }));
    } catch (error) {
      throw toTelephonyError(error, operation);
    }
  }

  async updateParticipant(room: string, callSid: string, attributes: MonitorAttributes): Promise<void> {
    try {
      const conferenceSid = await this.liveConferenceSid(room);
      if (!conferenceSid) throw new DomainError(TELEPHONY_ERROR_CODES.callNotFound, `No live conference ${room}`, 'not_found', { room });
      // Coaching=false clears the call coached; CallSidToCoach is sent only with Coaching=true, as Twilio requires.
      await this.client.conferences(conferenceSid).participants(callSid).update({
        muted: attributes.muted,
        coaching: attributes.callSidToCoach !== null,
        ...(attributes.callSidToCoach ? { callSidToCoach: attributes.callSidToCoach } : {}),
      });
    } catch (error) {
      throw toTelephonyError(error, 'updateParticipant');
    }
  }

  private async liveConferenceSid(room: string): Promise<string | null> {
    const [conference] = await this.client.conferences.list({ friendlyName: room, status: 'in-progress', limit: 1 });
    return conference?.sid ?? null;
  }
}

function toSnapshot(call: CallInstance): CallSnapshot {
  return {
    sid: call.sid,
    status: knownStatus(call),
    to: call.to,
    from: call.from,
    direction: call.direction,
    answeredBy: oneOf<AnsweredBy>(ANSWERED_BY_VALUES, call.answeredBy),
    startTime: validDate(call.startTime),
    endTime: validDate(call.endTime),
    durationSec: integerOrNull(call.duration),
    queueTimeMs: integerOrNull(call.queueTime),
    parentCallSid: call.parentCallSid ?? null,
  };
}

function knownStatus(call: CallInstance): CallStatus {
  const status = oneOf(CALL_STATUSES, call.status);
  if (status) return status;
  throw new DomainError('TELEPHONY_UNEXPECTED_RESPONSE', `Twilio reported call ${call.sid} as "${call.status}"`, 'unavailable', {
    sid: call.sid,
  });
}

/** The SDK hands back the raw value when a date does not parse, and null when absent. */
function validDate(value: unknown): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}
