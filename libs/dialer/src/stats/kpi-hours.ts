const HOUR_MS = 3_600_000;

/** How a report's range splits over the hourly rollups: whole UTC hours read from them, part-hours at the ends read raw. */
export interface HourSplit {
  /** The first whole hour (the range's start rounded up to the hour). */
  firstHour: Date;
  /** The end of the last whole hour (the range's end rounded down). */
  endHour: Date;
  /** The part-hours before `firstHour` and from `endHour`, each [start, end), empty ones left out. */
  parts: [Date, Date][];
}

/** The split of [from, to), or null when the range holds no whole hour (the rollups have nothing to give). */
export function splitByHour(from: Date, to: Date): HourSplit | null {
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  const endHour = new Date(Math.floor(to.getTime() / HOUR_MS) * HOUR_MS);
  if (endHour.getTime() <= firstHour.getTime()) return null;
  const parts: [Date, Date][] = [];
  if (from.getTime() < firstHour.getTime()) parts.push([from, firstHour]);
  if (endHour.getTime() < to.getTime()) parts.push([endHour, to]);
  return { firstHour, endHour, parts };
}
