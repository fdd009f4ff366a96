import { applyAll, AttemptProgress, ProgressReport } from '@dialer/calls';
import type { CallStatus } from '@dialer/telephony';

/**
 * What Twilio would send for thousands of calls: per call, its status
 * callbacks (initiated → ringing → in-progress → completed, or busy,
 * no-answer, failed), some calls' callbacks shuffled, some callbacks sent
 * twice, and many calls interleaved, as on a busy dialer.
 */

export interface BenchAttempt {
  id: string;
  phone: string;
}

export interface ScriptedCallback {
  callIndex: number;
  /** Path and query, as posted. */
  path: string;
  params: Record<string, string>;
  /** A second copy of a callback already planned (Twilio's duplicates). */
  duplicate: boolean;
}

export interface CallScript {
  attemptId: string;
  callSid: string;
  /** The callbacks in the order the call produced them. */
  callbacks: Record<string, string>[];
}

export interface PlanOptions {
  /** Share of callbacks sent twice. */
  duplicateRate: number;
  /** Share of calls whose callbacks are sent in a random order. */
  shuffleRate: number;
  /** Calls in progress at once: a call's callbacks are spread among the others'. */
  activeCalls: number;
}

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

/** RFC 2822 as Twilio writes it. */
function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

export const sidOf = (attemptId: string) => `CA${attemptId.replace(/-/g, '')}`;

/** One call's callbacks, by an outcome mix close to an outbound campaign's: 35 % answered, 15 % busy, 40 % unanswered, 10 % failed. */
export function scriptCall(attempt: BenchAttempt, random: () => number, startMs: number): CallScript {
  const callSid = sidOf(attempt.id);
  const draw = random();
  const statuses: CallStatus[] =
    draw < 0.35
      ? ['initiated', 'ringing', 'in-progress', 'completed']
      : draw < 0.5
        ? ['initiated', 'ringing', 'busy']
        : draw < 0.9
          ? ['initiated', 'ringing', 'no-answer']
          : ['initiated', 'failed'];
  let at = startMs;
  const callbacks = statuses.map((status, sequence) => {
    at += 1000 * (1 + Math.floor(random() * 20));
    const params: Record<string, string> = {
      AccountSid: ACCOUNT_SID,
      ApiVersion: '2010-04-01',
      CallSid: callSid,
      CallStatus: status,
      Called: attempt.phone,
      Caller: FROM,
      Direction: 'outbound-api',
      From: FROM,
      To: attempt.phone,
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence),
      Timestamp: rfc2822(at),
    };
    if (sequence === statuses.length - 1) {
      const answered = status === 'completed';
      params.CallDuration = answered ? String(5 + Math.floor(random() * 200)) : '0';
      params.SipResponseCode = { completed: '200', busy: '486', 'no-answer': '487', failed: '404' }[status as string] ?? '500';
    }
    return params;
  });
  return { attemptId: attempt.id, callSid, callbacks };
}

/** The order the callbacks of one call go out in: maybe shuffled, with some sent twice (a copy after its original). */
function emissionsOf(script: CallScript, random: () => number, options: PlanOptions): { params: Record<string, string>; duplicate: boolean }[] {
  const order = script.callbacks.map((params) => ({ params, duplicate: false }));
  if (random() < options.shuffleRate) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
  for (let i = 0; i < order.length; i += 1) {
    if (order[i]!.duplicate || random() >= options.duplicateRate) continue;
    const at = i + 1 + Math.floor(random() * (order.length - i));
    order.splice(at, 0, { params: order[i]!.params, duplicate: true });
  }
  return order;
}

/**
 * Interleaves the calls as a dialer's traffic does: `activeCalls` calls in
 * flight, each step sends the next callback of one of them, a finished call
 * makes room for the next. Stops after `count` callbacks.
 */
export function sendPlan(scripts: readonly CallScript[], count: number, random: () => number, options: PlanOptions): ScriptedCallback[] {
  const plan: ScriptedCallback[] = [];
  const active: { index: number; queue: ReturnType<typeof emissionsOf> }[] = [];
  let nextCall = 0;
  const admit = () => {
    if (nextCall >= scripts.length) return;
    active.push({ index: nextCall, queue: emissionsOf(scripts[nextCall]!, random, options) });
    nextCall += 1;
  };
  while (active.length < options.activeCalls && nextCall < scripts.length) admit();
  while (plan.length < count && active.length > 0) {
    const slot = Math.floor(random() * active.length);
    const call = active[slot]!;
    const emission = call.queue.shift()!;
    const script = scripts[call.index]!;
    plan.push({ callIndex: call.index, path: `/twilio/status?attempt=${script.attemptId}`, params: emission.params, duplicate: emission.duplicate });
    if (call.queue.length === 0) {
      active.splice(slot, 1);
      admit();
    }
  }
  return plan;
}

/** A status callback's form as the state machine's report. */
export function reportOf(params: Record<string, string>): ProgressReport {
  return {
    status: params.CallStatus as CallStatus,
    sequenceNumber: Number(params.SequenceNumber),
    at: new Date(params.Timestamp!),
    durationSec: params.CallDuration !== undefined ? Number(params.CallDuration) : undefined,
    sipResponseCode: params.SipResponseCode !== undefined ? Number(params.SipResponseCode) : undefined,
  };
}

/** Where an attempt must end, given the callbacks that reached the api: as if they had come in order, once. */
export function expectedProgress(delivered: readonly Record<string, string>[]): AttemptProgress {
  const bySequence = new Map(delivered.map((params) => [params.SequenceNumber, params]));
  const inOrder = [...bySequence.values()].sort((a, b) => Number(a.SequenceNumber) - Number(b.SequenceNumber));
  return applyAll(inOrder.map(reportOf));
}
