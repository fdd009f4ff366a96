import { EntityManager } from '@mikro-orm/postgresql';
import { ValidationFailedError } from '@dialer/core';

/** Zones PostgreSQL was found to know, per process: its zone list is read once per zone (tens of ms), not per report. */
const known = new Set<string>();

const refused = (timeZone: string) => new ValidationFailedError([{ field: 'timeZone', messages: [`${timeZone} is not an IANA time zone (e.g. Asia/Tokyo)`] }]);

/**
 * Refuses (400, naming timeZone) a report zone that is not an IANA zone known to
 * both JavaScript and PostgreSQL, which computes the report's days and hours.
 * Their zone data differ: `US/Pacific-New` passes Intl and PostgreSQL cannot read
 * it (a 500), and PostgreSQL reads abbreviations Intl also takes as something
 * else (`IST`: Israel for PostgreSQL, India for ICU), so only PostgreSQL's zone
 * names (pg_timezone_names, no abbreviations) are taken.
 */
export async function checkReportTimeZone(em: EntityManager, timeZone: string): Promise<void> {
  if (known.has(timeZone)) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw refused(timeZone);
  }
  // Interpolated into SQL (PostgreSQL cannot bind an AT TIME ZONE name inside date_trunc's grouping key): a strict shape too.
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) throw refused(timeZone);
  const [{ named }] = await em
    .getConnection()
    .execute<{ named: boolean }[]>(`select exists (select 1 from pg_timezone_names where lower(name) = lower(?)) as named`, [timeZone]);
  if (!named) throw refused(timeZone);
  known.add(timeZone);
}
