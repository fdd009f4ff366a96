import { Client } from 'pg';
import { ATTEMPT_STATE_RANK, AttemptState, CALL_FLOW_POLICY, CallAttemptsService, CallEventsStream, CallFlowPolicy, PlaceAttemptCallOptions } from '@dialer/calls';
import { loadConfig } from '@dialer/core';
import { createTestContext, TestContext } from '@dialer/testing';
import { EmulatorHandle, startEmulator } from '../../apps/twilio-emulator/src/start-emulator';
import { RunningApi, startApi } from '../support/apps';
import { seedAttempts, SeededAttempt } from '../support/calls/seed-attempts';
import { pollUntil } from '../support/poll';
import { FAST_SCENARIO } from '../support/twilio/telephony-harness';

/**
 * Calls placed through the TelephonyPort against the emulator, whose status
 * callbacks arrive shuffled and duplicated: the webhooks drive every attempt
 * to the final state of its outcome, store each callback once, and tell the
 * dialer runtime.
 */
const NUMBERS = {
  human: '+15005550201',
  machine: '+15005550202',
  busy: '+15005550203',
  noAnswer: '+15005550204',
  failed: '+15005550205',
};
type Outcome = keyof typeof NUMBERS;
const OUTCOMES = Object.keys(NUMBERS) as Outcome[];
const HOLD_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="30"/><Hangup/></Response>';
const TERMINAL = ['completed', 'busy', 'no_answer', 'failed', 'canceled'];

const EXPECTED: Record<Outcome, { state: string; answered: boolean; sip: number; answeredBy: RegExp | null }> = {
  human: { state: 'completed', answered: true, sip: 200, answeredBy: /^human$/ },
  machine: { state: 'completed', answered: true, sip: 200, answeredBy: /^machine_end_/ },
  busy: { state: 'busy', answered: false, sip: 486, answeredBy: null },
  noAnswer: { state: 'no_answer', answered: false, sip: 487, answeredBy: null },
  failed: { state: 'failed', answered: false, sip: 404, answeredBy: null },
};

const OPTIONS: Record<Outcome, PlaceAttemptCallOptions> = {
  // Synchronous AMD: the verdict comes with the voice webhook; asynchronous: on its own, while the call goes on.
  human: { amd: { mode: 'sync', detection: 'Enable' } },
  machine: { amd: { mode: 'async', detection: 'DetectMessageEnd' } },
  busy: {},
  noAnswer: { timeoutSec: 15 },
  failed: {},
};

interface AttemptRow {
  id: string;
  state: string;
  provider_call_sid: string | null;
  last_sequence_number: number;
  initiated_at: Date | null;
  ringing_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  answered_by: string | null;
  sip_response_code: number | null;
  duration_sec: number | null;
}

