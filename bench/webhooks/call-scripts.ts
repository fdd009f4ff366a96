import { applyAll, attemptCallbackUrls, AttemptProgress, ProgressReport } from '@dialer/calls';
import { stripUrlFragment } from '@dialer/telephony';
import type { AnsweredBy, CallStatus } from '@dialer/telephony';

/**
 * What Twilio would send for thousands of calls of agentless survey campaigns
 * (see run.ts for why those): per call its status callbacks (initiated →
 * ringing → in-progress → completed, or busy, no-answer, failed); for an
 * answered call the voice webhook, the async AMD verdict when the campaign
 * runs AMD asynchronously, and one gather action per survey question a
 * person answers. Some calls' status callbacks are shuffled, some requests
 * sent twice, and many calls interleave, as on a busy dialer.
 */

export type WebhookKind = 'status' | 'voice' | 'amd' | 'gather';
export const WEBHOOK_KINDS: readonly WebhookKind[] = ['status', 'voice', 'amd', 'gather'];

/** How the campaign asks Twilio for AMD: the verdict in the voice request, or posted on its own. */
export type AmdMode = 'sync' | 'async';

export interface BenchAttempt {
  id: string;
  phone: string;
  amd: AmdMode;
}

/** One request Twilio makes about a call. */
export interface ScriptedWebhook {
  kind: WebhookKind;
  /** Path and query, as posted (the URLs the product hands Twilio, without the fragment). */
  path: string;
  params: Record<string, string>;
  /** Position in the call's own order of events. */
  index: number;
  /** What the api deduplicates it by: a copy has the same key. */
  key: string;
}

export interface CallScript {
  attemptId: string;
  callSid: string;
  amd: AmdMode;
  /** Who picked up (null: never answered) and what AMD says of it. */
  callee: 'human' | 'machine' | 'fax' | null;
  answeredBy: AnsweredBy | null;
  /** Everything Twilio sends about the call, in the order it happened. */
  webhooks: ScriptedWebhook[];
}

/** One request as the load generator sends it. */
export interface ScriptedRequest extends ScriptedWebhook {
  callIndex: number;
  /** A second copy of a request already planned (Twilio's duplicates and retries). */
  duplicate: boolean;
}

export interface PlanOptions {
  /** Share of requests sent twice. */
  duplicateRate: number;
  /** Share of calls whose status callbacks are sent in a random order. */
  shuffleRate: number;
  /** Calls in progress at once: a call's requests are spread among the others'. */
  activeCalls: number;
}

/**
 * The benchmark's survey: two questions, keys 1–5. The dialer's IVR names
 * the step of question n `q<n>` (libs/dialer survey-ivr `questionStep`); the
 * verification checks the voice TwiML asks for exactly that action URL.
 */
export const SURVEY_QUESTIONS = [
  { id: 'satisfaction', prompt: 'How satisfied are you with your service, from 1 to 5?', answers: ['1', '2', '3', '4', '5'] },
  { id: 'recommend', prompt: 'How likely are you to recommend us, from 1 to 5?', answers: ['1', '2', '3', '4', '5'] },
] as const;
export const surveyStep = (question: number) => `q${question}`;

/** A small seeded PRNG (mulberry32): the same seed, the same plan. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNT_SID = 'AC00000000000000000000000000000000';
const FROM = '+15005550006';
const MACHINE_VERDICTS: readonly AnsweredBy[] = ['machine_end_beep', 'machine_end_silence', 'machine_end_other'];

/** RFC 2822 as Twilio writes it. */
function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

export const sidOf = (attemptId: string) => `CA${attemptId.replace(/-/g, '')}`;

/** The product's callback URLs for an attempt, as path + query (the host and the fragment are not posted). */
function pathsOf(attemptId: string) {
  const urls = attemptCallbackUrls('http://api.invalid', attemptId);
  const path = (url: string) => {
    const parsed = new URL(stripUrlFragment(url));
    return `${parsed.pathname}${parsed.search}`;
  };
  return {
    status: path(urls.statusCallbackUrl),
    voice: path(urls.voiceUrl),
    amd: path(urls.asyncAmdCallbackUrl),
    gather: (step: string) => path(urls.gatherActionUrl(step)),
  };
}

/**
 * One call, by an outcome mix close to an outbound campaign's: 35 % answered
 * (by a person 70 %, a machine 28 %, a fax 2 %), 15 % busy, 40 % unanswered,
 * 10 % failed. A person answers every question; a machine or fax gets the
 * campaign's machine action (sync AMD) or talks over the first question until
 * the call ends (async AMD: the verdict comes after the voice request).
 */
