/**
 * A `datetime-local` input's value, read in the user's own zone, as an ISO
 * instant for the api; undefined when empty or not a date-time.
 */
export function instantOfLocalInput(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An instant as a `datetime-local` input's value in the user's own zone (`2026-12-06T10:30`). */
export function localInputOf(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}
