/** FTC TSR 16 CFR 310.4(b)(3)(iv): calls are scrubbed against a registry copy at most 31 days old. */
export const REGISTRY_COPY_MAX_AGE_DAYS = 31;

const DAY_MS = 24 * 3600_000;

/** Whole days since the registry copy was taken; null when no copy is known. */
export function registryCopyAgeDays(copyDate: Date | null, now: Date): number | null {
  return copyDate ? Math.floor((now.getTime() - copyDate.getTime()) / DAY_MS) : null;
}

/** Whether the registry copy in use is too old to scrub calls against. */
export function registryCopyStale(copyDate: Date | null, now: Date): boolean {
  const age = registryCopyAgeDays(copyDate, now);
  return age !== null && age > REGISTRY_COPY_MAX_AGE_DAYS;
}