export function scriptCall(attempt: BenchAttempt, random: () => number, startMs: number): CallScript {
  const callSid = sidOf(attempt.id);
  const paths = pathsOf(attempt.id);
  const draw = random();
  const statuses: CallStatus[] =
    draw < 0.35
      ? ['initiated', 'ringing', 'in-progress', 'completed']
      : draw < 0.5
        ? ['initiated', 'ringing', 'busy']
        : draw < 0.9
          ? ['initiated', 'ringing', 'no-answer']
          : ['initiated', 'failed'];
  const answered = statuses.includes('in-progress');
  const who = random();
  const callee = !answered ? null : who < 0.7 ? 'human' : who < 0.98 ? 'machine' : 'fax';
  const answeredBy: AnsweredBy | null =
    callee === null ? null : callee === 'human' ? 'human' : callee === 'fax' ? 'fax' : MACHINE_VERDICTS[Math.floor(random() * MACHINE_VERDICTS.length)]!;
  const amdMs = String(1500 + Math.floor(random() * 3000));

  const callParams = (status: CallStatus): Record<string, string> => ({
    AccountSid: ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: status,
    Called: attempt.phone,
    Caller: FROM,
    Direction: 'outbound-api',
    From: FROM,
    To: attempt.phone,
  });
  const webhooks: ScriptedWebhook[] = [];
  const add = (kind: WebhookKind, path: string, params: Record<string, string>, key: string) =>
    webhooks.push({ kind, path, params, index: webhooks.length, key: `${kind}:${key}` });

  let at = startMs;
  statuses.forEach((status, sequence) => {
    at += 1000 * (1 + Math.floor(random() * 20));
    const params: Record<string, string> = {
      ...callParams(status),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence),
      Timestamp: rfc2822(at),
    };
    const last = sequence === statuses.length - 1;
    if (last) {
      params.CallDuration = answered ? String(5 + Math.floor(random() * 200)) : '0';
      params.SipResponseCode = { completed: '200', busy: '486', 'no-answer': '487', failed: '404' }[status as string] ?? '500';
      // Twilio adds AnsweredBy to the callbacks sent once AMD has spoken.
      if (answeredBy) params.AnsweredBy = answeredBy;
    }
    add('status', paths.status, params, String(sequence));
    if (status !== 'in-progress') return;

    // Answered: Twilio asks the voice URL (with the verdict when AMD is synchronous)…
    add('voice', paths.voice, attempt.amd === 'sync' ? { ...callParams('in-progress'), AnsweredBy: answeredBy!, MachineDetectionDuration: amdMs } : callParams('in-progress'), 'answer');
    // …posts the verdict on its own when it is asynchronous…
    if (attempt.amd === 'async') add('amd', paths.amd, { AccountSid: ACCOUNT_SID, CallSid: callSid, AnsweredBy: answeredBy!, MachineDetectionDuration: amdMs }, 'verdict');
    // …and a person answers each question with a key.
    if (callee !== 'human') return;
    SURVEY_QUESTIONS.forEach((question, i) => {
      const digit = question.answers[Math.floor(random() * question.answers.length)]!;
      add('gather', paths.gather(surveyStep(i)), { ...callParams('in-progress'), Digits: digit, FinishedOnKey: '' }, surveyStep(i));
    });
  });
  return { attemptId: attempt.id, callSid, amd: attempt.amd, callee, answeredBy, webhooks };
}

/**
 * The order one call's requests go out in: maybe its status callbacks
 * shuffled among themselves, with some requests sent twice (a copy after its
 * original). The voice, AMD and gather requests keep their causal order (each
 * follows the answer and the TwiML before it), and the terminal callback,
 * sent once the call is over, never overtakes them; an earlier callback may
 * still arrive after it (a late `ringing` after `completed`).
 */
function emissionsOf(script: CallScript, random: () => number, options: PlanOptions): { webhook: ScriptedWebhook; duplicate: boolean }[] {
  const order = script.webhooks.map((webhook) => ({ webhook, duplicate: false }));
  if (random() < options.shuffleRate) {
    const slots = order.flatMap((emission, i) => (emission.webhook.kind === 'status' ? [i] : []));
    const statuses = slots.map((i) => order[i]!);
    for (let i = statuses.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [statuses[i], statuses[j]] = [statuses[j]!, statuses[i]!];
    }
    slots.forEach((slot, i) => (order[slot] = statuses[i]!));
    const voice = order.findIndex((emission) => emission.webhook.kind === 'voice');
    if (voice >= 0) {
      const last = slots[slots.length - 1]!;
      const terminal = order.findIndex((emission) => emission.webhook.index === script.webhooks.length - 1);
      if (terminal < voice) [order[terminal], order[last]] = [order[last]!, order[terminal]!];
      // Sometimes a callback Twilio had to retry arrives after the end, as the unanswered calls' shuffles allow anyway.
      if (random() < 0.5) order.push(...order.splice(slots[Math.floor(random() * (slots.length - 1))]!, 1));
    }
  }
  for (let i = 0; i < order.length; i += 1) {
    if (order[i]!.duplicate || random() >= options.duplicateRate) continue;
    const at = i + 1 + Math.floor(random() * (order.length - i));
    order.splice(at, 0, { webhook: order[i]!.webhook, duplicate: true });
  }
  return order;
}

