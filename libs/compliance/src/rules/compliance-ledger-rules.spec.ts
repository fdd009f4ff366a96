import fc from 'fast-check';
import { registryCopyStale } from './registry-copy';
import { DateTime } from 'luxon';
import { isUsBusinessDay, revocationLag, usBusinessDaysBetween } from './revocation-lag';
import { checkStateRules, UsStateRule } from './state-rules';
import { everyDay } from './calling-window';
import { stateOfAreaCode, stateOfRegion, stateOfZip, usStateOf } from './us-states';

const at = (iso: string) => new Date(iso);

describe('revocation lag in US business days', () => {
  it('counts weekdays after the day of receipt, skipping weekends and federal holidays', () => {
    // Friday 2026-11-20 → Monday 11-23: one business day.
    expect(usBusinessDaysBetween(at('2026-11-20T15:00:00Z'), at('2026-11-23T15:00:00Z'))).toBe(1);
    // Same day: zero.
    expect(usBusinessDaysBetween(at('2026-11-23T14:00:00Z'), at('2026-11-23T22:00:00Z'))).toBe(0);
    // Wednesday 11-25 → Friday 11-27 crosses Thanksgiving (11-26): one business day.
    expect(usBusinessDaysBetween(at('2026-11-25T15:00:00Z'), at('2026-11-27T15:00:00Z'))).toBe(1);
    // 2026-12-24 → 2026-12-28 crosses Christmas and a weekend: one.
    expect(usBusinessDaysBetween(at('2026-12-24T15:00:00Z'), at('2026-12-28T15:00:00Z'))).toBe(1);
  });

  it('skips an observed federal holiday that date-holidays files as a bank holiday (Veterans Day on a weekend)', () => {
    // Veterans Day 2028 is a Saturday, observed Friday 11-10: Thursday 11-09 → Monday 11-13 is one business day.
    expect(usBusinessDaysBetween(at('2028-11-09T15:00:00Z'), at('2028-11-13T15:00:00Z'))).toBe(1);
    // Veterans Day 2029 is a Sunday, observed Monday 11-12: Friday 11-09 → Tuesday 11-13 is one business day.
    expect(usBusinessDaysBetween(at('2029-11-09T15:00:00Z'), at('2029-11-13T15:00:00Z'))).toBe(1);
  });

  it('counts exactly as a day-by-day walk does, over spans of years', () => {
    const walk = (from: Date, to: Date): number => {
      let day = DateTime.fromJSDate(from).setZone('America/New_York').startOf('day');
      const last = DateTime.fromJSDate(to).setZone('America/New_York').startOf('day');
      let n = 0;
      while (day < last) {
        day = day.plus({ days: 1 });
        if (isUsBusinessDay(day)) n++;
      }
      return n;
    };
    fc.assert(
      fc.property(fc.date({ min: at('2019-01-01T00:00:00Z'), max: at('2029-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 900 }), (from, days) => {
        const to = new Date(from.getTime() + days * 86_400_000 + (days % 5) * 3_600_000);
        return usBusinessDaysBetween(from, to) === walk(from, to);
      }),
      { numRuns: 60 },
    );
    expect(usBusinessDaysBetween(at('2026-11-23T15:00:00Z'), at('2026-11-20T15:00:00Z'))).toBe(0);
  });

  it('reads days in Washington’s calendar', () => {
    // 03:00Z Saturday is still Friday evening in Washington: to Monday is one business day.
    expect(usBusinessDaysBetween(at('2026-11-21T03:00:00Z'), at('2026-11-23T15:00:00Z'))).toBe(1);
  });

  it('flags a revocation honoured after more than 10 business days, and one still open that long', () => {
    const received = at('2026-11-02T15:00:00Z'); // Monday
    expect(revocationLag(received, at('2026-11-16T15:00:00Z'), at('2026-12-01T00:00:00Z'))).toEqual({ businessDays: 9, honoured: true, overDeadline: false }); // Veterans Day skipped
    expect(revocationLag(received, at('2026-11-18T15:00:00Z'), at('2026-12-01T00:00:00Z'))).toMatchObject({ businessDays: 11, overDeadline: true });
    expect(revocationLag(received, null, at('2026-11-18T15:00:00Z'))).toEqual({ businessDays: 11, honoured: false, overDeadline: true });
  });

  it('never counts more business days than calendar days, nor fewer than 5 per 7 minus holidays', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2025-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 60 }), (from, days) => {
        const n = usBusinessDaysBetween(from, new Date(from.getTime() + days * 86_400_000));
        return n <= days && n >= Math.floor(days / 7) * 5 - 12;
      }),
      { numRuns: 200 },
    );
  });
});

