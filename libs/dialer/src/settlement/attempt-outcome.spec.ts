import { MACHINE_VERDICTS } from '../attempts/attempt-classes';
import { attemptOutcome, AttemptRecord, neverPutThrough } from './attempt-outcome';

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

  it('counts as abandoned a person who answered an agent campaign and was never put through nor given the message (the api was down)', () => {
    const unanswered = attempt({ mode: 'predictive', answered_by: 'human', connected_at: null, put_through_at: null });
    expect(neverPutThrough(unanswered)).toBe(true);
    expect(attemptOutcome(unanswered)).toBe('abandoned');
    // Without AMD's verdict, a completed call was still answered by someone.
    expect(attemptOutcome(attempt({ mode: 'power', answered_at: null, connected_at: null, put_through_at: null }))).toBe('abandoned');
  });

  it('does not count as abandoned a callee the flow put through, a machine, a survey, an unanswered call, or a record without the flow’s marks', () => {
    const base = { mode: 'predictive', answered_by: 'human', connected_at: null, put_through_at: null } as const;
    // Put through while on the line, even when the conference's own callback was lost.
    expect(attemptOutcome(attempt({ ...base, put_through_at: '2026-11-23T17:00:06Z', ended_at: '2026-11-23T17:03:00Z' }))).toBe('human');
    expect(attemptOutcome(attempt({ ...base, put_through_at: '2026-11-23T17:00:06Z', ended_at: null }))).toBe('human');
    expect(attemptOutcome(attempt({ ...base, connected_at: '2026-11-23T17:00:06Z' }))).toBe('human');
    expect(attemptOutcome(attempt({ ...base, answered_by: 'machine_start' }))).toBe('machine');
    expect(attemptOutcome(attempt({ ...base, mode: 'agentless' }))).toBe('human');
    expect(attemptOutcome(attempt({ ...base, state: 'no_answer', answered_at: null, answered_by: null }))).toBe('no_answer');
    expect(attemptOutcome(attempt({ ...base, mode: null }))).toBe('human');
    expect(attemptOutcome(attempt({ answered_by: 'human' }))).toBe('human');
  });

  it('counts as abandoned a callee who had hung up by the time the flow put them through (an api answering Twilio seconds late)', () => {
    const late = attempt({
      mode: 'predictive',
      answered_by: 'human',
      connected_at: null,
      ended_at: '2026-11-23T17:00:09.400Z',
      // As PostgreSQL writes a timestamptz.
      put_through_at: '2026-11-23 17:00:10.750123+00',
    });
    expect(neverPutThrough(late)).toBe(true);
    expect(attemptOutcome(late)).toBe('abandoned');
    // The same instant: the bridge reaches Twilio after the stamp, so the callee was already gone.
    expect(neverPutThrough({ ...late, ended_at: '2026-11-23T17:00:10.750Z', put_through_at: '2026-11-23T17:00:10.750Z' })).toBe(true);
    // Twilio's end in the stamp's second (it stamps whole seconds): gone within a second of the bridge, counted.
    expect(neverPutThrough({ ...late, ended_at: '2026-11-23T17:00:10Z', put_through_at: '2026-11-23 17:00:10.750123+00' })).toBe(true);
    // Gone in a later second: the bridge may have reached them (its join's callback lost).
    expect(neverPutThrough({ ...late, ended_at: '2026-11-23T17:00:11Z', put_through_at: '2026-11-23 17:00:10.750123+00' })).toBe(false);
    // Joined the agent's room: never an abandon, whatever the clocks say.
    expect(neverPutThrough({ ...late, connected_at: '2026-11-23T17:00:09.000Z' })).toBe(false);
  });
});
