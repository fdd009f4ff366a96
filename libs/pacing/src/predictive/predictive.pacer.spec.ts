import fc from 'fast-check';
import { createPacer } from '../create-pacer';
import { PacingEvent, PacingSettings } from '../pacing.types';
import { historyOf } from '../testing/histories';
import { snapshotArbitrary, snapshotOf } from '../testing/snapshots';

const SETTINGS: PacingSettings = {
  mode: 'predictive',
  maxAbandonRate: 0.03,
  targetAbandonRate: 0.024,
  maxLinesPerAgent: 3,
  ringTimeoutSec: 25,
  connectGraceSec: 2,
};

// 400 dials, 100 person answers, 100 talks: well past every warm-up threshold.
const WARM = historyOf({ calls: 400 });
const AFTER_WARM = WARM[WARM.length - 1].atMs + 1_000;

describe('predictive pacing', () => {
  it('dials progressively until it has enough observations', () => {
    const pacer = createPacer(SETTINGS, { history: historyOf({ calls: 40 }) });
    const decision = pacer.decide(snapshotOf({ nowMs: 200_000, ready: 3, onCall: 6, wrapUp: 4, ringing: 1 }));
    expect(decision.callsToPlace).toBe(2);
    expect(decision.reason).toMatch(/warming up/);
  });

  it('once warm, dials ahead for agents about to finish wrap-up', () => {
    const pacer = createPacer(SETTINGS, { history: WARM });
    const snapshot = snapshotOf({ nowMs: AFTER_WARM, wrapUp: 10, onCall: 10, elapsedMs: 8_000 });
    const decision = pacer.decide(snapshot);
    expect(decision.reason).toBe('predictive');
    expect(decision.callsToPlace).toBeGreaterThan(0);
  });

  it('prices the variance: dials fewer calls when the same agents are fewer and the odds thinner', () => {
    const pacer = createPacer(SETTINGS, { history: WARM });
    const many = pacer.decide(snapshotOf({ nowMs: AFTER_WARM, ready: 40, onCall: 40 })).callsToPlace;
    const few = pacer.decide(snapshotOf({ nowMs: AFTER_WARM, ready: 4, onCall: 4 })).callsToPlace;
    // Ten times the agents allows more than ten times the calls: pooling narrows the spread.
    expect(many).toBeGreaterThan(10 * few);
  });

  it('falls back to progressive when the realised rate reaches the cap, until it is back under target', () => {
    const history = historyOf({ calls: 400, abandonEvery: 25 }); // 4 of 100 person answers abandoned
    const pacer = createPacer(SETTINGS, { history });
    let now = history[history.length - 1].atMs + 1_000;
    const snapshot = () => snapshotOf({ nowMs: now, ready: 2, wrapUp: 10, onCall: 10, elapsedMs: 8_000 });
    const fallback = pacer.decide(snapshot());
    expect(fallback.reason).toMatch(/abandon rate at cap/);
    expect(fallback.callsToPlace).toBe(2);

    // 4 / 160 = 2.5 %: under the cap, not yet under target — still progressive.
    const answer = (i: number): PacingEvent[] => [
      { type: 'placed', callId: `more-${i}`, atMs: now },
      { type: 'answered', callId: `more-${i}`, atMs: now + 8_000, by: 'human' },
    ];
    for (let i = 0; i < 60; i++, now += 10_000) for (const e of answer(i)) pacer.observe(e);
    expect(pacer.decide(snapshot()).reason).toMatch(/abandon rate at cap/);

    // 4 / 170 = 2.35 %: under target — predictive again.
    for (let i = 60; i < 70; i++, now += 10_000) for (const e of answer(i)) pacer.observe(e);
    expect(pacer.decide(snapshot()).reason).toBe('predictive');
  });

  it('places nothing when no agent is logged in, or all are paused', () => {
    const pacer = createPacer(SETTINGS, { history: WARM });
    expect(pacer.decide(snapshotOf({ nowMs: AFTER_WARM })).callsToPlace).toBe(0);
    expect(pacer.decide(snapshotOf({ nowMs: AFTER_WARM, paused: 5, ringing: 2 })).callsToPlace).toBe(0);
  });

  it('never exceeds maxLinesPerAgent, and places nothing without an available agent (property)', () => {
    const warm = createPacer(SETTINGS, { history: WARM });
    const cold = createPacer(SETTINGS);
    fc.assert(
      fc.property(snapshotArbitrary(AFTER_WARM), (snapshot) => {
        const available = snapshot.agents.filter((a) => a.state !== 'paused').length;
        for (const pacer of [warm, cold]) {
          const { callsToPlace } = pacer.decide(snapshot);
          expect(Number.isInteger(callsToPlace)).toBe(true);
          expect(callsToPlace).toBeGreaterThanOrEqual(0);
          const ceiling = Math.max(0, SETTINGS.maxLinesPerAgent * available - snapshot.calls.length);
          expect(callsToPlace).toBeLessThanOrEqual(ceiling);
          if (available === 0) expect(callsToPlace).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is a deterministic function of its history and snapshots', () => {
    fc.assert(
      fc.property(fc.array(snapshotArbitrary(AFTER_WARM), { minLength: 1, maxLength: 5 }), (snapshots) => {
        const a = createPacer(SETTINGS, { history: WARM, seed: 1 });
        const b = createPacer(SETTINGS, { seed: 1 });
        for (const event of WARM) b.observe(event);
        for (const snapshot of snapshots) expect(a.decide(snapshot)).toEqual(b.decide(snapshot));
      }),
      { numRuns: 30 },
    );
  });

  it('remembers, after a restart, a bad day older than the replayed history (abandonCounts)', () => {
    const DAY = 86_400_000;
    const snapshot = snapshotOf({ nowMs: AFTER_WARM, ready: 2, wrapUp: 10, onCall: 10, elapsedMs: 8_000 });
    // The replayed hours are clean: on their own they allow predictive dialing.
    expect(createPacer(SETTINGS, { history: WARM }).decide(snapshot).reason).toBe('predictive');
    // Ten days ago (inside the 30-day window) 100 of 1,000 live answers were abandoned: the rate is over the cap.
    const badDay = { atMs: -10 * DAY, liveAnswers: 1_000, abandons: 100 };
    const seeded = createPacer(SETTINGS, { history: WARM, abandonCounts: [badDay] }).decide(snapshot);
    expect(seeded.reason).toMatch(/abandon rate at cap/);
    // The same day outside the window (40 days ago) is forgotten, as the law forgets it.
    const old = createPacer(SETTINGS, { history: WARM, abandonCounts: [{ ...badDay, atMs: -40 * DAY }] }).decide(snapshot);
    expect(old.reason).toBe('predictive');
    // A UK campaign's 24-hour window forgets the 10-day-old day too.
    const uk = createPacer({ ...SETTINGS, abandonWindowMs: DAY }, { history: WARM, abandonCounts: [badDay] }).decide(snapshot);
    expect(uk.reason).toBe('predictive');
  });
});
