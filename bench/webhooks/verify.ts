import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { ATTEMPT_STATES, AttemptProgress, isTerminalState } from '@dialer/calls';
import { attemptOutcome } from '@dialer/dialer';
import { CallScript, expectedProgress, ScriptedWebhook, SURVEY_QUESTIONS, surveyStep, WEBHOOK_KINDS, WebhookKind } from './call-scripts';
import { LoadResult, PreparedRequest } from './load-generator';

/** Per kind of webhook: distinct requests the api acknowledged (2xx), and events stored. */
export type KindCounts = Record<WebhookKind, { acknowledged: number; stored: number }>;

export interface Verification {
  kinds: KindCounts;
  /** Events stored for no attempt (should be 0: every CallSid was ours). */
  unmatched: number;
  attemptsChecked: number;
  /** Attempts whose row differs from in-order delivery of what was acknowledged. */
  mismatches: string[];
  /** Requests that got no 2xx: their request may or may not be stored, so their calls are not checked. */
  uncertainCalls: number;
  /** TwiML documents stored, and distinct voice and gather requests acknowledged. */
  twiml: { stored: number; acknowledged: number };
  /** Voice and gather answers checked against the call flow's decision (survey question, next question, goodbye, machine action). */
  flowChecked: number;
  flowWrong: string[];
  /** Calls whose AMD verdict (AMD or status callback) the api stored before their voice request: the voice request then rightly finds it. */
  verdictBeforeVoice: number;
  /** Copies of voice and gather requests (Twilio's retries) that got a 2xx, and those answered with other bytes than their original. */
  retriesChecked: number;
  retriesDiffering: number;
  /** Survey answers stored, against the keys pressed in acknowledged gathers (compared row by row). */
  surveyAnswers: { expected: number; stored: number; differing: number };
  /**
   * Attempts with `outcome = machine`, against those expected: marked by the call flow (the voice request found
   * a machine verdict) or by settlement (a machine verdict on the ended call, see expectedOutcome). Calls with
   * a request that got no 2xx are left out, as from the other checks.
   */
  machineOutcomes: { expected: number; stored: number; differing: number };
  /** Ended attempts, and those the api had not settled once settling stopped making progress (should be 0). */
  settlement: { ended: number; unsettled: number };
}

interface Row {
  id: string;
  provider_call_sid: string | null;
  state: AttemptProgress['state'];
  last_sequence_number: number;
  initiated_at: Date | null;
  ringing_at: Date | null;
  answered_at: Date | null;
  connected_at: Date | null;
  ended_at: Date | null;
  answered_by: AttemptProgress['answeredBy'];
  duration_sec: number | null;
  sip_response_code: number | null;
}

const time = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Whether the call flow should have found a machine when it answered the
 * voice request: synchronous AMD says so in the request; an asynchronous
 * verdict (the AMD callback, or a status callback carrying AnsweredBy) counts
 * only if the api stored it before the voice request. Twilio sends those
 * seconds later, but an overloaded run can reorder what the api handles.
 */
function machineAtAnswer(script: CallScript, verdictBeforeVoice: boolean): boolean {
  if (script.callee === 'human' || script.callee === null) return false;
  return script.amd === 'sync' || verdictBeforeVoice;
}

const ENDED_STATES = ATTEMPT_STATES.filter((state) => isTerminalState(state));

/**
 * The outcome the api stores for a call: the call flow's `machine` when its
 * voice request found a machine verdict; then, once the call has ended,
 * settlement's, which also concludes `machine` from a verdict that came after
 * the voice request (async AMD). Worked out by settlement's own rule from the
 * attempt as in-order delivery leaves it; the bench seeds attempts without a
 * dialing mode or an agent, and nothing marks them abandoned.
 */
function expectedOutcome(progress: AttemptProgress, machineAtVoice: boolean): string | null {
  const flow = machineAtVoice ? 'machine' : null;
  if (!isTerminalState(progress.state)) return flow;
  return attemptOutcome({
    state: progress.state,
    answered_at: progress.answeredAt?.toISOString() ?? null,
    answered_by: progress.answeredBy,
    abandoned: false,
    outcome: flow,
    mode: null,
    ended_at: progress.endedAt?.toISOString() ?? null,
  });
}

/**
 * Settlement runs a beat after each call's end, in batches: waits until every
 * ended attempt is settled, or their number has not gone down for 10 s.
 */
async function awaitSettlement(client: Client): Promise<{ ended: number; unsettled: number }> {
  let best = { ended: 0, unsettled: Number.POSITIVE_INFINITY };
  let bestAt = Date.now();
  for (;;) {
    const { rows } = await client.query<{ ended: string; unsettled: string }>(
      `select count(*) as ended, count(*) filter (where settled_at is null) as unsettled from call_attempts where state = any($1::text[])`,
      [ENDED_STATES],
    );
    const now = { ended: Number(rows[0]!.ended), unsettled: Number(rows[0]!.unsettled) };
    if (now.unsettled < best.unsettled) [best, bestAt] = [now, Date.now()];
    if (now.unsettled === 0 || Date.now() - bestAt > 10_000) return now;
    await sleep(250);
  }
}

