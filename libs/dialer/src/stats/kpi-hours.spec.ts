import fc from 'fast-check';
import { splitByHour } from './kpi-hours';

const at = (iso: string) => new Date(iso);

describe('splitByHour', () => {
  it('takes whole hours between the ends and the part-hours at them', () => {
    expect(splitByHour(at('2026-11-02T10:17:33.250Z'), at('2026-11-03T22:59:59.999Z'))).toEqual({
      firstHour: at('2026-11-02T11:00:00Z'),
      endHour: at('2026-11-03T22:00:00Z'),
      parts: [
        [at('2026-11-02T10:17:33.250Z'), at('2026-11-02T11:00:00Z')],
        [at('2026-11-03T22:00:00Z'), at('2026-11-03T22:59:59.999Z')],
      ],
    });
  });

  it('leaves out empty parts when an end is on the hour', () => {
    expect(splitByHour(at('2026-11-02T10:00:00Z'), at('2026-11-02T12:00:00Z'))).toEqual({ firstHour: at('2026-11-02T10:00:00Z'), endHour: at('2026-11-02T12:00:00Z'), parts: [] });
    expect(splitByHour(at('2026-11-02T10:00:00Z'), at('2026-11-02T11:00:00.001Z'))?.parts).toEqual([[at('2026-11-02T11:00:00Z'), at('2026-11-02T11:00:00.001Z')]]);
  });

  it('is null when no whole hour fits', () => {
    expect(splitByHour(at('2026-11-02T10:05:00Z'), at('2026-11-02T10:55:00Z'))).toBeNull();
    expect(splitByHour(at('2026-11-02T10:05:00Z'), at('2026-11-02T11:55:00Z'))).toBeNull(); // crosses an hour, holds none whole
    expect(splitByHour(at('2026-11-02T10:00:00Z'), at('2026-11-02T10:59:59.999Z'))).toBeNull();
  });

  it('covers the range exactly: parts and whole hours, in order, without overlap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), fc.integer({ min: 1, max: 3 * 86_400_000 }), (start, length) => {
        const from = new Date(Date.UTC(2026, 0, 1) + start);
        const to = new Date(from.getTime() + length);
        const split = splitByHour(from, to);
        if (!split) {
          expect(Math.floor(to.getTime() / 3_600_000) * 3_600_000).toBeLessThanOrEqual(Math.ceil(from.getTime() / 3_600_000) * 3_600_000);
          return;
        }
        expect(split.firstHour.getTime() % 3_600_000).toBe(0);
        expect(split.endHour.getTime() % 3_600_000).toBe(0);
        const pieces = [...split.parts, [split.firstHour, split.endHour] as [Date, Date]].sort((a, b) => a[0].getTime() - b[0].getTime());
        expect(pieces[0][0]).toEqual(from);
        expect(pieces[pieces.length - 1][1]).toEqual(to);
        for (let i = 1; i < pieces.length; i++) expect(pieces[i][0]).toEqual(pieces[i - 1][1]);
        for (const [a, b] of pieces) expect(b.getTime()).toBeGreaterThan(a.getTime());
        for (const [a, b] of split.parts) expect(b.getTime() - a.getTime()).toBeLessThan(3_600_000);
      }),
    );
  });
});