describe('US state of a callee', () => {
  it('reads a region cell by code or name, in any case', () => {
    expect(stateOfRegion('fl')).toBe('FL');
    expect(stateOfRegion(' new  york ')).toBe('NY');
    expect(stateOfRegion('Ontario')).toBeNull();
  });

  it('reads ZIPs (ZIP+4, dropped leading zeros) and area codes', () => {
    expect(stateOfZip('33101-1234')).toBe('FL');
    expect(stateOfZip('2134')).toBe('MA'); // 02134 Boston
    expect(stateOfZip('abc')).toBeNull();
    expect(stateOfAreaCode('+14055550100')).toBe('OK');
    expect(stateOfAreaCode('+13015550100')).toBe('MD');
    expect(stateOfAreaCode('+12065550100')).toBe('WA');
    expect(stateOfAreaCode('+18005550100')).toBeNull(); // toll-free
    expect(stateOfAreaCode('+442071234567')).toBeNull();
  });

  it('prefers the region, then the ZIP, then the area code', () => {
    expect(usStateOf({ region: 'WA', postalCode: '33101', phone: '+14055550100' })).toEqual({ state: 'WA', source: 'region' });
    expect(usStateOf({ region: 'nowhere', postalCode: '33101', phone: '+14055550100' })).toEqual({ state: 'FL', source: 'postal_code' });
    expect(usStateOf({ phone: '+14055550100' })).toEqual({ state: 'OK', source: 'area_code' });
    expect(usStateOf({ phone: '+18005550100' })).toBeNull();
  });
});

describe('state rules', () => {
  const hours = { weekly: everyDay('08:00', '21:00'), holidays: [] };
  const NY = ['America/New_York'];

  it('are data: a new state’s rule is one entry', () => {
    const rules = new Map<string, UsStateRule>([['TX', { name: 'Texas', law: 'test', callingHours: { start: '09:00', end: '21:00' }, maxCallsPerSubjectPer24h: null }]]);
    const early = checkStateRules(at('2026-11-23T13:30:00Z'), NY, hours, { state: 'TX', source: 'region' }, { subjectCallTimes: [] }, rules);
    expect(early).toMatchObject({ passed: false, code: 'OUTSIDE_STATE_CALLING_HOURS', retryAt: at('2026-11-23T14:00:00Z') });
  });

  it('keep the campaign’s narrower hours (the stricter wins both ways)', () => {
    const narrow = { weekly: { ...everyDay('10:00', '18:00'), sun: null }, holidays: [] };
    // 09:00 in Miami: open for Florida, not for the campaign → the state gate reopens at 10:00.
    expect(checkStateRules(at('2026-11-23T14:00:00Z'), NY, narrow, { state: 'FL', source: 'region' }, { subjectCallTimes: [] })).toMatchObject({
      passed: false,
      retryAt: at('2026-11-23T15:00:00Z'),
    });
  });

  it('pass with federal rules alone where the state is unknown or has no rule', () => {
    expect(checkStateRules(at('2026-11-24T01:30:00Z'), NY, hours, null, { subjectCallTimes: [] })).toMatchObject({ passed: true, evidence: { state: null } });
    expect(checkStateRules(at('2026-11-24T01:30:00Z'), NY, hours, { state: 'NY', source: 'area_code' }, { subjectCallTimes: [] }).passed).toBe(true);
  });
});

describe('national registry copy age', () => {
  it('is stale after 31 days', () => {
    const now = at('2026-12-06T12:00:00Z');
    expect(registryCopyStale(at('2026-11-05T00:00:00Z'), now)).toBe(false); // 31 days
    expect(registryCopyStale(at('2026-11-04T00:00:00Z'), now)).toBe(true);
    expect(registryCopyStale(null, now)).toBe(false);
  });
});
