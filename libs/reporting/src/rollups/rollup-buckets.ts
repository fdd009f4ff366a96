/**
 * The rollups' buckets (UTC hours and days, each the primary key's `hour` or
 * `day` column) and how a report's range splits over them: the one place that
 * says what a whole bucket, a part-hour or a finished bucket is.
 */
export type RollupBucket = 'hour' | 'day';

export const BUCKET_MS: Readonly<Record<RollupBucket, number>> = { hour: 3_600_000, day: 86_400_000 };
/** The same widths as PostgreSQL intervals (the fold's SQL). */
export const BUCKET_INTERVAL: Readonly<Record<RollupBucket, string>> = { hour: '1 hour', day: '1 day' };

/** The start of the bucket holding `at`. */
export const bucketFloor = (bucket: RollupBucket, at: Date) => new Date(Math.floor(at.getTime() / BUCKET_MS[bucket]) * BUCKET_MS[bucket]);
/** The start of the first whole bucket from `at` on (`at` itself when on a boundary). */
export const bucketCeil = (bucket: RollupBucket, at: Date) => new Date(Math.ceil(at.getTime() / BUCKET_MS[bucket]) * BUCKET_MS[bucket]);

/** The start before which buckets are finished, given the hours' cut-off (hours that began before it): an hour that began before it, a day whose last hour did. */
export function finishedBucketsBefore(bucket: RollupBucket, hoursCutoff: Date): Date {
  return new Date(hoursCutoff.getTime() - BUCKET_MS[bucket] + BUCKET_MS.hour);
}

/** Whole buckets [start, end) of one level, added to the figures, or subtracted (the rest of a day whose part the range holds). */
export interface BucketRun {
  bucket: RollupBucket;
  start: Date;
  end: Date;
  sign: 1 | -1;
}

/** A part-hour read from the raw rows, [start, end), added or (the rest of an hour the rollups give whole) subtracted. */
export interface RawPart {
  start: Date;
  end: Date;
  sign: 1 | -1;
}

/** How a range reads: runs of whole buckets from the rollups, and part-hours (each under an hour) from the raw rows. */
export interface RangePlan {
  runs: BucketRun[];
  parts: RawPart[];
}

/** Part-days of more hours than this are read as their day less the hours outside the range. */
const MOST_HOURS_ADDED = 12;

/** The span of [start, end) that has already happened by `now`: what reading its raw rows costs (the future holds none). */
const pastMs = (start: Date, end: Date, now: Date) => Math.max(0, Math.min(end.getTime(), now.getTime()) - start.getTime());

/**
 * [from, to) as whole UTC hours and part-hours at the ends, reading as few
 * raw rows as it can: a part-hour is its whole hour less the raw rows of the
 * rest of that hour when that rest has less past in it (the last part-hour
 * of a range ending now: its rest is still to come). Null when the range
 * holds no whole hour (the rollups have nothing to give).
 */
export function planByHour(from: Date, to: Date, now: Date): RangePlan | null {
  const firstHour = bucketCeil('hour', from);
  const endHour = bucketFloor('hour', to);
  if (endHour.getTime() <= firstHour.getTime()) return null;
  const parts: RawPart[] = [];
  let start = firstHour;
  let end = endHour;
  if (from.getTime() < firstHour.getTime()) {
    const hourStart = bucketFloor('hour', from);
    if (pastMs(hourStart, from, now) < pastMs(from, firstHour, now)) {
      start = hourStart;
      parts.push({ start: hourStart, end: from, sign: -1 });
    } else {
      parts.push({ start: from, end: firstHour, sign: 1 });
    }
  }
  if (endHour.getTime() < to.getTime()) {
    const hourEnd = bucketCeil('hour', to);
    if (pastMs(to, hourEnd, now) < pastMs(endHour, to, now)) {
      end = hourEnd;
      parts.push({ start: to, end: hourEnd, sign: -1 });
    } else {
      parts.push({ start: endHour, end: to, sign: 1 });
    }
  }
  return { runs: [{ bucket: 'hour', start, end, sign: 1 }], parts };
}

/**
 * [from, to) as whole UTC days, whole hours for the part-days at the ends
 * and the part-hours at the very ends (as planByHour), reading as few
 * buckets as it can: a part-day of more than 12 hours is its day less the
 * hours outside the range (so at most 12 hours per end), as long as that day
 * has ended by `now` (a day under way is still spread over its writers'
 * shards). Null when the range holds no whole hour.
 */
export function planByDay(from: Date, to: Date, now: Date): RangePlan | null {
  const byHour = planByHour(from, to, now);
  if (!byHour) return null;
  const [{ start: firstHour, end: endHour }] = byHour.runs;
  const firstDay = bucketCeil('day', firstHour);
  const endDay = bucketFloor('day', endHour);
  if (endDay.getTime() <= firstDay.getTime()) return byHour;
  const day = BUCKET_MS.day;
  const hours = (start: Date, end: Date) => (end.getTime() - start.getTime()) / BUCKET_MS.hour;
  const runs: BucketRun[] = [];
  let daysStart = firstDay;
  let daysEnd = endDay;
  if (hours(firstHour, firstDay) > MOST_HOURS_ADDED) {
    daysStart = new Date(firstDay.getTime() - day);
    runs.push({ bucket: 'hour', start: daysStart, end: firstHour, sign: -1 });
  } else if (firstHour.getTime() < firstDay.getTime()) {
    runs.push({ bucket: 'hour', start: firstHour, end: firstDay, sign: 1 });
  }
  if (hours(endDay, endHour) > MOST_HOURS_ADDED && endDay.getTime() + day <= now.getTime()) {
    daysEnd = new Date(endDay.getTime() + day);
    runs.push({ bucket: 'hour', start: endHour, end: daysEnd, sign: -1 });
  } else if (endDay.getTime() < endHour.getTime()) {
    runs.push({ bucket: 'hour', start: endDay, end: endHour, sign: 1 });
  }
  runs.unshift({ bucket: 'day', start: daysStart, end: daysEnd, sign: 1 });
  return { runs, parts: byHour.parts };
}
