import { abandonMessageTwiml, CallSnapshot, PlaceCallRequest, TELEPHONY_ERROR_CODES, TwilioTelephonyAdapter, voicemailDropTwiml } from '@dialer/telephony';
import { startTelephonyHarness, FAST_SCENARIO, TelephonyHarness } from '../support/twilio/telephony-harness';
import { ReceivedWebhook } from '../support/twilio/webhook-receiver';
import { pollUntil } from '../support/poll';

/**
 * The product's TelephonyPort against the emulator, one outcome per number:
 * the status callbacks a dialer depends on arrive, signed and numbered.
 */
const FROM = '+15005550006';
const NUMBERS = {
  human: '+15005550101',
  machine: '+15005550102',
  busy: '+15005550103',
  noAnswer: '+15005550104',
  failed: '+15005550105',
  slowHuman: '+15005550106',
};
const TERMINAL = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];
const RFC_2822 = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

describe('TelephonyPort against the Twilio emulator', () => {
  let harness: TelephonyHarness;

  beforeAll(async () => {
    harness = await startTelephonyHarness({
      ...FAST_SCENARIO,
      numbers: {
        [NUMBERS.human]: { outcome: 'human', answerAfterSec: 3 },
        [NUMBERS.machine]: { outcome: 'machine', answerAfterSec: 5 },
        [NUMBERS.busy]: { outcome: 'busy' },
        [NUMBERS.noAnswer]: { outcome: 'no-answer' },
        [NUMBERS.failed]: { outcome: 'failed' },
        [NUMBERS.slowHuman]: { outcome: 'human', answerAfterSec: 500 },
      },
    });
    // The app's voice webhook: a voicemail for machines, a short message for people.
    harness.receiver.on('/voice', (hook) =>
      hook.params.AnsweredBy?.startsWith('machine')
        ? voicemailDropTwiml({ say: 'Sorry we missed you, please call us back.' })
        : abandonMessageTwiml({ say: 'This is Acme calling, we will call you back.' }),
    );
  });

  afterAll(() => harness.close());

  afterEach(() => expect(harness.transport.violations()).toEqual([]));

  const request = (to: string, extra: Partial<PlaceCallRequest> = {}): PlaceCallRequest => ({
    to,
    from: FROM,
    voiceUrl: harness.url('/voice'),
    statusCallbackUrl: harness.url('/status', { lead: to }),
    ...extra,
  });

  /** The status callbacks of one call, in SequenceNumber order, once the terminal one is in. */
  async function callbacksUntilEnd(call: CallSnapshot): Promise<ReceivedWebhook[]> {
    await harness.receiver.waitFor(
      () => harness.receiver.requests('/status', call.sid).some((hook) => TERMINAL.includes(hook.params.CallStatus ?? '')),
    );
    return harness.receiver
      .requests('/status', call.sid)
      .sort((a, b) => Number(a.params.SequenceNumber) - Number(b.params.SequenceNumber));
  }

  const statuses = (hooks: ReceivedWebhook[]) => hooks.map((hook) => hook.params.CallStatus);

  it('a person answers: initiated, ringing, in-progress, completed, each signed and numbered from 0', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.human));
    expect(call).toMatchObject({ status: 'queued', to: NUMBERS.human, from: FROM, direction: 'outbound-api', durationSec: null });

    const hooks = await callbacksUntilEnd(call);
    expect(statuses(hooks)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(hooks.map((hook) => hook.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    for (const hook of hooks) {
      expect(hook.signatureValid).toBe(true);
      expect(hook.originalUrl).toBe(`/status?lead=${encodeURIComponent(NUMBERS.human)}`);
      expect(hook.params).toMatchObject({
        AccountSid: harness.config.accountSid,
        CallSid: call.sid,
        CallbackSource: 'call-progress-events',
        Direction: 'outbound-api',
        ApiVersion: '2010-04-01',
        To: NUMBERS.human,
        From: FROM,
      });
      expect(hook.params.Timestamp).toMatch(RFC_2822);
    }
    const completed = hooks[3]?.params ?? {};
    expect(completed.SipResponseCode).toBe('200');
    expect(Number(completed.CallDuration)).toBeGreaterThanOrEqual(1);

    const [voice] = harness.receiver.requests('/voice', call.sid);
    expect(voice?.params).toMatchObject({ CallStatus: 'in-progress', Direction: 'outbound-api' });
    expect(voice?.params.AnsweredBy).toBeUndefined();

    // Reconciliation sees what the callbacks said.
    const fetched = await harness.telephony.fetchCall(call.sid);
    expect(fetched).toMatchObject({ sid: call.sid, status: 'completed', durationSec: Number(completed.CallDuration) });
    expect(fetched.startTime).toBeInstanceOf(Date);
    expect(fetched.endTime).toBeInstanceOf(Date);
  });

  it('a machine is detected before the voice webhook, which drops a voicemail after the beep', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.machine, { machineDetection: 'DetectMessageEnd' }));
    const hooks = await callbacksUntilEnd(call);
    expect(statuses(hooks)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);

    const [voice] = harness.receiver.requests('/voice', call.sid);
    expect(voice?.params.AnsweredBy).toMatch(/^machine_end_(beep|silence|other)$/);
    expect(Number(voice?.params.MachineDetectionDuration)).toBeGreaterThan(0);
    expect(hooks[3]?.params.AnsweredBy).toBe(voice?.params.AnsweredBy);

    const log = harness.emulator.call(call.sid);
    expect(log?.events.filter((event) => event.type === 'twiml').map((event) => 'verb' in event && event.verb)).toEqual(['Say', 'Hangup']);
    expect(log?.answeredBy).toBe(voice?.params.AnsweredBy);
  });

  it('asynchronous AMD answers at once and posts the verdict on its own', async () => {
    const call = await harness.telephony.placeCall(
      request(NUMBERS.human, { machineDetection: 'Enable', asyncAmdCallbackUrl: harness.url('/amd') }),
    );
    const [amd] = await harness.receiver.waitFor(() => harness.receiver.requests('/amd', call.sid).length > 0).then(
      () => harness.receiver.requests('/amd', call.sid),
    );
    expect(amd?.signatureValid).toBe(true);
    expect(amd?.params).toMatchObject({ CallSid: call.sid, AccountSid: harness.config.accountSid, AnsweredBy: 'human' });
    expect(Number(amd?.params.MachineDetectionDuration)).toBeGreaterThan(0);

    const [voice] = harness.receiver.requests('/voice', call.sid);
    expect(voice?.params.AnsweredBy).toBeUndefined();
    await callbacksUntilEnd(call);
  });

  it('busy: rings, then busy with SIP 486, and is never answered', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.busy));
    const hooks = await callbacksUntilEnd(call);
    expect(statuses(hooks)).toEqual(['initiated', 'ringing', 'busy']);
    expect(hooks[2]?.params).toMatchObject({ SipResponseCode: '486', CallDuration: '0' });
    expect(harness.receiver.requests('/voice', call.sid)).toEqual([]);
    expect((await harness.telephony.fetchCall(call.sid)).status).toBe('busy');
  });

  it('no answer: rings for the Timeout, then no-answer with SIP 487', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.noAnswer, { timeoutSec: 15 }));
    const hooks = await callbacksUntilEnd(call);
    expect(statuses(hooks)).toEqual(['initiated', 'ringing', 'no-answer']);
    expect(hooks[2]?.params.SipResponseCode).toBe('487');
  });

  it('a person who would answer after the Timeout is a no-answer too', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.slowHuman, { timeoutSec: 20 }));
    expect(statuses(await callbacksUntilEnd(call))).toEqual(['initiated', 'ringing', 'no-answer']);
  });

  it('failed: the number cannot be reached, no ringing, SIP 404', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.failed));
    const hooks = await callbacksUntilEnd(call);
    expect(statuses(hooks)).toEqual(['initiated', 'failed']);
    expect(hooks[1]?.params.SipResponseCode).toBe('404');
  });

  it('hangUp cancels a call that is still ringing, and hanging up twice is harmless', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.slowHuman, { timeoutSec: 600 }));
    await harness.receiver.waitFor(
      () => harness.receiver.requests('/status', call.sid).some((hook) => hook.params.CallStatus === 'ringing'),
    );
    expect((await harness.telephony.hangUp(call.sid)).status).toBe('canceled');
    expect(statuses(await callbacksUntilEnd(call))).toEqual(['initiated', 'ringing', 'canceled']);
    expect((await harness.telephony.hangUp(call.sid)).status).toBe('canceled');
  });

  it('redirectCall replaces what a live call is doing, from a URL or inline TwiML', async () => {
    harness.receiver.on('/hold', () => '<Response><Pause length="600"/></Response>');
    harness.receiver.on('/redirected', () => abandonMessageTwiml({ say: 'Connecting you now.' }));

    const first = await harness.telephony.placeCall(request(NUMBERS.human, { voiceUrl: harness.url('/hold') }));
    await harness.receiver.waitFor(() => harness.receiver.requests('/hold', first.sid).length > 0);
    expect((await harness.telephony.redirectCall(first.sid, { url: harness.url('/redirected') })).status).toBe('in-progress');
    expect(statuses(await callbacksUntilEnd(first)).at(-1)).toBe('completed');
    expect(harness.receiver.requests('/redirected', first.sid)).toHaveLength(1);

    const second = await harness.telephony.placeCall(request(NUMBERS.human, { voiceUrl: harness.url('/hold') }));
    await harness.receiver.waitFor(() => harness.receiver.requests('/hold', second.sid).length > 0);
    await harness.telephony.redirectCall(second.sid, { twiml: abandonMessageTwiml({ say: 'Goodbye.' }) });
    await callbacksUntilEnd(second);
    const verbs = harness.emulator.call(second.sid)?.events.flatMap((event) => (event.type === 'twiml' ? [event.verb] : []));
    expect(verbs).toEqual(['Pause', 'Say', 'Hangup']);
  });

  it('refuses to redirect a call that has ended', async () => {
    const call = await harness.telephony.placeCall(request(NUMBERS.failed));
    await callbacksUntilEnd(call);
    await expect(harness.telephony.redirectCall(call.sid, { twiml: '<Response/>' })).rejects.toMatchObject({
      code: TELEPHONY_ERROR_CODES.callNotInProgress,
      kind: 'conflict',
    });
  });

  it("turns Twilio's refusals into domain errors", async () => {
    await expect(harness.telephony.fetchCall('CA00000000000000000000000000000000')).rejects.toMatchObject({
      code: TELEPHONY_ERROR_CODES.callNotFound,
      kind: 'not_found',
    });
    await expect(harness.telephony.placeCall(request('not-a-number'))).rejects.toMatchObject({
      code: TELEPHONY_ERROR_CODES.requestRejected,
      details: expect.objectContaining({ twilioCode: 21211 }),
    });
    const wrongToken = new TwilioTelephonyAdapter({ ...harness.config, authToken: 'not-the-auth-token-000' });
    await expect(wrongToken.fetchCall('CA00000000000000000000000000000000')).rejects.toMatchObject({
      code: TELEPHONY_ERROR_CODES.credentialsRejected,
    });
  });

  it('reports Twilio unreachable as retryable', async () => {
    const nowhere = new TwilioTelephonyAdapter({ ...harness.config, apiBaseUrl: 'http://127.0.0.1:1' });
    const error = await nowhere.fetchCall('CA00000000000000000000000000000000').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: TELEPHONY_ERROR_CODES.unavailable, retryable: true });
  });

  it('queues calls beyond the calls-per-second limit and says for how long', async () => {
    harness.emulator.reset();
    harness.emulator.patchScenario({ cps: 0.1 }); // one call every 10 emulated seconds
    const calls: CallSnapshot[] = [];
    for (const _ of [1, 2, 3]) calls.push(await harness.telephony.placeCall(request(NUMBERS.failed)));
    const queued = calls.map((call) => call.queueTimeMs ?? -1);
    expect(queued[0]).toBe(0);
    // Each waits for the slot after the previous one, less the (emulated) time between the requests.
    expect(queued[1]).toBeGreaterThan(5_000);
    expect(queued[1]).toBeLessThanOrEqual(10_000);
    expect(queued[2]).toBeGreaterThan(15_000);
    expect(queued[2]).toBeLessThanOrEqual(20_000);
    await pollUntil(
      async () => calls.every((call) => harness.emulator.call(call.sid)?.status === 'failed'),
      (done) => done,
      { everyMs: 10 },
    );
  });
});
