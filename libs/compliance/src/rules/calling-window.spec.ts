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

  it('names the earliest common opening whatever order the zones come in, even when which zone opens last changes', () => {
    // An Australian mobile may be anywhere: Adelaide (UTC+9:30, +10:30 from Sunday 4 October 2026) or Brisbane (UTC+10, no DST).
    // Thursday 1 October, 21:30 in Adelaide: Friday opens with Adelaide, at 08:00 there (08:30 in Brisbane);
    // from Sunday on, Brisbane is the one that opens last.
    const thursdayNight = at('2026-10-01T12:00:00Z');
    for (const zones of [
      ['Australia/Brisbane', 'Australia/Adelaide'],
      ['Australia/Adelaide', 'Australia/Brisbane'],
    ]) {
      expect(checkCallingWindow(thursdayNight, zones, US_HOURS).nextOpenAt).toEqual(at('2026-10-01T22:30:00Z'));
    }
  });

  it('never opens in a zone it does not know', () => {
    const check = checkCallingWindow(at('2026-11-23T15:00:00Z'), ['America/New_York', 'America/Nowhere'], US_HOURS);
    expect(check.open).toBe(false);
    expect(check.zones[0].open).toBe(true);
    expect(check.zones[1]).toMatchObject({ zone: 'America/Nowhere', localTime: '', open: false });
    expect(check.nextOpenAt).toBeNull();
  });

  it('never opens for a lead without a zone', () => {
    expect(checkCallingWindow(at('2026-11-23T15:00:00Z'), [], US_HOURS)).toEqual({ open: false, zones: [], nextOpenAt: null });
  });
});

describe('checkCallingWindow with windows off the hour', () => {
  const HALF_PAST: CallingHours = { weekly: everyDay('08:30', '20:30'), holidays: [] };
  const NY = ['America/New_York'];

  it('opens at 08:30, not 08:00 or 09:00, and says when it will open', () => {
    // Monday 23 November 2026, New York is UTC−5.
    expect(checkCallingWindow(at('2026-11-23T13:29:00Z'), NY, HALF_PAST)).toEqual({
      open: false,
      zones: [{ zone: 'America/New_York', localTime: '2026-11-23T08:29:00.000-05:00', open: false, reason: 'OUTSIDE_CALLING_HOURS' }],
      nextOpenAt: at('2026-11-23T13:30:00Z'),
    });
    expect(checkCallingWindow(at('2026-11-23T13:30:00Z'), NY, HALF_PAST)).toEqual({
      open: true,
      zones: [{ zone: 'America/New_York', localTime: '2026-11-23T08:30:00.000-05:00', open: true }],
      nextOpenAt: at('2026-11-23T13:30:00Z'),
    });
  });

  it('closes at 20:30 and opens again at 08:30 the next day', () => {
    expect(checkCallingWindow(at('2026-11-24T01:29:00Z'), NY, HALF_PAST).open).toBe(true);
    const closed = checkCallingWindow(at('2026-11-24T01:30:00Z'), NY, HALF_PAST);
    expect(closed.open).toBe(false);
    expect(closed.zones[0].reason).toBe('OUTSIDE_CALLING_HOURS');
    expect(closed.nextOpenAt).toEqual(at('2026-11-24T13:30:00Z'));
  });

  it('reads each weekday as itself', () => {
    const tuesdaysOnly: CallingHours = { weekly: { tue: { start: '09:00', end: '17:00' } }, holidays: [] };
    const monday = checkCallingWindow(at('2026-11-23T15:00:00Z'), NY, tuesdaysOnly);
    expect(monday.zones[0]).toMatchObject({ open: false, reason: 'NO_CALLS_THAT_DAY' });
    expect(monday.nextOpenAt).toEqual(at('2026-11-24T14:00:00Z'));
    expect(checkCallingWindow(at('2026-11-24T15:00:00Z'), NY, tuesdaysOnly).open).toBe(true);
  });

  it('looks two weeks ahead for the next opening, and no further', () => {
    // Mondays only; next Monday is a holiday: the one after, 14 days from today, is the next opening.
    const mondays = (holidays: string[]): CallingHours => ({ weekly: { mon: { start: '09:00', end: '17:00' } }, holidays });
    const afterHours = at('2026-11-23T23:00:00Z'); // Monday 18:00 in New York
    expect(checkCallingWindow(afterHours, NY, mondays(['2026-11-30'])).nextOpenAt).toEqual(at('2026-12-07T14:00:00Z'));
    expect(checkCallingWindow(afterHours, NY, mondays(['2026-11-30', '2026-12-07'])).nextOpenAt).toBeNull();
  });

  it('names the earliest opening when several zones open at different times', () => {
    // Chicago opens an hour after New York: the common window opens with Chicago, at 08:30 there.
    const check = checkCallingWindow(at('2026-11-23T12:00:00Z'), ['America/New_York', 'America/Chicago'], HALF_PAST);
    expect(check.nextOpenAt).toEqual(at('2026-11-23T14:30:00Z'));
  });
});
