import { canonicalZone, resolveTimezone, zoneOfPostalCode } from './timezone-resolver';

describe('resolveTimezone', () => {
  it('prefers an explicit zone column over everything else', () => {
    expect(resolveTimezone({ explicit: 'america/chicago', postalCode: '94105', e164: '+12125550100', country: 'US' })).toEqual({
      timezone: 'America/Chicago',
      candidates: ['America/Chicago'],
      source: 'explicit',
    });
  });

  it('reads common abbreviations', () => {
    expect(resolveTimezone({ explicit: 'PST' }).timezone).toBe('America/Los_Angeles');
    expect(resolveTimezone({ explicit: 'jst' }).timezone).toBe('Asia/Tokyo');
  });

  it('falls through an explicit cell that names no zone', () => {
    expect(resolveTimezone({ explicit: 'Mars/Olympus', e164: '+12125550100', country: 'US' }).source).toBe('area_code');
  });

  it('uses a US ZIP code before the area code (a mobile number moves, an address says where the person is)', () => {
    expect(resolveTimezone({ postalCode: '94105-1234', e164: '+12125550100', country: 'US' })).toMatchObject({
      timezone: 'America/Los_Angeles',
      source: 'postal_code',
    });
  });

  it('puts back the leading zero Excel drops from New England ZIP codes', () => {
    expect(zoneOfPostalCode('2134')).toBe('America/New_York');
  });

  it('uses the NANP area code, keeping every candidate when it spans zones', () => {
    expect(resolveTimezone({ e164: '+12125550100', country: 'US' })).toEqual({
      timezone: 'America/New_York',
      candidates: ['America/New_York'],
      source: 'area_code',
    });
    expect(resolveTimezone({ e164: '+19075550100', country: 'US' })).toEqual({
      timezone: null,
      candidates: ['America/Adak', 'America/Anchorage'],
      source: 'area_code',
    });
  });

  it('knows nothing from a toll-free number', () => {
    expect(resolveTimezone({ e164: '+18005550100', country: 'US' })).toEqual({ timezone: null, candidates: [], source: null });
  });

  it('uses the country when it has a single zone', () => {
    expect(resolveTimezone({ e164: '+819012345678', country: 'JP' })).toMatchObject({ timezone: 'Asia/Tokyo', source: 'country' });
    expect(resolveTimezone({ e164: '+447700900123', country: 'GB' })).toMatchObject({ timezone: 'Europe/London', source: 'country' });
  });

  it('does not guess for a country that spans zones', () => {
    expect(resolveTimezone({ e164: '+61412345678', country: 'AU' }).source).toBeNull();
  });

  it('ignores a ZIP code for a number outside NANP', () => {
    expect(resolveTimezone({ postalCode: '94105', e164: '+819012345678', country: 'JP' }).source).toBe('country');
  });
});

describe('canonicalZone', () => {
  it.each([
    ['Asia/Tokyo', 'Asia/Tokyo'],
    [' europe/london ', 'Europe/London'],
    ['EST', 'America/New_York'],
    ['', null],
    ['GMT+9 maybe', null],
  ])('%j → %j', (cell, zone) => {
    expect(canonicalZone(cell)).toBe(zone);
  });
});
