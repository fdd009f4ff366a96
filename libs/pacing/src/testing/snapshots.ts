import fc from 'fast-check';
import { AgentState, InFlightCallState, PacingSnapshot } from '../pacing.types';

/** Builders for specs: snapshots by counts, and arbitrary snapshots for property tests. */
export interface SnapshotCountsSpec {
  nowMs?: number;
  ready?: number;
  onCall?: number;
  wrapUp?: number;
  paused?: number;
  ringing?: number;
  waiting?: number;
  /** How long agents and calls have been in their state. */
  elapsedMs?: number;
}

export function snapshotOf(spec: SnapshotCountsSpec): PacingSnapshot {
  const nowMs = spec.nowMs ?? 1_000_000;
  const since = nowMs - (spec.elapsedMs ?? 5_000);
  const agents: PacingSnapshot['agents'] = [];
  const add = (state: AgentState, count = 0) => {
    for (let i = 0; i < count; i++) agents.push({ id: `agent-${agents.length + 1}`, state, sinceMs: since });
  };
  add('ready', spec.ready);
  add('on_call', spec.onCall);
  add('wrap_up', spec.wrapUp);
  add('paused', spec.paused);
  const calls: PacingSnapshot['calls'] = [];
  const call = (state: InFlightCallState, count = 0) => {
    for (let i = 0; i < count; i++) calls.push({ id: `call-${calls.length + 1}`, state, sinceMs: since });
  };
  call('ringing', spec.ringing);
  call('answered_waiting', spec.waiting);
  return { nowMs, agents, calls };
}

const AGENT_STATES: AgentState[] = ['ready', 'on_call', 'wrap_up', 'paused'];

/** Any snapshot a runtime could send: up to 60 agents, up to 200 calls, states and ages at random. */
export function snapshotArbitrary(nowMs = 10_000_000): fc.Arbitrary<PacingSnapshot> {
  const agent = fc.record({
    state: fc.constantFrom(...AGENT_STATES),
    elapsedMs: fc.integer({ min: 0, max: 3_600_000 }),
  });
  const call = fc.record({
    state: fc.constantFrom<InFlightCallState>('ringing', 'answered_waiting'),
    elapsedMs: fc.integer({ min: 0, max: 40_000 }),
  });
  return fc
    .record({ agents: fc.array(agent, { maxLength: 60 }), calls: fc.array(call, { maxLength: 200 }) })
    .map(({ agents, calls }) => ({
      nowMs,
      agents: agents.map((a, i) => ({ id: `agent-${i + 1}`, state: a.state, sinceMs: nowMs - a.elapsedMs })),
      calls: calls.map((c, i) => ({ id: `call-${i + 1}`, state: c.state, sinceMs: nowMs - c.elapsedMs })),
    }));
}
