import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  ANSWER_STEP,
  CALL_FLOW_POLICY,
  CallAttemptsService,
  CallEventsStream,
  CallFlowPolicy,
  conferenceStatusCallbackUrl,
  FlowCall,
  GatherInput,
} from '@dialer/calls';
import { loadConfig } from '@dialer/core';
import { conferenceJoinTwiml, hangUpTwiml, surveyQuestionTwiml } from '@dialer/telephony';
import { createTestContext, TestContext } from '@dialer/testing';
import { EmulatorHandle, startEmulator } from '../../apps/twilio-emulator/src/start-emulator';
import { RunningApi, startApi } from '../support/apps';
import { seedAttempts, SeededAttempt } from '../support/calls/seed-attempts';
import { pollUntil } from '../support/poll';
import { postSigned } from '../support/twilio/signed-webhook';
import { FAST_SCENARIO } from '../support/twilio/telephony-harness';
import { WebhookReceiver } from '../support/twilio/webhook-receiver';

/**
 * The voice, gather and conference webhooks around the call flow policy: the
 * same TwiML for every retry, the policy asked once per step, a failing
 * policy retried by Twilio, the default policy hanging up, and the callee's
 * join of an agent's room recorded as "connected".
 */
const NUMBERS = { surveyed: '+15005550401', retried: '+15005550402', failing: '+15005550403', bridged: '+15005550404', plain: '+15005550405' };
const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;