describe('Twilio webhooks drive call attempts to their final states (e2e)', () => {
  let emulator: EmulatorHandle;
  let ctx: TestContext;
  let api: RunningApi;
  let db: Client;
  let attempts: SeededAttempt[];
  const placed = new Map<string, { outcome: Outcome; sid: string }>();

  beforeAll(async () => {
    const base = loadConfig({}).twilio;
    emulator = await startEmulator({
      accountSid: base.accountSid,
      authToken: base.authToken,
      scenario: {
        ...FAST_SCENARIO,
        seed: 7,
        cps: 50,
        webhooks: { shuffle: true, shuffleWindowMs: 150, duplicateProbability: 0.5, voiceRetryProbability: 0 },
        numbers: {
          [NUMBERS.human]: { outcome: 'human', answerAfterSec: 3 },
          [NUMBERS.machine]: { outcome: 'machine', answerAfterSec: 4 },
          [NUMBERS.busy]: { outcome: 'busy' },
          [NUMBERS.noAnswer]: { outcome: 'no-answer' },
          [NUMBERS.failed]: { outcome: 'failed' },
        },
      },
    });
    ctx = await createTestContext({ TWILIO_API_BASE_URL: emulator.url });
    // Two calls per outcome, placed all at once: in two campaigns, as a number has one live call per campaign.
    attempts = await seedAttempts(ctx.database.url, { campaigns: 2, attemptsPerCampaign: OUTCOMES.length, phones: Object.values(NUMBERS) });
    api = await startApi(ctx.config);
    ctx.config.api.publicBaseUrl = api.url;
    db = new Client({ connectionString: ctx.database.url });
    await db.connect();

    // The runtime's call flow is not built yet: hold answered calls long enough for async AMD to speak.
    jest.spyOn(api.app.get<CallFlowPolicy>(CALL_FLOW_POLICY), 'onAnswer').mockResolvedValue(HOLD_TWIML);

    const service = api.app.get(CallAttemptsService);
    await Promise.all(
      attempts.map(async (attempt, i) => {
        const outcome = OUTCOMES[i % OUTCOMES.length]!;
        const call = await service.placeCall(attempt.id, OPTIONS[outcome]);
        placed.set(attempt.id, { outcome, sid: call.sid });
      }),
    );
    await pollUntil(
      async () => (await db.query<{ state: string }>('select state from call_attempts')).rows.map((row) => row.state),
      (states) => states.every((state) => TERMINAL.includes(state)),
      { timeoutMs: 30_000 },
    );
    // Late and duplicated callbacks still in flight must change nothing: let them land.
    await emulator.drainWebhooks();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await db?.end();
    await api?.close();
    await emulator?.close();
    await ctx?.cleanup();
  });

  const rowOf = async (attemptId: string) =>
    (await db.query<AttemptRow>('select * from call_attempts where id = $1', [attemptId])).rows[0]!;

  /** What the emulator sent: status callbacks by SequenceNumber (first copy), and whether copies were sent. */
  function statusCallbacksOf(sid: string) {
    const deliveries = (emulator.call(sid)?.events ?? []).flatMap((event) =>
      event.type === 'webhook' && event.delivery.kind === 'status-callback' ? [event.delivery] : [],
    );
    return { originals: deliveries.filter((delivery) => !delivery.duplicate), copies: deliveries.filter((delivery) => delivery.duplicate), all: deliveries };
  }

  it.each(OUTCOMES)('%s: the attempt ends in its outcome’s state with the stamps, SIP code and AMD verdict of its callbacks', async (outcome) => {
    const expected = EXPECTED[outcome];
    const ofOutcome = [...placed].filter(([, call]) => call.outcome === outcome);
    // Two campaigns, one call per outcome each: a loop over nothing would assert nothing.
    expect(ofOutcome).toHaveLength(2);
    for (const [attemptId, call] of ofOutcome) {
      const row = await rowOf(attemptId);
      const { originals } = statusCallbacksOf(call.sid);
      const statuses = originals.map((delivery) => delivery.params.CallStatus);

      expect(row).toMatchObject({ state: expected.state, provider_call_sid: call.sid, sip_response_code: expected.sip });
      expect(row.last_sequence_number).toBe(originals.length - 1);
      expect(row.initiated_at !== null).toBe(statuses.includes('initiated'));
      expect(row.ringing_at !== null).toBe(statuses.includes('ringing'));
      expect(row.answered_at !== null).toBe(expected.answered);
      expect(row.ended_at).not.toBeNull();
      if (expected.answeredBy) expect(row.answered_by).toMatch(expected.answeredBy);
      else expect(row.answered_by).toBeNull();
      // Stamps follow the call's life even when the callbacks did not.
      const stamps = [row.initiated_at, row.ringing_at, row.answered_at, row.ended_at].filter((at): at is Date => at !== null);
      expect([...stamps].sort((a, b) => a.getTime() - b.getTime())).toEqual(stamps);
    }
  });

  it('stores each callback once although the emulator sent copies, and acknowledged every delivery with 204', async () => {
    let copies = 0;
    expect(placed.size).toBe(2 * OUTCOMES.length);
    for (const { sid } of placed.values()) {
      const sent = statusCallbacksOf(sid);
      copies += sent.copies.length;
      const { rows } = await db.query<{ dedupe_key: string }>(
        `select dedupe_key from call_events where call_sid = $1 and kind = 'status' order by sequence_number`,
        [sid],
      );
      expect(rows.map((row) => row.dedupe_key)).toEqual(sent.originals.map((delivery) => delivery.params.SequenceNumber));
      for (const delivery of sent.all) {
        expect(delivery.outcome).toBe('delivered');
        expect(delivery.attempts.at(-1)?.status).toBe(204);
      }
    }
    expect(copies).toBeGreaterThan(0);
  });

  it('answered each answered call’s voice webhook with the call flow’s TwiML', async () => {
    const answered = [...placed.values()].filter(({ outcome }) => EXPECTED[outcome].answered);
    expect(answered.length).toBeGreaterThan(0);
    for (const { sid } of answered) {
      const verbs = (emulator.call(sid)?.events ?? []).flatMap((event) => (event.type === 'twiml' ? [event.verb] : []));
      // A machine hangs up during the pause; a person waits for the end.
      expect(verbs[0]).toBe('Pause');
    }
  });

  it('published the attempts’ progress on their campaign’s stream, their final states included', async () => {
    const stream = api.app.get(CallEventsStream);
    await stream.flush();
    expect(attempts).toHaveLength(2 * OUTCOMES.length);
    for (const attempt of attempts) {
      const entries = await stream.read(attempt.campaignId, '0', { blockMs: 0, count: 1000 });
      const mine = entries.filter((entry) => entry.event.attemptId === attempt.id).map((entry) => entry.event);
      const final = await rowOf(attempt.id);
      // Each callback is published after its own commit, so two committed at once may be read in either order
      // (the stream's header): the final state is there, and nothing beyond it.
      expect(mine.some((event) => event.kind === 'status' && event.state === final.state)).toBe(true);
      const finalRank = ATTEMPT_STATE_RANK[final.state as AttemptState];
      for (const event of mine) {
        expect(event).toMatchObject({ leadId: attempt.leadId, callSid: final.provider_call_sid });
        if (ATTEMPT_STATE_RANK[event.state] >= finalRank) expect(event.state).toBe(final.state);
      }
      // Published once per change: never twice the same callback.
      const keys = mine.map((event) => `${event.kind}:${event.status}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
