import fc from 'fast-check';
import { BUCKET_MS, planByDay, planByHour, RangePlan } from './rollup-buckets';

const at = (iso: string) => new Date(iso);
const HOUR = BUCKET_MS.hour;
const DAY = BUCKET_MS.day;

/** How many times the plan counts instant `t`: the runs' signs where they hold it, plus the parts holding it. */
function coverage(plan: RangePlan, t: number): number {
  const holds = (start: Date, end: Date) => start.getTime() <= t && t < end.getTime();
  return [...plan.runs, ...plan.parts].reduce((n, piece) => n + (holds(piece.start, piece.end) ? piece.sign : 0), 0);
}

/** The range as the plan reads it counts every instant of [from, to) once and nothing else, with whole buckets from the rollups. */
function coversExactly(plan: RangePlan, from: Date, to: Date, probes: number[]): void {
  for (const t of [from.getTime() - 1, from.getTime(), to.getTime() - 1, to.getTime(), ...probes]) {
    expect({ t, n: coverage(plan, t) }).toEqual({ t, n: t >= from.getTime() && t < to.getTime() ? 1 : 0 });
  }
  for (const run of plan.runs) {
    expect(run.start.getTime() % BUCKET_MS[run.bucket]).toBe(0);
    expect(run.end.getTime() % BUCKET_MS[run.bucket]).toBe(0);
    expect(run.end.getTime()).toBeGreaterThan(run.start.getTime());
  }
  for (const { start, end } of plan.parts) expect(end.getTime() - start.getTime()).toBeLessThan(HOUR);
}

const hoursRead = (plan: RangePlan) => plan.runs.filter((run) => run.bucket === 'hour').reduce((n, run) => n + (run.end.getTime() - run.start.getTime()) / HOUR, 0);

describe('planByHour', () => {
  const later = at('2026-12-01T00:00:00Z');

  it('takes whole hours between the ends, and each part-hour raw or as its hour less the rest, whichever has less past to read', () => {
    expect(planByHour(at('2026-11-02T10:17:33.250Z'), at('2026-11-03T22:59:59.999Z'), later)).toEqual({
      runs: [{ bucket: 'hour', start: at('2026-11-02T10:00:00Z'), end: at('2026-11-03T23:00:00Z'), sign: 1 }],
      parts: [
        { start: at('2026-11-02T10:00:00Z'), end: at('2026-11-02T10:17:33.250Z'), sign: -1 },
        { start: at('2026-11-03T22:59:59.999Z'), end: at('2026-11-03T23:00:00Z'), sign: -1 },
      ],
    });
    expect(planByHour(at('2026-11-02T10:47:00Z'), at('2026-11-03T22:10:00Z'), later)).toEqual({
      runs: [{ bucket: 'hour', start: at('2026-11-02T11:00:00Z'), end: at('2026-11-03T22:00:00Z'), sign: 1 }],
      parts: [
        { start: at('2026-11-02T10:47:00Z'), end: at('2026-11-02T11:00:00Z'), sign: 1 },
        { start: at('2026-11-03T22:00:00Z'), end: at('2026-11-03T22:10:00Z'), sign: 1 },
      ],
    });
  });

  it('reads the last part-hour of a range ending now as its hour less the rest, which has not happened yet', () => {
    const now = at('2026-12-07T02:05:00Z');
    expect(planByHour(at('2026-12-06T02:05:00Z'), now, now)?.parts.slice(-1)).toEqual([{ start: now, end: at('2026-12-07T03:00:00Z'), sign: -1 }]);
  });

  it('leaves out empty parts when an end is on the hour', () => {
    expect(planByHour(at('2026-11-02T10:00:00Z'), at('2026-11-02T12:00:00Z'), later)?.parts).toEqual([]);
  });

  it('is null when no whole hour fits', () => {
    expect(planByHour(at('2026-11-02T10:05:00Z'), at('2026-11-02T10:55:00Z'), later)).toBeNull();
    expect(planByHour(at('2026-11-02T10:05:00Z'), at('2026-11-02T11:55:00Z'), later)).toBeNull(); // crosses an hour, holds none whole
    expect(planByHour(at('2026-11-02T10:00:00Z'), at('2026-11-02T10:59:59.999Z'), later)).toBeNull();
    expect(planByDay(at('2026-11-02T10:05:00Z'), at('2026-11-02T10:55:00Z'), at('2026-12-01T00:00:00Z'))).toBeNull();
  });
});

