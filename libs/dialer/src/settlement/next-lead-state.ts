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
 * until the lifetime limit is used up.
 */
export function nextLeadState(attempt: EndedAttempt, config: CampaignConfig, attemptsSoFar: number): NextLeadState {
  const { disposition } = attempt;
  if (disposition?.isDnc) return { status: 'blocked', blockedReason: 'dnc', reason: `${disposition.code}: the callee asked not to be called` };
  if (attempt.refused && config.profile.refusalIsPermanentForProduct) {
    return { status: 'blocked', blockedReason: 'refused', reason: `${disposition?.code ?? 'REFUSED'}: refused; never solicited again for this product` };
  }
  if (disposition?.isCallback && attempt.callbackAt) {
    return { status: 'callback', nextAttemptAt: attempt.callbackAt, reason: `${disposition.code}: callback booked` };
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
