import { resolveCampaignConfig } from '@dialer/campaigns';
import { EndedAttempt, nextLeadState } from './next-lead-state';

const config = (jurisdiction: 'US' | 'JP' = 'US') =>
  resolveCampaignConfig({
    kind: 'telemarketing',
    dialingMode: 'predictive',
    jurisdiction,
    settings: { attemptLimits: { lifetime: 3, perDay: 2 }, retryRules: { busy: { afterMinutes: 10 }, INTERESTED: { afterMinutes: 1440 } } },
  });
const endedAt = new Date('2026-11-23T20:00:00Z');
const attempt = (over: Partial<EndedAttempt>): EndedAttempt => ({
  outcome: 'human',
  endedAt,
  disposition: null,
  callbackAt: null,
  refused: false,
  ...over,
});
const code = (c: string, flags: Partial<{ isFinal: boolean; isCallback: boolean; isDnc: boolean }> = {}) => ({
  code: c,
  isFinal: false,
  isCallback: false,
  isDnc: false,
  ...flags,
});

describe('nextLeadState', () => {
  it('retries after the delay the campaign sets for the outcome', () => {
    expect(nextLeadState(attempt({ outcome: 'busy' }), config(), 1)).toEqual({
      status: 'retry',
      nextAttemptAt: new Date('2026-11-23T20:10:00Z'),
      reason: 'busy: retry in 10 min',
    });
    expect(nextLeadState(attempt({ outcome: 'no_answer' }), config(), 1)).toMatchObject({ nextAttemptAt: new Date('2026-11-23T22:00:00Z') });
  });

  it('uses a disposition’s own retry rule when it has one', () => {
    expect(nextLeadState(attempt({ disposition: code('INTERESTED') }), config(), 1)).toMatchObject({
      status: 'retry',
      nextAttemptAt: new Date('2026-11-24T20:00:00Z'),
    });
  });

  it('closes the lead on a final disposition and exhausts it at the lifetime limit', () => {
    expect(nextLeadState(attempt({ disposition: code('SALE', { isFinal: true }) }), config(), 1)).toMatchObject({ status: 'done' });
    expect(nextLeadState(attempt({ outcome: 'no_answer' }), config(), 3)).toMatchObject({ status: 'exhausted' });
  });

  it('books a callback at the time the callee asked for, even at the limit', () => {
    const callbackAt = new Date('2026-11-25T01:30:00Z');
    expect(nextLeadState(attempt({ disposition: code('CALLBACK', { isCallback: true }), callbackAt }), config(), 3)).toMatchObject({
      status: 'callback',
      nextAttemptAt: callbackAt,
    });
  });

  it('blocks for good on a do-not-call disposition, and on a JP refusal', () => {
    expect(nextLeadState(attempt({ disposition: code('DNC', { isFinal: true, isDnc: true }) }), config(), 1)).toMatchObject({
      status: 'blocked',
      blockedReason: 'dnc',
    });
    const refusal = attempt({ disposition: code('NOT_INTERESTED', { isFinal: true }), refused: true });
    expect(nextLeadState(refusal, config('JP'), 1)).toMatchObject({ status: 'blocked', blockedReason: 'refused' });
    expect(nextLeadState(refusal, config('US'), 1)).toMatchObject({ status: 'done' });
  });

  it('moves on to the next number at once after a wrong number or a dead line, and closes the lead when none is left', () => {
    const wrong = attempt({ disposition: code('WRONG_NUMBER', { isFinal: true }) });
    expect(nextLeadState(wrong, config(), 1, 1)).toEqual({ status: 'retry', nextAttemptAt: endedAt, reason: 'WRONG_NUMBER: a wrong number; the next number at once' });
    expect(nextLeadState(wrong, config(), 1, 0)).toMatchObject({ status: 'done' });
    expect(nextLeadState(attempt({ outcome: 'failed' }), config(), 1, 2)).toMatchObject({ status: 'retry', nextAttemptAt: endedAt });
    expect(nextLeadState(attempt({ outcome: 'failed' }), config(), 1, 0)).toMatchObject({ status: 'retry', reason: 'failed: retry in 60 min' });
    // The lifetime limit is the lead's, whichever number is next.
    expect(nextLeadState(attempt({ outcome: 'failed' }), config(), 3, 2)).toMatchObject({ status: 'exhausted' });
  });
});
