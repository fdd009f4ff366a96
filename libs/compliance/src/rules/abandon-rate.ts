/**
 * Abandoned calls as a share of calls a live person answered (DOMAIN.md);
 * zero when nobody has answered yet.
 */
export function abandonRate(abandoned: number, liveAnswered: number): number {
  return liveAnswered === 0 ? 0 : abandoned / liveAnswered;
}
