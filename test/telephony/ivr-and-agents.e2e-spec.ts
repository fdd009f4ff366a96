import request from 'supertest';
import { abandonMessageTwiml, CallSnapshot, conferenceJoinTwiml, surveyQuestionTwiml } from '@dialer/telephony';
import { pollUntil } from '../support/poll';
import { FAST_SCENARIO, startTelephonyHarness, TelephonyHarness } from '../support/twilio/telephony-harness';

/**
 * What callees and agents do in the emulator: press IVR keys, hang up on
 * silence, get bridged into an agent's conference room and hung up on by the
 * simulated agent after its talk time.
 */
const FROM = '+15005550006';
const NUMBERS = {
  surveyed: '+15005550301',
  silent: '+15005550302',
  impatient: '+15005550303',
  bridged: '+15005550304',
  hangsUpFirst: '+15005550305',
  redirected: '+15005550306',
  limited: '+15005550307',
};

type AgentView = { identity: string; state: string; callSid: string; room: string | null; callsHandled: number; talkingTo: string[] };

describe('IVR callees and simulated agents', () => {
  let harness: TelephonyHarness;

  beforeAll(async () => {
    harness = await startTelephonyHarness({
      ...FAST_SCENARIO,
      numbers: {
        [NUMBERS.surveyed]: { outcome: 'human', answerAfterSec: 2, digits: ['4', '', '2'] },
        [NUMBERS.silent]: { outcome: 'human', answerAfterSec: 2, hangUpAfterSilenceSec: 3 },
        [NUMBERS.impatient]: { outcome: 'human', answerAfterSec: 2, hangUpAfterSilenceSec: 1 },
        [NUMBERS.bridged]: { outcome: 'human', answerAfterSec: 2 },
        [NUMBERS.hangsUpFirst]: { outcome: 'human', answerAfterSec: 2, hangUpAfterTalkSec: 5 },
        [NUMBERS.redirected]: { outcome: 'human', answerAfterSec: 2 },
        [NUMBERS.limited]: { outcome: 'human', answerAfterSec: 2 },
      },
    });
  });

  afterAll(() => harness.close());

  afterEach(() => expect(harness.transport.violations()).toEqual([]));

  const place = (to: string, voicePath: string, extra: Partial<Parameters<TelephonyHarness['telephony']['placeCall']>[0]> = {}) =>
    harness.telephony.placeCall({ to, from: FROM, voiceUrl: harness.url(voicePath), statusCallbackUrl: harness.url('/status'), ...extra });

  const completed = (call: CallSnapshot) =>
    harness.receiver.waitFor(() =>
      harness.receiver.requests('/status', call.sid).some((hook) => hook.params.CallStatus === 'completed'),
    );

  const control = () => request(harness.emulator.url);

  it('a survey callee presses the scripted key at each question, nothing included', async () => {
    // Question n posts to the next relative URL; the document URL resolves it.
    harness.receiver.on('/survey', (hook) => {
      const question = Number(new URL(hook.originalUrl, harness.receiver.url).searchParams.get('q') ?? 0);
      if (question === 3) return abandonMessageTwiml({ say: 'Thank you, goodbye.' });
      return surveyQuestionTwiml({
        question: { say: `Question ${question + 1}: press 1 to 5.` },
        actionUrl: `survey?q=${question + 1}`,
        timeoutSec: 3,
      });
    });
    const call = await place(NUMBERS.surveyed, '/survey');
    await completed(call);

    const answers = harness.receiver.requests('/survey', call.sid).map((hook) => [hook.originalUrl, hook.params.Digits]);
    expect(answers).toEqual([
      ['/survey', undefined],
      ['/survey?q=1', '4'],
      ['/survey?q=2', ''],
      ['/survey?q=3', '2'],
    ]);
    expect(harness.receiver.requests('/survey', call.sid).every((hook) => hook.signatureValid)).toBe(true);
  });

  it('records what the callee says and posts the recording to the action; a recorded call reports its recording', async () => {
    harness.receiver.on('/record', () => '<Response><Say>Please leave a message.</Say><Record action="/recorded" timeout="2"/></Response>');
    harness.receiver.on('/recorded', () => '<Response><Hangup/></Response>');
    const call = await place(NUMBERS.surveyed, '/record', { record: true });
    await completed(call);

    const [recorded] = harness.receiver.requests('/recorded', call.sid);
    expect(recorded?.signatureValid).toBe(true);
    expect(recorded?.params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(recorded?.params.RecordingUrl).toBe(`${harness.emulator.url}/2010-04-01/Accounts/${harness.config.accountSid}/Recordings/${recorded?.params.RecordingSid}`);
    expect(Number(recorded?.params.RecordingDuration)).toBeGreaterThan(0);

    const end = harness.receiver.requests('/status', call.sid).find((hook) => hook.params.CallStatus === 'completed');
    expect(end?.params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(end?.params.RecordingDuration).toBe(end?.params.CallDuration);
  });

  it('follows a <Redirect> to a relative URL: the next document is fetched, signed, and run', async () => {
    // /flow/start redirects (POST) to "next?step=2", resolved against /flow/start;
    // that one redirects by GET to "last", whose parameters travel in the query string.
    harness.receiver.on('/flow/start', () => '<Response><Say>One moment.</Say><Redirect>next?step=2</Redirect></Response>');
    harness.receiver.on('/flow/next', () => '<Response><Redirect method="GET">last</Redirect></Response>');
    harness.receiver.on('/flow/last', () => '<Response><Say>Goodbye.</Say><Hangup/></Response>');
    const call = await place(NUMBERS.redirected, '/flow/start');
    await completed(call);

    const fetched = harness.receiver.requests('/flow/', call.sid);
    expect(fetched.map((hook) => [hook.method, hook.path])).toEqual([
      ['POST', '/flow/start'],
      ['POST', '/flow/next'],
      ['GET', '/flow/last'],
    ]);
    expect(fetched[1]?.originalUrl).toBe('/flow/next?step=2');
    expect(fetched[2]?.originalUrl).toMatch(/^\/flow\/last\?.*CallSid=CA[0-9a-f]{32}/);
    for (const hook of fetched) {
      expect(hook.signatureValid).toBe(true);
      expect(hook.params).toMatchObject({ CallSid: call.sid, CallStatus: 'in-progress', To: NUMBERS.redirected });
    }
    const log = harness.emulator.call(call.sid);
    expect(log?.endedBy).toBe('twiml');
    expect(log?.events.filter((event) => event.type === 'twiml').map((event) => (event.type === 'twiml' ? [event.verb, event.text] : null))).toEqual([
      ['Say', 'One moment.'],
      ['Redirect', 'next?step=2'],
      ['Redirect', 'last'],
      ['Say', 'Goodbye.'],
      ['Hangup', undefined],
    ]);
  });

  it('hangs up a call still in progress after its TimeLimit, as completed', async () => {
    harness.receiver.on('/hold', () => '<Response><Pause length="600"/></Response>');
    const created = await harness.twilio.calls.create({
      to: NUMBERS.limited,
      from: FROM,
      url: harness.url('/hold'),
      statusCallback: harness.url('/status'),
      statusCallbackEvent: ['answered', 'completed'],
      timeLimit: 30,
    });
    await harness.receiver.waitFor(() =>
      harness.receiver.requests('/status', created.sid).some((hook) => hook.params.CallStatus === 'completed'),
    );
    const end = harness.receiver.requests('/status', created.sid).find((hook) => hook.params.CallStatus === 'completed');
    expect(end?.params).toMatchObject({ CallDuration: '30', SipResponseCode: '200' });
    const log = harness.emulator.call(created.sid);
    expect(log).toMatchObject({ status: 'completed', endedBy: 'time-limit', durationSec: 30 });
    expect((await harness.twilio.calls(created.sid).fetch()).status).toBe('completed');
  });

  it('a live callee left in silence hangs up', async () => {
    harness.receiver.on('/silence', () => '<Response><Pause length="60"/></Response>');
    const call = await place(NUMBERS.silent, '/silence');
    await completed(call);
    const log = harness.emulator.call(call.sid);
    expect(log?.endedBy).toBe('callee');
    expect(log?.events).toContainEqual(expect.objectContaining({ type: 'callee', action: 'hung-up', detail: 'hung up after 3.0 s of silence' }));
  });

  it('synchronous AMD costs a live callee silence: an impatient one hangs up before the voice webhook', async () => {
    const call = await place(NUMBERS.impatient, '/voice', { machineDetection: 'Enable' });
    await completed(call);
    expect(harness.receiver.requests('/voice', call.sid)).toEqual([]);
    expect(harness.emulator.call(call.sid)?.endedBy).toBe('callee');
  });

  describe('an agent in its conference room', () => {
    const agentsOf = async () => (await control().get('/_emulator/agents').expect(200)).body as AgentView[];
    const agent = async () => (await agentsOf()).find((view) => view.identity === 'agent_7');

    beforeAll(async () => {
      harness.receiver.on('/agent-voice', () =>
        conferenceJoinTwiml({ room: 'agent-7', role: 'agent', statusCallbackUrl: harness.url('/conference') }),
      );
      harness.receiver.on('/bridge', () => conferenceJoinTwiml({ room: 'agent-7', role: 'callee', before: [{ say: 'This call may be recorded.' }] }));
    });

    it('connects like a Voice SDK client and waits in its room', async () => {
      const connected = await control()
        .post('/_emulator/agents')
        .send({ identity: 'agent_7', voiceUrl: harness.url('/agent-voice'), talkTimeSec: 20, params: { agentId: '7' } })
        .expect(201);
      expect(connected.body).toMatchObject({ identity: 'agent_7', state: 'connecting' });

      await pollUntil(agent, (view) => view?.state === 'available', { everyMs: 10 });
      const [voice] = harness.receiver.requests('/agent-voice');
      expect(voice?.signatureValid).toBe(true);
      expect(voice?.params).toMatchObject({
        CallSid: connected.body.callSid,
        From: 'client:agent_7',
        Caller: 'client:agent_7',
        Direction: 'inbound',
        CallStatus: 'ringing',
        agentId: '7',
      });

      const before = await agent();
      await control()
        .post('/_emulator/agents')
        .send({ identity: 'agent_7', voiceUrl: harness.url('/agent-voice') })
        .expect(409);
      // The refused second connection changed nothing: the same agent, on the same call, and no second agent call placed.
      expect(await agent()).toEqual(before);
      expect(harness.receiver.requests('/agent-voice')).toHaveLength(1);
    });

    it('takes a bridged callee and ends the call after its talk time; then waits for the next', async () => {
      const call = await place(NUMBERS.bridged, '/bridge');
      await pollUntil(agent, (view) => view?.state === 'talking', { everyMs: 10 });
      expect((await agent())?.talkingTo).toEqual([call.sid]);

      // The REST view a reconciler would use: the room and who is in it.
      const [room] = await harness.twilio.conferences.list({ friendlyName: 'agent-7', status: 'in-progress' });
      expect(room?.friendlyName).toBe('agent-7');
      const participants = await harness.twilio.conferences(room?.sid ?? '').participants.list();
      expect(participants.map((p) => p.callSid).sort()).toEqual([call.sid, (await agent())?.callSid].sort());

      await completed(call);
      const log = harness.emulator.call(call.sid);
      expect(log?.endedBy).toBe('agent');
      expect(log?.durationSec).toBeGreaterThanOrEqual(20);
      const view = await pollUntil(agent, (found) => found?.state === 'available', { everyMs: 10 });
      expect(view?.callsHandled).toBe(1);

      // Conference events, in order, for the room's owner (who asked for them).
      await harness.receiver.waitFor(() =>
        harness.receiver.requests('/conference').some((hook) => hook.params.StatusCallbackEvent === 'participant-leave'),
      );
      const events = harness.receiver
        .requests('/conference')
        .sort((a, b) => Number(a.params.SequenceNumber) - Number(b.params.SequenceNumber))
        .map((hook) => [hook.params.StatusCallbackEvent, hook.params.CallSid]);
      expect(events).toEqual([
        ['participant-join', view?.callSid],
        ['conference-start', undefined],
        ['participant-join', call.sid],
        ['participant-leave', call.sid],
      ]);
      expect(harness.receiver.requests('/conference').every((hook) => hook.signatureValid && hook.params.FriendlyName === 'agent-7')).toBe(true);
    });

    it('stays available when the callee hangs up first', async () => {
      const call = await place(NUMBERS.hangsUpFirst, '/bridge');
      await completed(call);
      expect(harness.emulator.call(call.sid)?.endedBy).toBe('callee');
      const view = await pollUntil(agent, (found) => found?.state === 'available', { everyMs: 10 });
      expect(view?.callsHandled).toBe(2);
    });

    it('closes its room when it disconnects', async () => {
      const left = await control().delete('/_emulator/agents/agent_7').expect(200);
      expect(left.body.state).toBe('disconnected');
      await harness.receiver.waitFor(() =>
        harness.receiver.requests('/conference').some((hook) => hook.params.StatusCallbackEvent === 'conference-end'),
      );
      const end = harness.receiver.requests('/conference').find((hook) => hook.params.StatusCallbackEvent === 'conference-end');
      expect(end?.params).toMatchObject({
        ReasonConferenceEnded: 'participant-with-end-conference-on-exit-left',
        CallSidEndingConference: left.body.callSid,
      });
      await control().delete('/_emulator/agents/nobody').expect(404);
    });
  });
});
