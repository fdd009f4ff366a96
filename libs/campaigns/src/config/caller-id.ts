import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The NANP area code (or, elsewhere, the first national digits) used to match a local caller id. */
function areaOf(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return null;
  const national = parsed.nationalNumber.toString();
  return `${parsed.countryCallingCode}:${parsed.countryCallingCode === '1' ? national.slice(0, 3) : national.slice(0, 2)}`;
}

/**
 * Picks the caller id for a call: with local presence, a pool number from the
 * callee's area code when there is one; otherwise the pool in rotation.
 */
export function pickCallerId(pool: readonly string[], callee: string, localPresence: boolean, rotation: number): string {
  if (pool.length === 0) throw new Error('The campaign has no caller id');
  if (localPresence) {
    const area = areaOf(callee);
    const local = pool.filter((number) => area !== null && areaOf(number) === area);
    if (local.length > 0) return local[Math.abs(rotation) % local.length];
  }
  return pool[Math.abs(rotation) % pool.length];
}
