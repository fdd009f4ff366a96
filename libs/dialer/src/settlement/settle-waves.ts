/**
 * Splits a batch into waves in which no key appears twice, keeping each
 * key's items in the order given: its first item in the first wave, its
 * second in the second, and so on. Settlement writes a wave's leads with one
 * statement each, so two attempts of one lead (a failed number and the next
 * one dialed at once) go in successive waves, the second reading the lead as
 * the first left it — as two single settles would.
 */
export function settleWaves<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const waves: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const wave = seen.get(key) ?? 0;
    seen.set(key, wave + 1);
    (waves[wave] ??= []).push(item);
  }
  return waves;
}
