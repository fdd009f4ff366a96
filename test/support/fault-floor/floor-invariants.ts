import type { Client } from 'pg';
import type { CallLog } from '../../../apps/twilio-emulator/src/start-emulator';

/**
 * What must hold on a dialing floor whatever failed: the database against
 * the emulator's call log (Twilio's truth) and the agents' presence.
 * Pure reading; every breach is returned as a sentence naming the call,
 * lead or agent, so a failed run says what went wrong.
 */

const TWILIO_TO_STATE: Record<string, string> = {
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
};
const LIVE_STATES = new Set(['queued', 'initiated', 'ringing', 'in_progress']);
const LIVE_STATUSES = new Set(['queued', 'initiated', 'ringing', 'in-progress']);

export interface AttemptRow {
  id: string;
  lead_id: string;
  phone: string;
  state: string;
  provider_call_sid: string | null;
  abandoned: boolean;
  answered_by: string | null;
  agent_id: string | null;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
  connected_at: Date | null;
  answered_at: Date | null;
}

export interface AgentSeen {
  agentId: string;
  state: string | null;
  attemptId: string | null;
  sinceMs: number;
}

export interface FloorFacts {
  attempts: AttemptRow[];
  /** Leads of the campaign's lists in `dialing`, with when they last changed. */
  dialingLeads: { id: string; updated_at: Date }[];
  calls: CallLog[];
  agents: AgentSeen[];
}

export interface CheckOptions {
  nowMs: number;
  /** A call over at Twilio this long ago must be over in the database too (and its agent free, its lead settled). */
  settleBoundMs: number;
  /**
   * Calls a fault touched (alive during one of `faults`, or a callback of
   * theirs dropped): their news may be lost, so they are settled by asking
   * Twilio (the reconciler), within this longer bound.
   */
  faultBoundMs?: number;
  faults?: { fromMs: number; toMs: number }[];
}

export interface FloorReport {
  violations: string[];
  figures: {
    calls: number;
    attempts: number;
    liveCalls: number;
    liveAttempts: number;
    dialingLeads: number;
    busyAgents: number;
    humanAnswers: number;
    connects: number;
    abandons: number;
    droppedCallbacks: number;
  };
  /** What is not settled yet: leads still dialing, and the attempts agents are held on (for the artifacts). */
  unsettled: { leadIds: string[]; attemptIds: string[] };
}

export async function readFacts(db: Client, campaignId: string, calls: CallLog[], agents: AgentSeen[]): Promise<FloorFacts> {
  const attempts = (
    await db.query<AttemptRow>(
      `select id, lead_id, phone, state, provider_call_sid, abandoned, answered_by, agent_id, created_at, updated_at, ended_at, connected_at, answered_at
         from call_attempts where campaign_id = $1`,
      [campaignId],
    )
  ).rows;
  const dialingLeads = (
    await db.query<{ id: string; updated_at: Date }>(
      `select l.id, l.updated_at from leads l join campaign_lists cl on cl.list_id = l.list_id
        where cl.campaign_id = $1 and l.status = 'dialing'`,
      [campaignId],
    )
  ).rows;
  return { attempts, dialingLeads, calls, agents };
}

const time = (iso: string | null) => (iso ? Date.parse(iso) : null);

/** When the callee's leg was in an agent's room while an agent's leg was in it too: the call was put through. */
function connectedCallees(calls: CallLog[]): Set<string> {
  const agentSpans = new Map<string, { from: number; to: number }[]>();
  for (const call of calls.filter((c) => c.direction === 'inbound')) {
    let joined: { room: string; at: number } | null = null;
    for (const event of call.events) {
      if (event.type !== 'conference') continue;
      if (event.action === 'join') joined = { room: event.room, at: Date.parse(event.at) };
      else if (joined) {
        agentSpans.set(joined.room, [...(agentSpans.get(joined.room) ?? []), { from: joined.at, to: Date.parse(event.at) }]);
        joined = null;
      }
    }
    if (joined) agentSpans.set(joined.room, [...(agentSpans.get(joined.room) ?? []), { from: joined.at, to: Number.POSITIVE_INFINITY }]);
  }
  const connected = new Set<string>();
  for (const call of calls.filter((c) => c.direction === 'outbound-api')) {
    for (const event of call.events) {
      if (event.type !== 'conference' || event.action !== 'join') continue;
      const at = Date.parse(event.at);
      if ((agentSpans.get(event.room) ?? []).some((span) => span.from <= at && at <= span.to)) connected.add(call.sid);
    }
  }
  return connected;
}

/** Callbacks the emulator dropped on purpose for this call (the fault being injected). */
export function droppedCallbacks(call: CallLog): number {
  return call.events.filter((event) => event.type === 'webhook' && event.delivery.outcome === 'dropped').length;
}

