import fc from 'fast-check';
import { CallingHours, checkCallingWindow, everyDay } from './calling-window';

const US_HOURS: CallingHours = { weekly: everyDay('08:00', '21:00'), holidays: [] };
const at = (iso: string) => new Date(iso);

describe('checkCallingWindow', () => {
  it('opens at 08:00 and closes at 21:00 in the callee’s own zone', () => {
    // 13:00Z is 08:00 in New York (EST, UTC−5) and 05:00 in Los Angeles.
    expect(checkCallingWindow(at('2026-11-23T13:00:00Z'), ['America/New_York'], US_HOURS).open).toBe(true);
    expect(checkCallingWindow(at('2026-11-23T12:59:00Z'), ['America/New_York'], US_HOURS).open).toBe(false);
    expect(checkCallingWindow(at('2026-11-23T13:00:00Z'), ['America/Los_Angeles'], US_HOURS).open).toBe(false);
    // 21:00 New York is 02:00Z next day: closed at 21:00 sharp.
    expect(checkCallingWindow(at('2026-11-24T01:59:00Z'), ['America/New_York'], US_HOURS).open).toBe(true);
    expect(checkCallingWindow(at('2026-11-24T02:00:00Z'), ['America/New_York'], US_HOURS).open).toBe(false);
  });

  it('intersects candidate zones: open only when open in every one', () => {
    const alaska = ['America/Anchorage', 'America/Adak']; // UTC−9 and UTC−10 in winter
    // 17:30Z: 08:30 in Anchorage but 07:30 in Adak.
    const early = checkCallingWindow(at('2026-11-23T17:30:00Z'), alaska, US_HOURS);
    expect(early.open).toBe(false);
    expect(early.zones.map((z) => z.open)).toEqual([true, false]);
    expect(early.nextOpenAt).toEqual(at('2026-11-23T18:00:00Z')); // 08:00 in Adak
    // 06:30Z next day: 21:30 Anchorage (closed), 20:30 Adak (open).
    expect(checkCallingWindow(at('2026-11-24T06:30:00Z'), alaska, US_HOURS).open).toBe(false);
  });

  it('skips holidays and days without calls in the callee’s calendar', () => {
    const hours: CallingHours = { weekly: { ...everyDay('09:00', '20:00'), sun: null }, holidays: ['2026-12-25'] };
    const christmasNoonTokyo = checkCallingWindow(at('2026-12-25T03:00:00Z'), ['Asia/Tokyo'], hours);
    expect(christmasNoonTokyo.zones[0].reason).toBe('HOLIDAY');
    expect(christmasNoonTokyo.nextOpenAt).toEqual(at('2026-12-26T00:00:00Z')); // Sat 09:00 JST
    const sunday = checkCallingWindow(at('2026-12-27T03:00:00Z'), ['Asia/Tokyo'], hours);
    expect(sunday.zones[0].reason).toBe('NO_CALLS_THAT_DAY');
    expect(sunday.nextOpenAt).toEqual(at('2026-12-28T00:00:00Z')); // Mon 09:00 JST
  });

  it('follows daylight saving time', () => {
    // 8 March 2026: US clocks spring forward; 08:00 New York is 12:00Z after the change.
    expect(checkCallingWindow(at('2026-03-09T12:00:00Z'), ['America/New_York'], US_HOURS).open).toBe(true);
    expect(checkCallingWindow(at('2026-03-06T12:00:00Z'), ['America/New_York'], US_HOURS).open).toBe(false);
  });

  it('never opens when the candidate zones share no common hour', () => {
    const check = checkCallingWindow(at('2026-11-23T16:00:00Z'), ['America/Phoenix', 'Asia/Tokyo', 'Europe/London'], US_HOURS);
    expect(check.open).toBe(false);
    expect(check.nextOpenAt).toBeNull();
  });

  it('never opens for a lead without a zone', () => {
    expect(checkCallingWindow(at('2026-11-23T15:00:00Z'), [], US_HOURS)).toEqual({ open: false, zones: [], nextOpenAt: null });
  });

  it('always names a next opening at which every zone really is open, and none earlier', () => {
    // Candidates come from one number's area, so they are neighbours (here: US zones).
    const zones = fc.subarray(
      ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
      { minLength: 1, maxLength: 3 },
    );
    const instants = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(zones, instants, (candidates, now) => {
        const check = checkCallingWindow(now, candidates, US_HOURS);
        if (check.open) return check.nextOpenAt?.getTime() === now.getTime();
        if (!check.nextOpenAt) return false; // 08–21 in US zones always overlap somewhere within a day
        const next = check.nextOpenAt;
        const openThen = checkCallingWindow(next, candidates, US_HOURS).open;
        const minuteBefore = new Date(next.getTime() - 60_000);
        const closedJustBefore = minuteBefore < now || !checkCallingWindow(minuteBefore, candidates, US_HOURS).open;
        return openThen && closedJustBefore && next > now;
      }),
      { numRuns: 300 },
    );
  });
});
