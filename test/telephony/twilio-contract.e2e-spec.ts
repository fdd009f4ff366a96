import { RestException } from 'twilio';
import { createTwilioClient } from '@dialer/telephony';
import { pollUntil } from '../support/poll';
import { FAST_SCENARIO, startTelephonyHarness, TelephonyHarness } from '../support/twilio/telephony-harness';

/**
 * Every REST operation the emulator implements, driven through the official
 * SDK (which must parse each answer) and checked against Twilio's OpenAPI
 * description plus our required fields.
 */
const FROM = '+15005550006';
const HUMAN = '+15005550401';
const OTHER_HUMAN = '+15005550402';
const LISTED = '+15005550403';

const IMPLEMENTED_OPERATIONS = [
  'CreateCall',
  'CreateParticipant',
  'DeleteParticipant',
  'FetchCall',
  'FetchConference',
  'FetchParticipant',
  'ListCall',
  'ListConference',
  'ListParticipant',
  'UpdateCall',
  'UpdateConference',
  'UpdateParticipant',
];

describe("Twilio's REST API as the emulator serves it", () => {
  let harness: TelephonyHarness;

  beforeAll(async () => {
    harness = await startTelephonyHarness({
      ...FAST_SCENARIO,
      numbers: {
        [HUMAN]: { outcome: 'human', answerAfterSec: 2 },
        [OTHER_HUMAN]: { outcome: 'human', answerAfterSec: 2 },
        [LISTED]: { outcome: 'busy' },
      },
    });
    harness.receiver.on('/voice', () => '<Response><Pause length="600"/></Response>');
  });

  afterAll(async () => {
    expect(harness.transport.violations()).toEqual([]);
    expect(harness.transport.operationsSeen()).toEqual(IMPLEMENTED_OPERATIONS);
    await harness.close();
  });

  it('creates, fetches, redirects and ends calls, and the SDK parses each answer', async () => {
    const { twilio } = harness;
    const created = await twilio.calls.create({
      to: HUMAN,
      from: FROM,
      url: harness.url('/voice'),
      method: 'GET',
      statusCallback: harness.url('/status'),
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
    });
    expect(created).toMatchObject({ to: HUMAN, from: FROM, status: 'queued', direction: 'outbound-api', apiVersion: '2010-04-01', queueTime: '0' });
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/);

    // A GET voice webhook carries its parameters in the query string, and the signature covers them.
    const [voice] = await harness.receiver
      .waitFor(() => harness.receiver.requests('/voice', created.sid).length > 0)
      .then(() => harness.receiver.requests('/voice', created.sid));
    expect(voice).toMatchObject({ method: 'GET', signatureValid: true });
    expect(voice?.originalUrl).toContain(`CallSid=${created.sid}`);

    const live = await twilio.calls(created.sid).fetch();
    expect(live.status).toBe('in-progress');
    expect(live.startTime).toBeInstanceOf(Date);

    const redirected = await twilio.calls(created.sid).update({ twiml: '<Response><Say>Moving on.</Say><Pause length="600"/></Response>' });
    expect(redirected.status).toBe('in-progress');
    const ended = await twilio.calls(created.sid).update({ status: 'completed' });
    expect(ended.status).toBe('completed');
    expect(ended.endTime).toBeInstanceOf(Date);
    expect(Number(ended.duration)).toBeGreaterThanOrEqual(0);

    const inline = await twilio.calls.create({ to: HUMAN, from: FROM, twiml: '<Response><Hangup/></Response>' });
    const canceled = await twilio.calls(inline.sid).update({ status: 'canceled' });
    expect(canceled.status).toBe('canceled');
  });

  it('lists calls newest first, filtered, across pages', async () => {
    const sids: string[] = [];
    for (const _ of [1, 2, 3, 4, 5]) {
      sids.push((await harness.twilio.calls.create({ to: LISTED, from: FROM, url: harness.url('/voice') })).sid);
    }
    const listed = await harness.twilio.calls.list({ to: LISTED, pageSize: 2 });
    expect(listed.map((call) => call.sid)).toEqual([...sids].reverse());

    const page = await harness.twilio.calls.page({ to: LISTED, pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    expect(page.nextPageUrl).toContain('Page=1');
  });

  it('bridges through the conference resources: add, list, mute, hold, remove participants and end the room', async () => {
    const { twilio } = harness;
    const events = ['start', 'end', 'join', 'leave', 'mute', 'hold'];
    const add = (to: string, label: string) =>
      twilio.conferences('team-room').participants.create({
        from: FROM,
        to,
        label,
        endConferenceOnExit: false,
        statusCallback: harness.url('/participant-status'),
        conferenceStatusCallback: harness.url('/conference'),
        conferenceStatusCallbackEvent: events,
      });

    const first = await add(HUMAN, 'lead-1');
    expect(first).toMatchObject({ label: 'lead-1', status: 'queued', muted: false, hold: false, endConferenceOnExit: false });
    const [room] = await twilio.conferences.list({ friendlyName: 'team-room' });
    expect(room).toMatchObject({ friendlyName: 'team-room', sid: first.conferenceSid });

    const second = await add(OTHER_HUMAN, 'lead-2');
    const conference = twilio.conferences(first.conferenceSid);
    await pollUntil(
      async () => (await conference.participants.list()).map((p) => p.status),
      (statuses) => statuses.length === 2 && statuses.every((status) => status === 'connected'),
      { everyMs: 20 },
    );
    expect((await conference.fetch()).status).toBe('in-progress');

    const muted = await conference.participants(first.callSid).update({ muted: true, hold: true });
    expect(muted).toMatchObject({ muted: true, hold: true });
    expect(await conference.participants(first.callSid).fetch()).toMatchObject({ callSid: first.callSid, muted: true, hold: true });
    expect((await conference.participants.list({ muted: true })).map((p) => p.callSid)).toEqual([first.callSid]);

    expect(await conference.participants(second.callSid).remove()).toBe(true);
    // Out of the room, the second call has no TwiML left and ends.
    await pollUntil(async () => (await twilio.calls(second.callSid).fetch()).status, (status) => status === 'completed', { everyMs: 20 });
    expect((await conference.participants.list()).map((p) => p.callSid)).toEqual([first.callSid]);

    const ended = await conference.update({ status: 'completed' });
    expect(ended).toMatchObject({ status: 'completed', reasonConferenceEnded: 'conference-ended-via-api' });
    await pollUntil(async () => (await twilio.calls(first.callSid).fetch()).status, (status) => status === 'completed', { everyMs: 20 });

    await harness.receiver.waitFor(() =>
      harness.receiver.requests('/conference').some((hook) => hook.params.StatusCallbackEvent === 'conference-end'),
    );
    const seen = harness.receiver
      .requests('/conference')
      .sort((a, b) => Number(a.params.SequenceNumber) - Number(b.params.SequenceNumber))
      .map((hook) => hook.params.StatusCallbackEvent);
    expect(seen).toEqual([
      'participant-join',
      'conference-start',
      'participant-join',
      'participant-mute',
      'participant-hold',
      'participant-leave',
      'participant-leave',
      'conference-end',
    ]);
    expect(harness.receiver.requests('/conference').every((hook) => hook.signatureValid)).toBe(true);
  });

  it('coaches through the participant resource and the TwiML coach attribute: listen, whisper, barge', async () => {
    const { twilio } = harness;
    const add = (to: string, label: string, extra: { muted?: boolean; coaching?: boolean; callSidToCoach?: string } = {}) =>
      twilio.conferences('coach-room').participants.create({
        from: FROM,
        to,
        label,
        conferenceStatusCallback: harness.url('/coach-conference'),
        conferenceStatusCallbackEvent: ['join', 'modify'],
        ...extra,
      });
    const agent = await add(HUMAN, 'agent');
    await add(OTHER_HUMAN, 'callee');
    const conference = twilio.conferences(agent.conferenceSid);
    const connected = (count: number) =>
      pollUntil(
        async () => (await conference.participants.list()).filter((p) => p.status === 'connected').length,
        (n) => n === count,
        { everyMs: 20 },
      );
    await connected(2);

    // Listen: muted, coaching nobody.
    const supervisor = await add(HUMAN, 'monitor', { muted: true });
    expect(supervisor).toMatchObject({ muted: true, coaching: false, callSidToCoach: null });
    await connected(3);
    // Whisper: heard by the agent alone.
    const whisper = await conference.participants(supervisor.callSid).update({ muted: false, coaching: true, callSidToCoach: agent.callSid });
    expect(whisper).toMatchObject({ muted: false, coaching: true, callSidToCoach: agent.callSid });
    expect((await conference.participants.list()).find((p) => p.callSid === supervisor.callSid)).toMatchObject({ coaching: true, callSidToCoach: agent.callSid });
    // Barge: heard by both.
    expect(await conference.participants(supervisor.callSid).update({ coaching: false })).toMatchObject({ muted: false, coaching: false, callSidToCoach: null });

    const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
    expect(await failure(conference.participants(supervisor.callSid).update({ coaching: true }))).toMatchObject({ status: 400, code: 20001 });
    expect(await failure(conference.participants(supervisor.callSid).update({ callSidToCoach: supervisor.callSid }))).toMatchObject({ status: 400, code: 20001 });

    // A leg joining with <Conference coach="CA…"> coaches that call from the start.
    const coach = await twilio.calls.create({
      to: HUMAN,
      from: FROM,
      twiml: `<Response><Dial><Conference coach="${agent.callSid}" participantLabel="coach">coach-room</Conference></Dial></Response>`,
    });
    await connected(4);
    expect(await conference.participants(coach.sid).fetch()).toMatchObject({ label: 'coach', coaching: true, callSidToCoach: agent.callSid, muted: false });
    // coach= naming a call not in the room coaches nobody, and the leg is muted: a lost whisper is heard by none.
    const stray = await twilio.calls.create({
      to: HUMAN,
      from: FROM,
      twiml: `<Response><Dial><Conference coach="CA${'0'.repeat(32)}" participantLabel="stray">coach-room</Conference></Dial></Response>`,
    });
    await connected(5);
    expect(await conference.participants(stray.sid).fetch()).toMatchObject({ label: 'stray', coaching: false, callSidToCoach: null, muted: true });

    await harness.receiver.waitFor(() => harness.receiver.requests('/coach-conference').some((hook) => hook.params.StatusCallbackEvent === 'participant-modify'));
    const modifies = harness.receiver.requests('/coach-conference').filter((hook) => hook.params.StatusCallbackEvent === 'participant-modify');
    expect(modifies[0]?.params).toMatchObject({ CallSid: supervisor.callSid, Coaching: 'true', CallSidToCoach: agent.callSid });
    await conference.update({ status: 'completed' });
  });

  it("answers errors in Twilio's shape, which the SDK raises as RestException", async () => {
    const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

    const missing = await failure(harness.twilio.calls('CA00000000000000000000000000000000').fetch());
    expect(missing).toBeInstanceOf(RestException);
    expect(missing).toMatchObject({ status: 404, code: 20404, moreInfo: 'https://www.twilio.com/docs/errors/20404' });

    expect(await failure(harness.twilio.calls.create({ to: '', from: FROM, url: harness.url('/voice') }))).toMatchObject({
      status: 400,
      code: 21201,
    });
    expect(await failure(harness.twilio.calls.create({ to: HUMAN, from: FROM }))).toMatchObject({ status: 400, code: 21205 });
    const badEvent = harness.twilio.calls.create({
      to: HUMAN,
      from: FROM,
      url: harness.url('/voice'),
      statusCallback: harness.url('/status'),
      statusCallbackEvent: ['picked-up'],
    });
    expect(await failure(badEvent)).toMatchObject({ status: 400, code: 21626 });
    expect(await failure(harness.twilio.conferences('CF00000000000000000000000000000000').fetch())).toMatchObject({
      status: 404,
      code: 20404,
    });

    const stranger = createTwilioClient({ ...harness.config, authToken: 'not-the-right-token-000' }, harness.transport);
    expect(await failure(stranger.calls.list({ limit: 1 }))).toMatchObject({ status: 401, code: 20003 });
  });
});