describe('Twilio voice, gather and conference webhooks (e2e)', () => {
  let emulator: EmulatorHandle;
  let ctx: TestContext;
  let api: RunningApi;
  let db: Client;
  let agentApp: WebhookReceiver;
  let attempts: SeededAttempt[];
  let policy: CallFlowPolicy;
  let nextAttempt = 0;
  const authToken = loadConfig({}).twilio.authToken;

  beforeAll(async () => {
    const { accountSid } = loadConfig({}).twilio;
    emulator = await startEmulator({
      accountSid,
      authToken,
      scenario: {
        ...FAST_SCENARIO,
        seed: 11,
        cps: 50,
        numbers: {
          [NUMBERS.surveyed]: { outcome: 'human', answerAfterSec: 2, digits: ['3', '5'] },
          [NUMBERS.retried]: { outcome: 'human', answerAfterSec: 2 },
          [NUMBERS.failing]: { outcome: 'human', answerAfterSec: 2 },
          [NUMBERS.bridged]: { outcome: 'human', answerAfterSec: 2 },
          [NUMBERS.plain]: { outcome: 'human', answerAfterSec: 2 },
        },
      },
    });
    ctx = await createTestContext({ TWILIO_API_BASE_URL: emulator.url });
    // Each number once per campaign: a number has one live call per campaign.
    attempts = await seedAttempts(ctx.database.url, { campaigns: 4, attemptsPerCampaign: Object.keys(NUMBERS).length, phones: Object.values(NUMBERS) });
    api = await startApi(ctx.config);
    ctx.config.api.publicBaseUrl = api.url;
    policy = api.app.get<CallFlowPolicy>(CALL_FLOW_POLICY);
    db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    agentApp = await WebhookReceiver.start(authToken);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    emulator.patchScenario({ webhooks: { voiceRetryProbability: 0 } });
  });

  afterAll(async () => {
    await db?.end();
    await agentApp?.close();
    await api?.close();
    await emulator?.close();
    await ctx?.cleanup();
  });

  /** An unused seeded attempt that dials `phone`. */
  const attemptFor = (phone: string) => {
    const attempt = attempts.slice(nextAttempt).find((candidate) => candidate.phone === phone)!;
    nextAttempt = attempts.indexOf(attempt) + 1;
    return attempt;
  };
  const place = (attempt: SeededAttempt) => api.app.get(CallAttemptsService).placeCall(attempt.id);
  const stateOf = async (attemptId: string) =>
    (await db.query('select state, connected_at, answered_at from call_attempts where id = $1', [attemptId])).rows[0];
  const ended = (attemptId: string) => pollUntil(() => stateOf(attemptId), (row) => row.state === 'completed', { everyMs: 20 });
  const deliveries = (sid: string, kind: string) =>
    (emulator.call(sid)?.events ?? []).flatMap((event) => (event.type === 'webhook' && event.delivery.kind === kind ? [event.delivery] : []));

  it('hangs up an answered call when no dialer flow is attached, and says so', async () => {
    const attempt = attemptFor(NUMBERS.plain);
    const call = await place(attempt);
    await ended(attempt.id);
    const [voice] = deliveries(call.sid, 'voice');
    expect(voice?.response).toMatchObject({ status: 200, body: hangUpTwiml() });
    expect(voice?.response?.contentType).toMatch(/^text\/xml/);
  });

  it('answers Twilio’s retry of a voice request with the very same TwiML, asking the policy once', async () => {
    emulator.patchScenario({ webhooks: { voiceRetryProbability: 1 } });
    const onAnswer = jest.spyOn(policy, 'onAnswer').mockImplementation(async () => xml(`<Say>Reference ${randomUUID()}</Say><Hangup/>`));
    const attempt = attemptFor(NUMBERS.retried);
    const call = await place(attempt);
    await ended(attempt.id);

    const [voice] = deliveries(call.sid, 'voice');
    expect(voice?.attempts).toHaveLength(2);
    expect(voice?.attempts[0]).toMatchObject({ discarded: true, status: 200 });
    expect(voice?.attempts[1]?.body).toBe(voice?.attempts[0]?.body);
    expect(onAnswer).toHaveBeenCalledTimes(1);
  });

  it('returns one document to concurrent copies of a request, in whatever order they finish', async () => {
    let calls = 0;
    jest.spyOn(policy, 'onAnswer').mockImplementation(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return xml(`<Say>${randomUUID()}</Say>`);
    });
    const attempt = attemptFor(NUMBERS.plain);
    const form = { CallSid: `CA${attempt.id.replace(/-/g, '')}`, CallStatus: 'in-progress', From: '+15005550006', To: attempt.phone };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => postSigned(api.url, `/twilio/voice?attempt=${attempt.id}`, form, authToken, { idempotencyToken: 'same' })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(new Set(responses.map((response) => response.text)).size).toBe(1);
    expect(calls).toBe(1);
    // Another step is another document.
    const next = await postSigned(api.url, `/twilio/voice?attempt=${attempt.id}&step=after-disclosure`, form, authToken).expect(200);
    expect(next.text).not.toBe(responses[0]!.text);
  });

  it('lets Twilio retry when the policy fails (500), and asks it again', async () => {
    emulator.patchScenario({ webhooks: { voiceRetryProbability: 0 } });
    const onAnswer = jest
      .spyOn(policy, 'onAnswer')
      .mockRejectedValueOnce(new Error('agents service unavailable'))
      .mockResolvedValue(xml('<Say>Hello</Say><Hangup/>'));
    const attempt = attemptFor(NUMBERS.failing);
    const call = await place(attempt);
    await ended(attempt.id);
    const [voice] = deliveries(call.sid, 'voice');
    expect(voice?.attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
    expect(voice?.response?.body).toBe(xml('<Say>Hello</Say><Hangup/>'));
    expect(onAnswer).toHaveBeenCalledTimes(2);
  });

  it('runs a survey: each gather action reaches the policy once with its step and keys, retries included', async () => {
    emulator.patchScenario({ webhooks: { voiceRetryProbability: 1 } });
    const attempt = attemptFor(NUMBERS.surveyed);
    const urls = api.app.get(CallAttemptsService).callbackUrls(attempt.id);
    const question = (step: string) => surveyQuestionTwiml({ question: { say: `Question ${step}` }, actionUrl: urls.gatherActionUrl(step), timeoutSec: 3 });
    // Recorded, asserted below: an expect inside the handler could only surface as a 500 to the emulator.
    const onAnswer = jest.spyOn(policy, 'onAnswer').mockImplementation(async () => question('q1'));
    const onGather = jest
      .spyOn(policy, 'onGather')
      .mockImplementation(async (_call: FlowCall, input: GatherInput) => (input.step === 'q1' ? question('q2') : hangUpTwiml()));
    const call = await place(attempt);
    await ended(attempt.id);

    // Answered once although the voice webhook was delivered twice (the retry is replayed).
    expect(onAnswer.mock.calls.map(([flowCall]) => flowCall)).toEqual([
      expect.objectContaining({ attemptId: attempt.id, leadId: attempt.leadId, campaignId: attempt.campaignId, step: ANSWER_STEP, to: attempt.phone }),
    ]);
    expect(onGather.mock.calls.map(([, input]) => input)).toEqual([
      { step: 'q1', digits: '3', finishedOnKey: null },
      { step: 'q2', digits: '5', finishedOnKey: null },
    ]);
    const actions = deliveries(call.sid, 'action');
    expect(actions.map((delivery) => delivery.attempts.length)).toEqual([2, 2]);
    const { rows } = await db.query(`select kind, dedupe_key, params->>'Digits' as digits from call_events where attempt_id = $1 and kind = 'gather' order by id`, [attempt.id]);
    expect(rows).toEqual([
      { kind: 'gather', dedupe_key: 'q1', digits: '3' },
      { kind: 'gather', dedupe_key: 'q2', digits: '5' },
    ]);
  });

  it('records the callee joining an agent’s room as connected, and tells the runtime', async () => {
    const room = 'agent-7';
    agentApp.on('/agent-voice', () => conferenceJoinTwiml({ room, role: 'agent', statusCallbackUrl: conferenceStatusCallbackUrl(api.url) }));
    emulator.connectAgent({ identity: 'agent_7', voiceUrl: `${agentApp.url}/agent-voice`, talkTimeSec: 5 });
    await pollUntil(async () => emulator.agents().find((agent) => agent.identity === 'agent_7')?.state, (state) => state === 'available', { everyMs: 10 });
    jest.spyOn(policy, 'onAnswer').mockResolvedValue(conferenceJoinTwiml({ room, role: 'callee' }));

    const attempt = attemptFor(NUMBERS.bridged);
    await place(attempt);
    const row = await ended(attempt.id);
    expect(row.connected_at).not.toBeNull();
    expect(row.connected_at.getTime()).toBeGreaterThanOrEqual(row.answered_at.getTime());

    const stream = api.app.get(CallEventsStream);
    await stream.flush();
    const events = (await stream.read(attempt.campaignId, '0', { blockMs: 0, count: 1000 })).map((entry) => entry.event);
    const mine = events.filter((event) => event.attemptId === attempt.id && event.kind === 'conference');
    expect(mine.map((event) => [event.status, event.room])).toEqual([
      ['participant-join', room],
      ['participant-leave', room],
    ]);
    // The agent's own leg is recorded too, matched to no attempt.
    const { rows } = await db.query(`select count(*)::int as n from call_events where kind = 'conference' and attempt_id is null`);
    expect(rows[0].n).toBeGreaterThan(0);
    emulator.disconnectAgent('agent_7');
  });
});