export function checkFloor(facts: FloorFacts, options: CheckOptions): FloorReport {
  const violations: string[] = [];
  const { nowMs, settleBoundMs } = options;
  const faultBound = options.faultBoundMs ?? settleBoundMs;
  const touched = (call: CallLog) =>
    droppedCallbacks(call) > 0 ||
    (options.faults ?? []).some((fault) => Date.parse(call.dateCreated) <= fault.toMs && (time(call.endTime) ?? nowMs) >= fault.fromMs);
  const boundFor = (call: CallLog | undefined) => (call && touched(call) ? faultBound : settleBoundMs);
  // An attempt alive during a fault (placed or not) may have lost its news too.
  const attemptTouched = (attempt: AttemptRow) =>
    (options.faults ?? []).some((fault) => attempt.created_at.getTime() <= fault.toMs && (attempt.ended_at?.getTime() ?? nowMs) >= fault.fromMs);
  const outbound = facts.calls.filter((call) => call.direction === 'outbound-api' && call.to.startsWith('+'));
  const bySid = new Map(outbound.map((call) => [call.sid, call]));
  const attemptsBySid = new Map<string, AttemptRow[]>();
  for (const attempt of facts.attempts) {
    if (attempt.provider_call_sid) attemptsBySid.set(attempt.provider_call_sid, [...(attemptsBySid.get(attempt.provider_call_sid) ?? []), attempt]);
  }
  const attemptsById = new Map(facts.attempts.map((attempt) => [attempt.id, attempt]));
  const connected = connectedCallees(facts.calls);
  let humanAnswers = 0;
  let abandons = 0;
  let dropped = 0;

  // Every call Twilio placed is one attempt the dialer knows, and agrees on how it ended.
  for (const call of outbound) {
    const mine = attemptsBySid.get(call.sid) ?? [];
    if (mine.length !== 1) {
      violations.push(`lost: Twilio call ${call.sid} to ${call.to} has ${mine.length} attempts in the database`);
      continue;
    }
    const [attempt] = mine;
    const endedAt = time(call.endTime);
    if (droppedCallbacks(call) > 0) dropped++;
    const bound = boundFor(call);
    if (LIVE_STATUSES.has(call.status)) {
      if (!LIVE_STATES.has(attempt.state) && attempt.ended_at && nowMs - attempt.ended_at.getTime() > 5_000) {
        violations.push(`disagree: attempt ${attempt.id} is ${attempt.state} but Twilio's call ${call.sid} is still ${call.status}`);
      }
      continue;
    }
    if (LIVE_STATES.has(attempt.state)) {
      if (endedAt !== null && nowMs - endedAt > bound) {
        violations.push(`stuck: attempt ${attempt.id} still ${attempt.state} ${Math.round((nowMs - endedAt) / 1000)} s after Twilio's call ${call.sid} ended ${call.status} (bound ${bound / 1000} s)`);
      }
      continue;
    }
    if (TWILIO_TO_STATE[call.status] !== attempt.state) {
      violations.push(`disagree: attempt ${attempt.id} ended ${attempt.state}, Twilio's call ${call.sid} ended ${call.status}`);
    }
    // The abandon count is true: a person answered and was not put through to an agent, exactly when the database says abandoned.
    const human = call.answeredBy === 'human' || (call.answeredBy === null && call.outcome === 'human' && call.startTime !== null);
    const machine = attempt.answered_by !== null && /^(machine|fax)/.test(attempt.answered_by);
    const dbAbandon = attempt.abandoned && !machine;
    if (human) humanAnswers++;
    const trueAbandon = human && !connected.has(call.sid);
    if (trueAbandon) abandons++;
    if (trueAbandon !== dbAbandon) {
      violations.push(
        `abandon: attempt ${attempt.id} (${call.sid}) is ${dbAbandon ? '' : 'not '}counted abandoned, but the callee ${human ? 'answered' : 'did not answer'} and was ${connected.has(call.sid) ? '' : 'not '}put through to an agent`,
      );
    }
  }

  for (const attempt of facts.attempts) {
    const ageMs = nowMs - attempt.created_at.getTime();
    if (attempt.provider_call_sid) {
      if (!bySid.has(attempt.provider_call_sid)) violations.push(`phantom: attempt ${attempt.id} names call ${attempt.provider_call_sid}, unknown to Twilio`);
    } else if (LIVE_STATES.has(attempt.state) && ageMs > (attemptTouched(attempt) ? faultBound : settleBoundMs)) {
      // Never placed (the placing process died first): given back, never left waiting.
      violations.push(`stuck: attempt ${attempt.id} never reached Twilio and is still ${attempt.state} after ${Math.round(ageMs / 1000)} s`);
    }
  }

  // Never two calls at once to one number (Twilio's log) nor two live attempts on one lead (the database).
  const spans = new Map<string, { start: number; end: number; sid: string }[]>();
  for (const call of outbound) {
    const list = spans.get(call.to) ?? [];
    list.push({ start: Date.parse(call.dateCreated), end: time(call.endTime) ?? nowMs, sid: call.sid });
    spans.set(call.to, list);
  }
  for (const [number, list] of spans) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      if (list[i].start < list[i - 1].end) violations.push(`double dial: ${number} rung by ${list[i - 1].sid} and ${list[i].sid} at once`);
    }
  }
  const byLead = new Map<string, AttemptRow[]>();
  for (const attempt of facts.attempts) byLead.set(attempt.lead_id, [...(byLead.get(attempt.lead_id) ?? []), attempt]);
  for (const [leadId, list] of byLead) {
    list.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    for (let i = 1; i < list.length; i++) {
      const previousEnd = list[i - 1].ended_at?.getTime() ?? (LIVE_STATES.has(list[i - 1].state) ? nowMs : list[i - 1].updated_at.getTime());
      if (list[i].created_at.getTime() < previousEnd) violations.push(`double dial: lead ${leadId} had attempts ${list[i - 1].id} and ${list[i].id} live at once`);
    }
  }

  // No agent held for a call that is over, none left out of the campaign while their desk is open.
  for (const agent of facts.agents) {
    if (agent.state === null || agent.state === 'offline') {
      violations.push(`stranded: agent ${agent.agentId} has an open desk but is ${agent.state ?? 'unknown'} to the dialer`);
      continue;
    }
    if (agent.state !== 'on_call' && agent.state !== 'reserved') continue;
    const attempt = agent.attemptId ? attemptsById.get(agent.attemptId) : undefined;
    const heldMs = nowMs - agent.sinceMs;
    if (!attempt) {
      if (heldMs > settleBoundMs) violations.push(`stranded: agent ${agent.agentId} ${agent.state} for ${Math.round(heldMs / 1000)} s with no attempt of the campaign`);
      continue;
    }
    const call = attempt.provider_call_sid ? bySid.get(attempt.provider_call_sid) : undefined;
    const endedAt = call ? time(call.endTime) : attempt.ended_at?.getTime() ?? null;
    const bound = boundFor(call);
    if (endedAt !== null && nowMs - endedAt > bound && nowMs - agent.sinceMs > bound) {
      violations.push(`stranded: agent ${agent.agentId} still ${agent.state} for attempt ${attempt.id}, over ${Math.round((nowMs - endedAt) / 1000)} s ago`);
    }
  }

  // A lead is `dialing` only while a call of it is live (or just ended and being settled).
  const liveLeads = new Set(facts.attempts.filter((a) => LIVE_STATES.has(a.state)).map((a) => a.lead_id));
  const lastEnd = new Map<string, number>();
  for (const attempt of facts.attempts) {
    const ended = attempt.ended_at?.getTime() ?? attempt.updated_at.getTime();
    lastEnd.set(attempt.lead_id, Math.max(lastEnd.get(attempt.lead_id) ?? 0, ended));
  }
  for (const lead of facts.dialingLeads) {
    if (liveLeads.has(lead.id)) continue;
    const since = Math.max(lastEnd.get(lead.id) ?? 0, lead.updated_at.getTime());
    const leadCalls = (byLead.get(lead.id) ?? []).map((a) => (a.provider_call_sid ? bySid.get(a.provider_call_sid) : undefined));
    const touchedLead = (byLead.get(lead.id) ?? []).some(attemptTouched);
    const bound = touchedLead ? faultBound : Math.max(settleBoundMs, ...leadCalls.map(boundFor));
    if (nowMs - since > bound) violations.push(`stuck: lead ${lead.id} still dialing ${Math.round((nowMs - since) / 1000)} s after its last call ended`);
  }

  const busy = facts.agents.filter((agent) => agent.state === 'on_call' || agent.state === 'reserved');
  return {
    violations,
    unsettled: { leadIds: facts.dialingLeads.map((lead) => lead.id), attemptIds: busy.flatMap((agent) => (agent.attemptId ? [agent.attemptId] : [])) },
    figures: {
      calls: outbound.length,
      attempts: facts.attempts.length,
      liveCalls: outbound.filter((call) => LIVE_STATUSES.has(call.status)).length,
      liveAttempts: facts.attempts.filter((attempt) => LIVE_STATES.has(attempt.state)).length,
      dialingLeads: facts.dialingLeads.length,
      busyAgents: busy.length,
      humanAnswers,
      connects: connected.size,
      abandons,
      droppedCallbacks: dropped,
    },
  };
}
