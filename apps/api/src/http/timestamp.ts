import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, ValidateBy, ValidationArguments } from 'class-validator';

/**
 * Instants PostgreSQL and every client can hold. `new Date('+257391-04-02')`
 * is a valid JavaScript date that PostgreSQL cannot parse, and `new Date('1')`
 * is the year 2001: both reached queries and came back as 500s.
 */
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 9999;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The instant a string names, or null when it is not an ISO 8601 date(-time) in the years we hold. */
export function parseTimestamp(value: unknown): Date | null {
  const match = typeof value === 'string' ? ISO_INSTANT.exec(value.trim()) : null;
  if (!match) return null;
  // JavaScript rolls an impossible day or hour over ("2026-02-30" is 2 March, "T24:00" the next day): a
  // filter would silently cover other days, so a date the calendar does not have is refused.
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate() || hour > 23 || minute > 59 || second > 59) return null;
  const at = new Date(match[0]);
  if (Number.isNaN(at.getTime())) return null;
  return at.getUTCFullYear() >= EARLIEST_YEAR && at.getUTCFullYear() <= LATEST_YEAR ? at : null;
}

/**
 * A date-time field, turned into a `Date`; anything else (a number, a loose
 * date string, a year past 9999) is a 400 naming the field.
 */
export function IsTimestamp(): PropertyDecorator {
  return (target, property) =>
    applyDecorators(
      Transform(({ value }: { value: unknown }) => (value instanceof Date ? value : (parseTimestamp(value) ?? value))),
      IsDate({ message: `${String(property)} must be an ISO 8601 date-time between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}` }),
    )(target, property);
}

/**
 * A date-time field kept as text (a filter stored with an export, inlined into SQL),
 * normalised to one UTC instant (`2026-12-01T00:00:00.000Z`) so that PostgreSQL and
 * JavaScript read the same moment whatever the session's zone; anything
 * `parseTimestamp` refuses (a week or ordinal date, a year past 9999) is a 400 naming the field.
 */
export function IsInstant(): PropertyDecorator {
  return (target, property) =>
    applyDecorators(
      Transform(({ value }: { value: unknown }) => parseTimestamp(value)?.toISOString() ?? value),
      ValidateBy({
        name: 'isInstant',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && parseTimestamp(value) !== null,
          defaultMessage: () => `${String(property)} must be an ISO 8601 date-time between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}`,
        },
      }),
    )(target, property);
}

/** The end of a range may not come before its start (given in the field `start`). */
export function NotBefore(start: string): PropertyDecorator {
  return ValidateBy({
    name: 'notBefore',
    validator: {
      validate(end: unknown, args?: ValidationArguments): boolean {
        const from = (args?.object as Record<string, unknown> | undefined)?.[start];
        const asTime = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'string' ? parseTimestamp(v)?.getTime() : undefined);
        const a = asTime(from);
        const b = asTime(end);
        return a === undefined || b === undefined || a <= b;
      },
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'the end'} must not be before ${start}`,
    },
  });
}
