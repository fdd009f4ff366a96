import { checkCallback, instantToZoned, zonedIso, zonedToInstant } from './calling-hours';

const HOURS = { weekly: { mon: { start: '09:00', end: '20:00' }, tue: { start: '09:00', end: '20:00' }, sun: null }, holidays: ['2026-12-08'] };
const NOW = new Date('2026-12-06T12:00:00Z');

describe('the callback picker’s calling hours (callee’s local time)', () => {
  it('reads a wall-clock time in the callee’s zone, across a daylight-saving change', () => {
    expect(zonedToInstant('2026-12-07T10:30', 'Asia/Tokyo')?.toISOString()).toBe('2026-12-07T01:30:00.000Z');
    expect(zonedToInstant('2026-07-01T09:00', 'America/New_York')?.toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(zonedToInstant('2026-12-01T09:00', 'America/New_York')?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(instantToZoned(new Date('2026-12-07T01:30:00Z'), 'Asia/Tokyo')).toBe('2026-12-07T10:30');
    expect(zonedIso('2026-12-07T10:30', 'Asia/Tokyo')).toBe('2026-12-07T10:30:00+09:00');
    expect(zonedIso('2026-12-01T09:00', 'America/New_York')).toBe('2026-12-01T09:00:00-05:00');
  });

  it('accepts a time inside the hours and refuses one outside, on a closed day, on a holiday or in the past', () => {
    expect(checkCallback('2026-12-07T10:30', 'Asia/Tokyo', HOURS, NOW)).toEqual({ ok: true, at: new Date('2026-12-07T01:30:00Z') });
    expect(checkCallback('2026-12-07T20:00', 'Asia/Tokyo', HOURS, NOW)).toMatchObject({ ok: false, reason: 'outside' });
    expect(checkCallback('2026-12-07T08:59', 'Asia/Tokyo', HOURS, NOW)).toMatchObject({ ok: false, reason: 'outside' });
    expect(checkCallback('2026-12-13T10:00', 'Asia/Tokyo', HOURS, NOW)).toMatchObject({ ok: false, reason: 'closed' });
    expect(checkCallback('2026-12-08T10:00', 'Asia/Tokyo', HOURS, NOW)).toMatchObject({ ok: false, reason: 'closed' });
    expect(checkCallback('2026-12-01T10:00', 'Asia/Tokyo', HOURS, NOW)).toMatchObject({ ok: false, reason: 'past' });
    expect(checkCallback('tomorrow', 'Asia/Tokyo', HOURS, NOW)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses a time open where the agent typed it but closed in another zone the number may be in (605: Denver or Central)', () => {
    const usHours = { weekly: { tue: { start: '08:00', end: '21:00' } }, holidays: [] };
    // 20:30 in Denver is 21:30 in Central time: closed there, so the api's intersection refuses it.
    expect(checkCallback('2026-12-08T20:30', 'America/Denver', usHours, NOW, ['America/North_Dakota/Center'])).toMatchObject({
      ok: false,
      reason: 'outside',
      otherZone: 'America/North_Dakota/Center',
    });
    expect(checkCallback('2026-12-08T19:30', 'America/Denver', usHours, NOW, ['America/North_Dakota/Center'])).toMatchObject({ ok: true });
  });
});