/** What the call flow must have answered to a request: the TwiML's tell-tale. */
function expectedTwiml(script: CallScript, webhook: ScriptedWebhook, verdictBeforeVoice: boolean): { describe: string; test: (twiml: string) => boolean } {
  const gatherFor = (question: number) => ({
    describe: `a <Gather> posting to step ${surveyStep(question)}`,
    test: (twiml: string) => twiml.includes('<Gather') && twiml.includes(`attempt=${script.attemptId}&amp;step=${surveyStep(question)}`),
  });
  const hangsUp = (describe: string) => ({ describe, test: (twiml: string) => !twiml.includes('<Gather') && twiml.endsWith('<Hangup/></Response>') });
  if (webhook.kind === 'voice') {
    return machineAtAnswer(script, verdictBeforeVoice) ? hangsUp('the machine action (voicemail, then hang up)') : gatherFor(0);
  }
  const question = SURVEY_QUESTIONS.findIndex((_, i) => webhook.key === `gather:${surveyStep(i)}`);
  return question + 1 < SURVEY_QUESTIONS.length ? gatherFor(question + 1) : hangsUp('the goodbye, then hang up');
}

/**
 * The database must agree exactly with what was sent: nothing lost, nothing
 * doubled, every attempt where in-order delivery puts it, every TwiML what
 * the call flow decides, every retry answered with the same bytes.
 */
