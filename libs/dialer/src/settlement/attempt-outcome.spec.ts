import { MACHINE_VERDICTS } from '../attempts/attempt-classes';
import { attemptOutcome, AttemptRecord } from './attempt-outcome';

const attempt = (over: Partial<AttemptRecord>): AttemptRecord => ({
  state: 'completed',
  answered_at: '2026-11-23T17:00:05Z',
  answered_by: null,
  abandoned: false,
  outcome: null,
  ...over,
});

describe('attemptOutcome', () => {
  it('counts a live person given the abandon message as abandoned', () => {
    expect(attemptOutcome(attempt({ abandoned: true, outcome: 'abandoned' }))).toBe('abandoned');
    expect(attemptOutcome(attempt({ abandoned: true, answered_by: 'human' }))).toBe('abandoned');
  });

  it('never counts a machine as an abandon, even when the call flow gave up before the async AMD verdict came', () => {
    for (const verdict of MACHINE_VERDICTS) {
      expect(attemptOutcome(attempt({ abandoned: true, outcome: 'abandoned', answered_by: verdict }))).toBe('machine');
    }
    expect(attemptOutcome(attempt({ abandoned: true, outcome: 'machine' }))).toBe('machine');
  });

  it('keeps skipped previews skipped and reads unanswered calls from their state', () => {
    expect(attemptOutcome(attempt({ outcome: 'skipped', state: 'canceled', answered_at: null }))).toBe('skipped');
    expect(attemptOutcome(attempt({ state: 'busy', answered_at: null }))).toBe('busy');
    expect(attemptOutcome(attempt({ state: 'canceled', answered_at: null }))).toBe('canceled');
  });
});
