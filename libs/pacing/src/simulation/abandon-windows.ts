/**
 * The worst abandon rate over any window of `windowBins` consecutive bins
 * ending within the first `usedBins`; the rate of the whole run when it is
 * shorter than one window (the rule's "campaign life if shorter").
 */
export function worstWindowRate(answers: Int32Array, abandons: Int32Array, windowBins: number, usedBins: number): number {
  let answerSum = 0;
  let abandonSum = 0;
  const firstEnd = Math.min(windowBins, usedBins);
  for (let i = 0; i < firstEnd; i++) {
    answerSum += answers[i];
    abandonSum += abandons[i];
  }
  let worst = answerSum > 0 ? abandonSum / answerSum : 0;
  for (let end = firstEnd; end < usedBins; end++) {
    answerSum += answers[end] - answers[end - windowBins];
    abandonSum += abandons[end] - abandons[end - windowBins];
    if (answerSum > 0 && abandonSum / answerSum > worst) worst = abandonSum / answerSum;
  }
  return worst;
}
