import fc from 'fast-check';
import {
  applyAll,
  applyProgress,
  attemptStateOf,
  AttemptProgress,
  NEW_ATTEMPT_PROGRESS,
  ProgressReport,
} from './attempt-state-machine';
import { CALL_OUTCOMES, deliveryOf, lifecycleOf } from './call-lifecycle.fixture';

/** One realistic call: its reports in the order they happened. */
const callLifecycleArbitrary = () =>
  fc
    .record({
      outcome: fc.constantFrom(...CALL_OUTCOMES),
      gaps: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
      asyncAmd: fc.boolean(),
      bridged: fc.boolean(),
    })
    .map(lifecycleOf);

const t = (second: number) => new Date(Date.UTC(2026, 10, 22, 16, 0, second));

const HUMAN: ProgressReport[] = [
  { status: 'initiated', sequenceNumber: 0, at: t(0) },
  { status: 'ringing', sequenceNumber: 1, at: t(2) },
  { status: 'in-progress', sequenceNumber: 2, at: t(9) },
  { status: 'completed', sequenceNumber: 3, at: t(40), durationSec: 31, sipResponseCode: 200, answeredBy: 'human' },
];

describe('attempt state machine', () => {
  it('maps Twilio call statuses to attempt states', () => {
    expect(attemptStateOf('in-progress')).toBe('in_progress');
    expect(attemptStateOf('no-answer')).toBe('no_answer');
    expect(attemptStateOf('ringing')).toBe('ringing');
  });

  it('walks an answered call through every state, stamping each', () => {
    expect(applyAll(HUMAN)).toEqual<AttemptProgress>({
      state: 'completed',
      lastSequenceNumber: 3,
      initiatedAt: t(0),
      ringingAt: t(2),
      answeredAt: t(9),
      connectedAt: null,
      endedAt: t(40),
      answeredBy: 'human',
      durationSec: 31,
      sipResponseCode: 200,
    });
  });

  it('ignores a late ringing after completed, but keeps its timestamp when that was still missing', () => {
    const ended = applyAll([HUMAN[0]!, HUMAN[3]!]);
    const late = applyProgress(ended, HUMAN[1]!);
    expect(late.stateChanged).toBe(false);
    expect(late.next.state).toBe('completed');
    expect(late.next.ringingAt).toEqual(t(2));
    expect(late.next.lastSequenceNumber).toBe(3);
  });

  it('keeps answeredAt when completed overtook in-progress', () => {
    const progress = applyAll([HUMAN[3]!, HUMAN[2]!, HUMAN[1]!, HUMAN[0]!]);
    expect(progress).toEqual(applyAll(HUMAN));
  });

  it('changes nothing on a duplicate', () => {
    const once = applyProgress(NEW_ATTEMPT_PROGRESS, HUMAN[1]!);
    const twice = applyProgress(once.next, HUMAN[1]!);
    expect(twice.changed).toBe(false);
    expect(twice.next).toEqual(once.next);
  });

  it('never leaves a terminal state, not even for another terminal status', () => {
    const busy = applyAll([{ status: 'busy', sequenceNumber: 2, at: t(3), sipResponseCode: 486 }]);
    const after = applyProgress(busy, { status: 'completed', sequenceNumber: 5, at: t(9), sipResponseCode: 200 });
    expect(after.next.state).toBe('busy');
    expect(after.stateChanged).toBe(false);
    expect(after.next.sipResponseCode).toBe(486);
  });

  it('records an AMD verdict and a conference join without a state', () => {
    const answered = applyAll(HUMAN.slice(0, 3));
    const amd = applyProgress(answered, { at: t(11), answeredBy: 'machine_end_beep' });
    expect(amd).toMatchObject({ changed: true, stateChanged: false, filled: ['answeredBy'] });
    const joined = applyProgress(amd.next, { at: t(12), joinedConference: true });
    expect(joined.filled).toEqual(['connectedAt']);
    expect(joined.next).toMatchObject({ state: 'in_progress', answeredBy: 'machine_end_beep', connectedAt: t(12) });
  });

  it('moves the state without stamping when a report does not say when (a voice request)', () => {
    const ringing = applyAll(HUMAN.slice(0, 2));
    const voice = applyProgress(ringing, { status: 'in-progress', answeredBy: 'human' });
    expect(voice.next).toMatchObject({ state: 'in_progress', answeredAt: null, answeredBy: 'human' });
    expect(applyProgress(voice.next, HUMAN[2]!).next.answeredAt).toEqual(t(9));
  });

  it('ends in the same state whatever the order and duplication of a call’s callbacks (property)', () => {
    fc.assert(
      fc.property(
        callLifecycleArbitrary(),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (lifecycle, shuffleSeed, duplicates) => {
          const delivered = deliveryOf(lifecycle, shuffleSeed, duplicates);
          expect(applyAll(delivered)).toEqual(applyAll(lifecycle));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('only ever moves forward while callbacks arrive (property)', () => {
    fc.assert(
      fc.property(callLifecycleArbitrary(), fc.array(fc.nat(), { maxLength: 20 }), (lifecycle, shuffleSeed) => {
        let progress = NEW_ATTEMPT_PROGRESS;
        const ranks = ['queued', 'initiated', 'ringing', 'in_progress'];
        const rank = (state: string) => (ranks.includes(state) ? ranks.indexOf(state) : 4);
        for (const report of deliveryOf(lifecycle, shuffleSeed, [])) {
          const next = applyProgress(progress, report).next;
          expect(rank(next.state)).toBeGreaterThanOrEqual(rank(progress.state));
          expect(next.lastSequenceNumber).toBeGreaterThanOrEqual(progress.lastSequenceNumber);
          progress = next;
        }
      }),
    );
  });
});
