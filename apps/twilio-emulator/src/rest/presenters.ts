import { API_VERSION, formatPhoneNumber, rfc2822 } from '../common/twilio-format';
import { CallStatus, EmulatedCall } from '../calls/emulated-call';
import { Conference, Participant } from '../conferences/conference';

const nullableDate = (date: Date | null) => (date ? rfc2822(date) : null);

/**
 * The REST `status` of a call. `initiated` is only a callback event: while
 * Twilio dials, the resource still reads `queued` (the description's enum has
 * no `initiated`).
 */
function restStatus(status: CallStatus): CallStatus {
  return status === 'initiated' ? 'queued' : status;
}

export function accountPath(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}`;
}

/** A call resource exactly as Twilio's JSON has it (api.v2010.account.call). */
export function presentCall(call: EmulatedCall, durationSec: number) {
  const base = `${accountPath(call.accountSid)}/Calls/${call.sid}`;
  return {
    sid: call.sid,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    parent_call_sid: null,
    account_sid: call.accountSid,
    to: call.to,
    to_formatted: formatPhoneNumber(call.to),
    from: call.from,
    from_formatted: formatPhoneNumber(call.from),
    phone_number_sid: null,
    status: restStatus(call.status),
    start_time: nullableDate(call.startTime),
    end_time: nullableDate(call.endTime),
    duration: call.ended ? String(durationSec) : null,
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: call.answeredBy,
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: String(call.queueTimeMs),
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      payments: `${base}/Payments.json`,
      events: `${base}/Events.json`,
      siprec: `${base}/Siprec.json`,
      streams: `${base}/Streams.json`,
      transcriptions: `${base}/Transcriptions.json`,
      user_defined_message_subscriptions: `${base}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${base}/UserDefinedMessages.json`,
    },
  };
}

/** api.v2010.account.conference */
export function presentConference(accountSid: string, conference: Conference) {
  const base = `${accountPath(accountSid)}/Conferences/${conference.sid}`;
  return {
    account_sid: accountSid,
    date_created: rfc2822(conference.dateCreated),
    date_updated: rfc2822(conference.dateUpdated),
    api_version: API_VERSION,
    friendly_name: conference.friendlyName,
    region: 'us1',
    sid: conference.sid,
    status: conference.status,
    uri: `${base}.json`,
    subresource_uris: { participants: `${base}/Participants.json`, recordings: `${base}/Recordings.json` },
    reason_conference_ended: conference.reasonEnded,
    call_sid_ending_conference: conference.callSidEndingConference,
  };
}

/** api.v2010.account.conference.participant */
export function presentParticipant(accountSid: string, conference: Conference, participant: Participant) {
  return {
    account_sid: accountSid,
    call_sid: participant.callSid,
    label: participant.label,
    call_sid_to_coach: participant.callSidToCoach,
    coaching: participant.coaching,
    conference_sid: conference.sid,
    date_created: rfc2822(participant.dateCreated),
    date_updated: rfc2822(participant.dateUpdated),
    end_conference_on_exit: participant.options.endConferenceOnExit,
    muted: participant.muted,
    hold: participant.hold,
    start_conference_on_enter: participant.options.startConferenceOnEnter,
    status: participant.status,
    queue_time: null,
    uri: `${accountPath(accountSid)}/Conferences/${conference.sid}/Participants/${participant.callSid}.json`,
  };
}

/**
 * One page of a list resource, with Twilio's paging fields. `Page` and
 * `PageSize` (default 50, at most 1000) select it; the query's filters are
 * kept in the page URIs so the SDK's auto-paging repeats them.
 */
export function presentPage<T>(
  key: string,
  path: string,
  items: readonly T[],
  query: Record<string, unknown>,
  filters: Record<string, string | undefined>,
) {
  const pageSize = clamp(Number(query.PageSize ?? 50), 1, 1000);
  const page = clamp(Number(query.Page ?? 0), 0, Number.MAX_SAFE_INTEGER);
  const start = page * pageSize;
  const slice = items.slice(start, start + pageSize);
  const uri = (n: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) if (value !== undefined) params.set(name, value);
    params.set('PageSize', String(pageSize));
    params.set('Page', String(n));
    return `${path}?${params.toString()}`;
  };
  return {
    [key]: slice,
    end: slice.length > 0 ? start + slice.length - 1 : start,
    first_page_uri: uri(0),
    next_page_uri: start + pageSize < items.length ? uri(page + 1) : null,
    page,
    page_size: pageSize,
    previous_page_uri: page > 0 ? uri(page - 1) : null,
    start,
    uri: uri(page),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), min), max) : min;
}