/**
 * Requests a call's AMD verdict or next gather waits after its voice or gather
 * request: on Twilio they come seconds apart (the TwiML plays, AMD listens),
 * never within the same millisecond. About 60 ms at 1,600 requests/s.
 */
export const FLOW_GAP_REQUESTS = 100;

/**
 * Interleaves the calls as a dialer's traffic does: `activeCalls` calls in
 * flight, each step sends the next request of one of them, a finished call
 * makes room for the next. A call's AMD verdict and gathers wait at least
 * FLOW_GAP_REQUESTS after its previous voice or gather request (unless no
 * call is ready, which only happens once the scripts run out: the benchmark
 * seeds more calls than it sends). Stops after `count` requests.
 */
export function sendPlan(scripts: readonly CallScript[], count: number, random: () => number, options: PlanOptions): ScriptedRequest[] {
  const plan: ScriptedRequest[] = [];
  const active: { index: number; queue: ReturnType<typeof emissionsOf>; flowReadyAt: number }[] = [];
  let nextCall = 0;
  const admit = () => {
    if (nextCall >= scripts.length) return;
    active.push({ index: nextCall, queue: emissionsOf(scripts[nextCall]!, random, options), flowReadyAt: 0 });
    nextCall += 1;
  };
  const ready = (call: (typeof active)[number]) => {
    const next = call.queue[0]!;
    return next.duplicate || (next.webhook.kind !== 'amd' && next.webhook.kind !== 'gather') || plan.length >= call.flowReadyAt;
  };
  while (active.length < options.activeCalls && nextCall < scripts.length) admit();
  while (plan.length < count && active.length > 0) {
    let slot = Math.floor(random() * active.length);
    // A call still waiting for its TwiML to play yields to the next one that is not.
    for (let tried = 0; tried < active.length && !ready(active[slot]!); tried += 1) slot = (slot + 1) % active.length;
    const call = active[slot]!;
    const emission = call.queue.shift()!;
    plan.push({ ...emission.webhook, callIndex: call.index, duplicate: emission.duplicate });
    if (!emission.duplicate && (emission.webhook.kind === 'voice' || emission.webhook.kind === 'gather')) call.flowReadyAt = plan.length + FLOW_GAP_REQUESTS;
    if (call.queue.length === 0) {
      active.splice(slot, 1);
      admit();
    }
  }
  return plan;
}

const answeredByOf = (params: Record<string, string>) => (params.AnsweredBy as AnsweredBy | undefined) ?? undefined;

/** What a request says about the call, as the api's services hand it to the state machine. */
export function reportOf(webhook: Pick<ScriptedWebhook, 'kind' | 'params'>): ProgressReport {
  const { params } = webhook;
  switch (webhook.kind) {
    case 'status':
      return {
        status: params.CallStatus as CallStatus,
        sequenceNumber: Number(params.SequenceNumber),
        at: new Date(params.Timestamp!),
        durationSec: params.CallDuration !== undefined ? Number(params.CallDuration) : undefined,
        sipResponseCode: params.SipResponseCode !== undefined ? Number(params.SipResponseCode) : undefined,
        answeredBy: answeredByOf(params),
      };
    case 'voice':
    case 'gather':
      // The request proves the call is live and may carry the verdict; it stamps nothing.
      return { status: params.CallStatus as CallStatus, answeredBy: answeredByOf(params) };
    case 'amd':
      return { answeredBy: answeredByOf(params) };
  }
}

/** Where an attempt must end, given the requests that reached the api: as if they had come in order, once. */
export function expectedProgress(delivered: readonly ScriptedWebhook[]): AttemptProgress {
  const once = new Map(delivered.map((webhook) => [webhook.key, webhook]));
  const inOrder = [...once.values()].sort((a, b) => a.index - b.index);
  return applyAll(inOrder.map(reportOf));
}
