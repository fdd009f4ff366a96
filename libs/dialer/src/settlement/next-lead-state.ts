import { CampaignConfig } from '@dialer/campaigns';

/** How an attempt ended, as far as retries care. */
export const ATTEMPT_OUTCOMES = ['human', 'machine', 'abandoned', 'busy', 'no_answer', 'failed', 'canceled'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface DispositionFlags {
  code: string;
  isFinal: boolean;
  isCallback: boolean;
  isDnc: boolean;
}

export interface EndedAttempt {
  outcome: AttemptOutcome;
  endedAt: Date;
  disposition: DispositionFlags | null;
  /** For callback dispositions: when the callee asked to be called (already converted from their local time). */
  callbackAt: Date | null;
  /** JP: the callee refused (a final "not interested" kind of disposition). */
  refused: boolean;
}

export type NextLeadState =
  | { status: 'retry' | 'callback'; nextAttemptAt: Date; reason: string }
  | { status: 'done' | 'exhausted'; reason: string }
  | { status: 'blocked'; blockedReason: 'dnc' | 'refused'; reason: string };

/**
 * Where a lead goes after an attempt: final dispositions close it, DNC and (JP)
 * refusals block it for good, callbacks are booked at the callee's time,
 * everything else is retried after the campaign's delay for that outcome
 * until the lifetime limit is used up. A wrong number (one of the campaign's
 * `numbers.wrongNumberCodes`) or a line that failed to connect (disconnected)
 * while the lead has `otherNumbers` left to try moves on at once: due now,
 * the hopper then dials the next number.
 */
export function nextLeadState(attempt: EndedAttempt, config: CampaignConfig, attemptsSoFar: number, otherNumbers = 0): NextLeadState {
  const { disposition } = attempt;
  if (disposition?.isDnc) return { status: 'blocked', blockedReason: 'dnc', reason: `${disposition.code}: the callee asked not to be called` };
  if (attempt.refused && config.profile.refusalIsPermanentForProduct) {
    return { status: 'blocked', blockedReason: 'refused', reason: `${disposition?.code ?? 'REFUSED'}: refused; never solicited again for this product` };
  }
  if (disposition?.isCallback && attempt.callbackAt) {
    return { status: 'callback', nextAttemptAt: attempt.callbackAt, reason: `${disposition.code}: callback booked` };
  }
  const wrongNumber = disposition !== null && config.numbers.wrongNumberCodes.includes(disposition.code);
  if ((wrongNumber || attempt.outcome === 'failed') && otherNumbers > 0 && attemptsSoFar < config.attemptLimits.lifetime) {
    const what = wrongNumber ? `${disposition.code}: a wrong number` : 'failed: the line did not connect';
    return { status: 'retry', nextAttemptAt: attempt.endedAt, reason: `${what}; the next number at once` };
  }
  if (disposition?.isFinal) return { status: 'done', reason: `${disposition.code}: final` };
  if (attemptsSoFar >= config.attemptLimits.lifetime) {
    return { status: 'exhausted', reason: `All ${config.attemptLimits.lifetime} attempts used` };
  }
  const ruleKey = disposition && config.retryRules[disposition.code] ? disposition.code : attempt.outcome;
  const rule = config.retryRules[ruleKey] ?? config.retryRules.no_answer;
  return {
    status: 'retry',
    nextAttemptAt: new Date(attempt.endedAt.getTime() + rule.afterMinutes * 60_000),
    reason: `${disposition?.code ?? attempt.outcome}: retry in ${rule.afterMinutes} min`,
  };
}
