import fc from 'fast-check';
import { createPacer } from './create-pacer';
import { PacingSettingsError } from './pacing.errors';
import { PacingMode, PacingSettings } from './pacing.types';
import { resolvePacingSettings } from './pacing-settings';
import { snapshotArbitrary, snapshotOf } from './testing/snapshots';

const base: PacingSettings = { mode: 'progressive', maxAbandonRate: 0.03, maxLinesPerAgent: 3, ringTimeoutSec: 25, connectGraceSec: 2 };
const pacer = (overrides: Partial<PacingSettings>) => createPacer({ ...base, ...overrides });

describe('createPacer', () => {
  it('preview never dials', () => {
    expect(pacer({ mode: 'preview' }).decide(snapshotOf({ ready: 10 })).callsToPlace).toBe(0);
  });

  it('progressive keeps one call in flight per ready agent', () => {
    const decision = pacer({}).decide(snapshotOf({ ready: 5, onCall: 3, ringing: 2 }));
    expect(decision).toEqual({ callsToPlace: 3, dialLevel: 1, reason: 'progressive' });
  });

  it('power dials powerRatio × ready agents less the calls in flight, under the line ceiling', () => {
    expect(pacer({ mode: 'power', powerRatio: 2.5 }).decide(snapshotOf({ ready: 4, onCall: 4, ringing: 3 })).callsToPlace).toBe(7);
    const capped = pacer({ mode: 'power', powerRatio: 8, maxLinesPerAgent: 2 }).decide(snapshotOf({ ready: 4, onCall: 1 }));
    expect(capped.callsToPlace).toBe(10);
    expect(capped.reason).toMatch(/line ceiling/);
  });

  it('agentless keeps agentlessLines lines busy without agents', () => {
    const decision = pacer({ mode: 'agentless', agentlessLines: 30 }).decide(snapshotOf({ ringing: 12, waiting: 3 }));
    expect(decision).toEqual({ callsToPlace: 15, dialLevel: 30, reason: 'agentless' });
  });

  it('dials for no agent who announced a pause after the current call ("pause after this call")', () => {
    const nowMs = 1_000_000;
    const leaving = { nowMs, agents: [{ id: 'a', state: 'on_call' as const, sinceMs: 0, announcedPause: true }], calls: [] };
    for (const mode of ['power', 'predictive'] as PacingMode[]) {
      expect(pacer({ mode, powerRatio: 3 }).decide(leaving).callsToPlace).toBe(0);
    }
    const staying = { nowMs, agents: [{ id: 'a', state: 'on_call' as const, sinceMs: 0 }, { id: 'b', state: 'ready' as const, sinceMs: 0, announcedPause: true }], calls: [] };
    // An agent in wrap-up who announced a pause is not a line's worth of room either.
    expect(pacer({ mode: 'power', powerRatio: 3, maxLinesPerAgent: 3 }).decide(staying).callsToPlace).toBe(0);
    const ready = { nowMs, agents: [{ id: 'b', state: 'ready' as const, sinceMs: 0 }], calls: [] };
    expect(pacer({}).decide(ready).callsToPlace).toBe(1);
    expect(pacer({}).decide({ ...ready, agents: [{ ...ready.agents[0], announcedPause: true }] }).callsToPlace).toBe(0);
  });

  it('no agent mode dials when no agent is available (property)', () => {
    const modes: PacingMode[] = ['preview', 'progressive', 'power', 'predictive'];
    fc.assert(
      fc.property(snapshotArbitrary(), fc.constantFrom(...modes), (snapshot, mode) => {
        const onlyPaused = { ...snapshot, agents: snapshot.agents.map((a) => ({ ...a, state: 'paused' as const })) };
        expect(pacer({ mode, powerRatio: 3 }).decide(onlyPaused).callsToPlace).toBe(0);
      }),
    );
  });

  it('never exceeds maxLinesPerAgent in any agent mode (property)', () => {
    fc.assert(
      fc.property(
        snapshotArbitrary(),
        fc.constantFrom<PacingMode>('progressive', 'power', 'predictive'),
        fc.double({ min: 0.5, max: 6, noNaN: true }),
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        (snapshot, mode, maxLinesPerAgent, powerRatio) => {
          const available = snapshot.agents.filter((a) => a.state !== 'paused').length;
          const { callsToPlace } = pacer({ mode, maxLinesPerAgent, powerRatio }).decide(snapshot);
          // Within 1e-9 of a whole number counts as it (0.57 × 100 = 56.99999999999999 is 57 lines).
          const ceiling = Math.max(snapshot.calls.length, maxLinesPerAgent * available + 1e-9);
          expect(snapshot.calls.length + callsToPlace).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });

  it('defaults the target to 80 % of the cap and rejects settings it cannot pace with', () => {
    expect(resolvePacingSettings(base).targetAbandonRate).toBeCloseTo(0.024, 10);
    expect(resolvePacingSettings({ ...base, targetAbandonRate: 0.02 }).targetAbandonRate).toBe(0.02);
    expect(() => pacer({ mode: 'power' })).toThrow(PacingSettingsError);
    expect(() => pacer({ mode: 'agentless' })).toThrow(/agentlessLines/);
    expect(() => pacer({ maxAbandonRate: 0 })).toThrow(/maxAbandonRate/);
    expect(() => pacer({ targetAbandonRate: 0.05 })).toThrow(/targetAbandonRate/);
    expect(() => pacer({ maxLinesPerAgent: -1, ringTimeoutSec: Number.NaN })).toThrow(/maxLinesPerAgent.*ringTimeoutSec/);
  });
});
