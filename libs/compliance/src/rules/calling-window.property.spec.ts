import fc from 'fast-check';
import { CallingHours, checkCallingWindow, everyDay } from './calling-window';

const US_HOURS: CallingHours = { weekly: everyDay('08:00', '21:00'), holidays: [] };

describe('checkCallingWindow (property)', () => {
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