export async function verifyDatabase(
  databaseUrl: string,
  scripts: readonly CallScript[],
  requests: readonly PreparedRequest[],
  load: Pick<LoadResult, 'status' | 'bodies' | 'sent'>,
): Promise<Verification> {
  const delivered = new Map<number, Map<string, ScriptedWebhook>>();
  const uncertain = new Set<number>();
  const firstAnswer = new Map<string, string>();
  const copies: { key: string; body: string }[] = [];
  const originals: { script: CallScript; webhook: ScriptedWebhook; body: string }[] = [];
  for (let i = 0; i < load.sent; i += 1) {
    const { webhook } = requests[i]!;
    const ok = load.status[i]! >= 200 && load.status[i]! < 300;
    if (!ok) {
      uncertain.add(webhook.callIndex);
      continue;
    }
    let call = delivered.get(webhook.callIndex);
    if (!call) delivered.set(webhook.callIndex, (call = new Map()));
    call.set(webhook.key, webhook);
    if (webhook.kind !== 'voice' && webhook.kind !== 'gather') continue;

    const body = load.bodies[i] ?? '';
    const script = scripts[webhook.callIndex]!;
    const id = `${script.attemptId} ${webhook.key}`;
    if (webhook.duplicate) {
      copies.push({ key: id, body });
      continue;
    }
    firstAnswer.set(id, body);
    originals.push({ script, webhook, body });
  }
  // A copy answered before its original is compared all the same (the first to reach the api wins; both must agree).
  const checkedCopies = copies.filter((copy) => firstAnswer.has(copy.key));
  const retriesDiffering = checkedCopies.filter((copy) => firstAnswer.get(copy.key) !== copy.body).length;

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const settlement = await awaitSettlement(client);
    // The order the api stored each call's voice request and first AMD verdict in (each locks the attempt first: ids follow that order).
    const flowOrder = await client.query<{ call_sid: string; voice: string | null; verdict: string | null }>(
      `select call_sid, min(id) filter (where kind = 'voice') as voice,
              min(id) filter (where kind = 'amd' or (kind = 'status' and params ? 'AnsweredBy')) as verdict
         from call_events where kind in ('voice', 'amd', 'status') group by call_sid`,
    );
    const verdictFirst = new Set(
      flowOrder.rows.filter((row) => row.voice && row.verdict && BigInt(row.verdict) < BigInt(row.voice)).map((row) => row.call_sid),
    );
    const flowWrong: string[] = [];
    for (const { script, webhook, body } of originals) {
      const expected = expectedTwiml(script, webhook, verdictFirst.has(script.callSid));
      if (!expected.test(body)) flowWrong.push(`${script.attemptId} ${webhook.key}: expected ${expected.describe}, got ${body}`);
    }

    const acknowledged = Object.fromEntries(WEBHOOK_KINDS.map((kind) => [kind, 0])) as Record<WebhookKind, number>;
    const answers: string[] = [];
    const machines: string[] = [];
    for (const [index, call] of delivered) {
      const script = scripts[index]!;
      for (const webhook of call.values()) {
        acknowledged[webhook.kind] += 1;
        if (webhook.kind === 'gather') {
          const question = SURVEY_QUESTIONS.findIndex((_, i) => webhook.key === `gather:${surveyStep(i)}`);
          answers.push(`${script.attemptId} ${SURVEY_QUESTIONS[question]!.id} ${webhook.params.Digits}`);
        }
      }
      if (uncertain.has(index)) continue;
      const machineAtVoice = call.has('voice:answer') && machineAtAnswer(script, verdictFirst.has(script.callSid));
      if (expectedOutcome(expectedProgress([...call.values()]), machineAtVoice) === 'machine') machines.push(script.attemptId);
    }
    const uncertainIds = new Set([...uncertain].map((index) => scripts[index]!.attemptId));

    const counts = await client.query<{ kind: WebhookKind; count: string }>(`select kind, count(*) from call_events group by kind`);
    const stored = new Map(counts.rows.map((row) => [row.kind, Number(row.count)]));
    const kinds = Object.fromEntries(WEBHOOK_KINDS.map((kind) => [kind, { acknowledged: acknowledged[kind], stored: stored.get(kind) ?? 0 }])) as KindCounts;
    const unmatched = Number((await client.query(`select count(*) from call_events where attempt_id is null`)).rows[0].count);
    const twimlStored = Number((await client.query(`select count(*) from call_twiml_responses where twiml is not null`)).rows[0].count);
    const storedAnswers = (
      await client.query<{ line: string }>(`select attempt_id || ' ' || question_id || ' ' || answer as line from survey_answers where source = 'ivr'`)
    ).rows.map((row) => row.line);
    const storedMachines = (await client.query<{ id: string }>(`select id from call_attempts where outcome = 'machine'`)).rows
      .map((row) => row.id)
      .filter((id) => !uncertainIds.has(id));

    const ids = [...delivered.keys()].filter((index) => !uncertain.has(index)).map((index) => scripts[index]!.attemptId);
    const { rows } = await client.query<Row>(`select * from call_attempts where id = any($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const mismatches: string[] = [];
    let attemptsChecked = 0;
    for (const [index, call] of delivered) {
      if (uncertain.has(index)) continue;
      attemptsChecked += 1;
      const script = scripts[index]!;
      const expected = expectedProgress([...call.values()]);
      const row = byId.get(script.attemptId);
      const actual = row && {
        state: row.state,
        lastSequenceNumber: row.last_sequence_number,
        initiatedAt: time(row.initiated_at),
        ringingAt: time(row.ringing_at),
        answeredAt: time(row.answered_at),
        connectedAt: time(row.connected_at),
        endedAt: time(row.ended_at),
        answeredBy: row.answered_by,
        durationSec: row.duration_sec,
        sipResponseCode: row.sip_response_code,
        sid: row.provider_call_sid,
      };
      const wanted = {
        ...expected,
        initiatedAt: time(expected.initiatedAt),
        ringingAt: time(expected.ringingAt),
        answeredAt: time(expected.answeredAt),
        connectedAt: time(expected.connectedAt),
        endedAt: time(expected.endedAt),
        sid: script.callSid,
      };
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
        mismatches.push(`${script.attemptId}: expected ${JSON.stringify(wanted)}, found ${JSON.stringify(actual)}`);
      }
    }
    return {
      kinds,
      unmatched,
      attemptsChecked,
      mismatches,
      uncertainCalls: uncertain.size,
      twiml: { stored: twimlStored, acknowledged: acknowledged.voice + acknowledged.gather },
      flowChecked: originals.length,
      flowWrong,
      verdictBeforeVoice: verdictFirst.size,
      retriesChecked: checkedCopies.length,
      retriesDiffering,
      surveyAnswers: { expected: answers.length, stored: storedAnswers.length, differing: symmetricDifference(answers, storedAnswers) },
      machineOutcomes: { expected: machines.length, stored: storedMachines.length, differing: symmetricDifference(machines, storedMachines) },
      settlement,
    };
  } finally {
    await client.end();
  }
}

/** How many entries are in one list and not the other. */
function symmetricDifference(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  return [...left].filter((x) => !right.has(x)).length + [...right].filter((x) => !left.has(x)).length;
}

/** Every exact check passed. */
export function databaseAgrees(v: Verification): boolean {
  return (
    WEBHOOK_KINDS.every((kind) => v.kinds[kind].stored === v.kinds[kind].acknowledged) &&
    v.unmatched === 0 &&
    v.mismatches.length === 0 &&
    v.twiml.stored === v.twiml.acknowledged &&
    v.flowWrong.length === 0 &&
    v.retriesDiffering === 0 &&
    v.surveyAnswers.differing === 0 &&
    v.machineOutcomes.differing === 0 &&
    v.settlement.unsettled === 0
  );
}
