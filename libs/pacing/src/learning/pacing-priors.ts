/**
 * What a predictive pacer may assume before its campaign has taught it
 * anything (issue 14 §2): samples of the three distributions it learns, from
 * the best source there is. They seed the learner's decaying histograms, so
 * the campaign's own calls outweigh them within a half-life or two.
 */
export interface PacingPriors {
  /** Where they come from: the campaign's own recent calls, its lists' calls in other campaigns, or industry figures. */
  source: 'campaign' | 'lists' | 'industry';
  /** Seconds from dial to each call's outcome, and whether a person answered. */
  outcomes: { afterSec: number; human: boolean }[];
  /** Talk times, seconds. */
  talkSec: number[];
  /** Wrap-up times, seconds. */
  wrapSec: number[];
}

/** A source's samples, as the runner reads them from history. */
export type PriorSamples = Omit<PacingPriors, 'source'>;

/** Fewest samples of a history worth trusting over the next source (the predictive warm-up's thresholds). */
export interface PriorMinimums {
  outcomes: number;
  humanAnswers: number;
  talks: number;
  wraps: number;
}

/**
 * Conservative industry figures, as evenly spread quantiles: a person answers
 * 30 % of dials (floors see 10-25 %: over-estimating answers dials fewer
 * lines), 6-20 s after the dial, the rest ring out at the ring timeout; talk
 * 60-330 s (long talk frees agents later: fewer lines again), wrap-up 15-45 s.
 */
export function industryPacingPriors(ringTimeoutSec: number): PacingPriors {
  // Above the warm-up thresholds even once the histograms' decay has weighed them.
  const n = 200;
  const outcomes: PacingPriors['outcomes'] = [];
  for (let i = 0; i < n; i++) {
    const human = i % 10 < 3;
    outcomes.push({ afterSec: human ? 6 + ((i * 7) % 15) : ringTimeoutSec, human });
  }
  const spread = (count: number, from: number, to: number) => Array.from({ length: count }, (_, i) => from + ((to - from) * (i + 0.5)) / count);
  return { source: 'industry', outcomes, talkSec: spread(60, 60, 330), wrapSec: spread(30, 15, 45) };
}

/** True when `samples` hold enough of every distribution to stand on their own. */
export function sufficientPriorSamples(samples: PriorSamples | undefined, minimums: PriorMinimums): samples is PriorSamples {
  if (!samples) return false;
  const humans = samples.outcomes.filter((o) => o.human).length;
  return (
    samples.outcomes.length >= minimums.outcomes &&
    humans >= minimums.humanAnswers &&
    samples.talkSec.length >= minimums.talks &&
    samples.wrapSec.length >= minimums.wraps
  );
}

/** The campaign's own history when it suffices, else its lists' history in other campaigns, else industry figures. */
export function selectPacingPriors(
  history: { campaign?: PriorSamples; lists?: PriorSamples },
  minimums: PriorMinimums,
  ringTimeoutSec: number,
): PacingPriors {
  if (sufficientPriorSamples(history.campaign, minimums)) return { source: 'campaign', ...history.campaign };
  if (sufficientPriorSamples(history.lists, minimums)) return { source: 'lists', ...history.lists };
  return industryPacingPriors(ringTimeoutSec);
}