describe('planByDay', () => {
  const now = at('2026-12-07T02:16:01.000Z');

  it('reads 30 days to now as whole days, the first part-day as its day less the hours before the range, the last one by hour', () => {
    expect(planByDay(at('2026-11-07T02:16:01.000Z'), now, now)).toEqual({
      runs: [
        { bucket: 'day', start: at('2026-11-07T00:00:00Z'), end: at('2026-12-07T00:00:00Z'), sign: 1 },
        { bucket: 'hour', start: at('2026-11-07T00:00:00Z'), end: at('2026-11-07T02:00:00Z'), sign: -1 },
        { bucket: 'hour', start: at('2026-12-07T00:00:00Z'), end: at('2026-12-07T03:00:00Z'), sign: 1 },
      ],
      parts: [
        { start: at('2026-11-07T02:00:00Z'), end: at('2026-11-07T02:16:01.000Z'), sign: -1 },
        { start: now, end: at('2026-12-07T03:00:00Z'), sign: -1 },
      ],
    });
  });

  it('adds the hours of a short part-day, and never takes a day still under way less its future hours', () => {
    const evening = at('2026-12-06T20:00:00Z');
    expect(planByDay(at('2026-12-01T21:00:00Z'), evening, evening)?.runs).toEqual([
      { bucket: 'day', start: at('2026-12-02T00:00:00Z'), end: at('2026-12-06T00:00:00Z'), sign: 1 },
      { bucket: 'hour', start: at('2026-12-01T21:00:00Z'), end: at('2026-12-02T00:00:00Z'), sign: 1 },
      { bucket: 'hour', start: at('2026-12-06T00:00:00Z'), end: at('2026-12-06T20:00:00Z'), sign: 1 },
    ]);
    // The same range read the next day: the last part-day is its day less its last hours.
    expect(planByDay(at('2026-12-01T21:00:00Z'), evening, at('2026-12-07T00:00:00Z'))?.runs.slice(-1)).toEqual([
      { bucket: 'hour', start: at('2026-12-06T20:00:00Z'), end: at('2026-12-07T00:00:00Z'), sign: -1 },
    ]);
  });

  it('reads by hour a range that holds no whole day', () => {
    const from = at('2026-12-01T05:10:00Z');
    const to = at('2026-12-02T23:10:00Z');
    expect(planByDay(from, to, now)).toEqual(planByHour(from, to, now));
  });

  it('covers any range exactly, reading at most 12 hours at each end of a range of whole days once those days are over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * DAY }),
        fc.integer({ min: 1, max: 40 * DAY }),
        fc.integer({ min: 0, max: 3 * DAY }),
        fc.array(fc.integer({ min: -2 * DAY, max: 43 * DAY }), { minLength: 20, maxLength: 20 }),
        (start, length, late, offsets) => {
          const from = new Date(Date.UTC(2026, 0, 1) + start);
          const to = new Date(from.getTime() + length);
          const plan = planByDay(from, to, new Date(to.getTime() + late));
          if (!plan) {
            expect(planByHour(from, to, new Date(to.getTime() + late))).toBeNull();
            return;
          }
          coversExactly(plan, from, to, offsets.map((offset) => from.getTime() + offset));
          if (plan.runs.some((run) => run.bucket === 'day') && to.getTime() + late >= Math.ceil(to.getTime() / DAY) * DAY) expect(hoursRead(plan)).toBeLessThanOrEqual(24);
        },
      ),
    );
  });
});
