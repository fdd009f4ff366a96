import fc from 'fast-check';
import { countSnapshot } from '../snapshot-counts';
import { agentDecision, agentlessCalls, lineRoom, powerCalls, progressiveCalls } from './dialing-rules';
import { snapshotArbitrary, snapshotOf } from '../testing/snapshots';

describe('dialing rules', () => {
  it('progressive: one call in flight per ready agent', () => {
    const counts = countSnapshot(snapshotOf({ ready: 4, onCall: 3, ringing: 1, waiting: 1 }));
    expect(progressiveCalls(counts)).toBe(2);
    expect(progressiveCalls(countSnapshot(snapshotOf({ ready: 1, ringing: 3 })))).toBe(0);
  });

  it('power: powerRatio × ready agents, less the calls in flight', () => {
    const counts = countSnapshot(snapshotOf({ ready: 3, onCall: 5, ringing: 2 }));
    expect(powerCalls(counts, 2.5)).toBe(5); // floor(7.5) − 2
    expect(powerCalls(countSnapshot(snapshotOf({ ready: 100 })), 0.57)).toBe(57); // 0.57 × 100 = 56.99999999999999
    expect(powerCalls(countSnapshot(snapshotOf({ ready: 0, ringing: 4 })), 3)).toBe(0);
  });

  it('agentless: tops up to a fixed number of lines', () => {
    expect(agentlessCalls(countSnapshot(snapshotOf({ ringing: 3, waiting: 1 })), 10)).toBe(6);
    expect(agentlessCalls(countSnapshot(snapshotOf({ ringing: 12 })), 10)).toBe(0);
  });

  it('line room: maxLinesPerAgent per agent not paused, calls in flight included', () => {
    const counts = countSnapshot(snapshotOf({ ready: 2, onCall: 1, wrapUp: 1, paused: 5, ringing: 3 }));
    expect(counts.active).toBe(4);
    expect(lineRoom(counts, 2)).toBe(5);
    expect(lineRoom(counts, 0.5)).toBe(0);
  });

  it('dial level counts bridged, in-flight and new lines per available agent', () => {
    const counts = countSnapshot(snapshotOf({ ready: 1, onCall: 2, wrapUp: 1, ringing: 2 }));
    expect(agentDecision(counts, 2, 'x').dialLevel).toBe(1.5);
    expect(agentDecision(countSnapshot(snapshotOf({ paused: 2 })), 0, 'x').dialLevel).toBe(0);
  });

  it('never goes negative, whatever the snapshot', () => {
    fc.assert(
      fc.property(snapshotArbitrary(), fc.double({ min: 0.1, max: 20, noNaN: true }), (snapshot, ratio) => {
        const counts = countSnapshot(snapshot);
        for (const calls of [progressiveCalls(counts), powerCalls(counts, ratio), agentlessCalls(counts, 5), lineRoom(counts, ratio)]) {
          expect(Number.isInteger(calls)).toBe(true);
          expect(calls).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
