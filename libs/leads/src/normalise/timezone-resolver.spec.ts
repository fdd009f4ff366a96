import { canonicalZone, resolveTimezone, zoneOfPostalCode, zonesOfCountry } from './timezone-resolver';

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

  it('knows nothing from a toll-free or premium number in a country of several zones (it rings wherever its owner routes it)', () => {
    expect(resolveTimezone({ e164: '+18005550100', country: 'US', phoneType: 'toll_free' })).toEqual({ timezone: null, candidates: [], source: null });
    expect(resolveTimezone({ e164: '+34900123456', country: 'ES', phoneType: 'toll_free' })).toEqual({ timezone: null, candidates: [], source: null });
  });

  it('gives a toll-free or premium number of a single-zone country its zone', () => {
    expect(resolveTimezone({ e164: '+81120123456', country: 'JP', phoneType: 'toll_free' })).toMatchObject({ timezone: 'Asia/Tokyo', source: 'country' });
    expect(resolveTimezone({ e164: '+449061234567', country: 'GB', phoneType: 'premium_rate' })).toMatchObject({ timezone: 'Europe/London', source: 'country' });
  });

  it('knows nothing of an international number with no country (+800)', () => {
    expect(resolveTimezone({ e164: '+80012345678', phoneType: 'toll_free' })).toEqual({ timezone: null, candidates: [], source: null });
  });

  it('uses the country when it has a single zone', () => {
    expect(resolveTimezone({ e164: '+819012345678', country: 'JP', phoneType: 'mobile' })).toMatchObject({ timezone: 'Asia/Tokyo', source: 'country' });
    expect(resolveTimezone({ e164: '+447700900123', country: 'GB', phoneType: 'mobile' })).toMatchObject({ timezone: 'Europe/London', source: 'country' });
  });

  it.each([
    ['UAE mobile', '+971501234567', 'AE', 'mobile', 'Asia/Dubai'],
    ['UAE Dubai line', '+97142345678', 'AE', 'fixed_line', 'Asia/Dubai'],
    ['Guernsey', '+441481256789', 'GG', 'fixed_line', 'Europe/London'],
    ['Jersey', '+441534723456', 'JE', 'fixed_line', 'Europe/London'],
    ['Isle of Man mobile', '+447624123456', 'IM', 'mobile', 'Europe/London'],
    ['Sydney line', '+61212345678', 'AU', 'fixed_line', 'Australia/Sydney'],
    ['Madrid line', '+34912345678', 'ES', 'fixed_line', 'Europe/Madrid'],
    ['Canary Islands line', '+34928123456', 'ES', 'fixed_line', 'Atlantic/Canary'],
    ['São Paulo mobile (geographic in Brazil)', '+5511912345678', 'BR', 'mobile', 'America/Sao_Paulo'],
    ['Mexico City mobile (geographic in Mexico)', '+525512345678', 'MX', 'mobile', 'America/Mexico_City'],
    ['Jakarta mobile (geographic in Indonesia)', '+628123456789', 'ID', 'mobile', 'Asia/Jakarta'],
    ['Beijing mobile (geographic in China, which spans two zones)', '+8613812345678', 'CN', 'mobile', 'Asia/Shanghai'],
    ['Mexico City', '+525512345678', 'MX', 'fixed_line_or_mobile', 'America/Mexico_City'],
    ['India mobile (a link name in the data, canonical here)', '+919812345678', 'IN', 'mobile', 'Asia/Kolkata'],
    ['Toronto', '+14165550100', 'CA', 'fixed_line_or_mobile', 'America/Toronto'],
  ])('finds the zone of a %s number', (_what, e164, country, phoneType, zone) => {
    expect(resolveTimezone({ e164, country, phoneType })).toMatchObject({ timezone: zone, candidates: [zone] });
  });

  it('gives a number that may be anywhere in a country spanning zones every zone of it (the window is their intersection)', () => {
    const australianMobile = resolveTimezone({ e164: '+61412345678', country: 'AU', phoneType: 'mobile' });
    expect(australianMobile).toMatchObject({ timezone: null, source: 'country' });
    expect(australianMobile.candidates).toEqual(expect.arrayContaining(['Australia/Perth', 'Australia/Sydney', 'Australia/Darwin']));
    const spanishMobile = resolveTimezone({ e164: '+34612345678', country: 'ES', phoneType: 'mobile' });
    expect(spanishMobile.candidates).toEqual(expect.arrayContaining(['Atlantic/Canary', 'Europe/Madrid']));
    const russianMobile = resolveTimezone({ e164: '+79161234567', country: 'RU', phoneType: 'mobile' });
    expect(russianMobile.candidates).toEqual(expect.arrayContaining(['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Kamchatka']));
  });

  it('ignores a ZIP code for a number outside NANP', () => {
    expect(resolveTimezone({ postalCode: '94105', e164: '+819012345678', country: 'JP' }).source).toBe('country');
  });

  it('falls back on the country alone when there is no number', () => {
    expect(resolveTimezone({ country: 'AE' })).toMatchObject({ timezone: 'Asia/Dubai', source: 'country' });
    expect(resolveTimezone({ country: 'constructor' })).toEqual({ timezone: null, candidates: [], source: null });
  });
});

describe('zonesOfCountry', () => {
  it('reads the maintained country → zones package, canonical names, nothing for what is not a country', () => {
    expect([...zonesOfCountry('AE')]).toEqual(['Asia/Dubai']);
    expect(zonesOfCountry('US').size).toBeGreaterThan(20);
    for (const junk of ['XX', 'constructor', '__proto__', 'toString', 'us', '']) expect(zonesOfCountry(junk).size).toBe(0);
  });
});

describe('canonicalZone', () => {
  it.each([
    ['Asia/Tokyo', 'Asia/Tokyo'],
    [' europe/london ', 'Europe/London'],
    ['EST', 'America/New_York'],
    ['', null],
    ['GMT+9 maybe', null],
    ['Asia/Tokyo\u200f', 'Asia/Tokyo'], // an RTL mark after it
    ['\u200bAmerica/\u200dNew_York\ufeff', 'America/New_York'], // zero-width characters in and around it
    ['\u2067Europe/London\u2069', 'Europe/London'], // a bidi isolate
    ['Mars/Olympus', null],
  ])('%j → %j', (cell, zone) => {
    expect(canonicalZone(cell)).toBe(zone);
  });
});

describe('canonicalZone: every abbreviation people type', () => {
  it.each([
    ['EST', 'America/New_York'], ['EDT', 'America/New_York'], ['ET', 'America/New_York'],
    ['CST', 'America/Chicago'], ['CDT', 'America/Chicago'], ['CT', 'America/Chicago'],
    ['MST', 'America/Denver'], ['MDT', 'America/Denver'], ['MT', 'America/Denver'],
    ['PST', 'America/Los_Angeles'], ['PDT', 'America/Los_Angeles'], ['PT', 'America/Los_Angeles'],
    ['AKST', 'America/Anchorage'], ['akdt', 'America/Anchorage'],
    ['HST', 'Pacific/Honolulu'], ['JST', 'Asia/Tokyo'], ['GMT', 'Europe/London'], ['bst', 'Europe/London'],
  ])('%s → %s', (cell, zone) => {
    expect(canonicalZone(cell)).toBe(zone);
  }); // prettier-ignore

  it('answers the same cell the same way twice (the cache keeps what it read)', () => {
    expect(canonicalZone('america/denver')).toBe('America/Denver');
    expect(canonicalZone('america/denver')).toBe('America/Denver');
    expect(canonicalZone('Mars/Olympus')).toBeNull();
    expect(canonicalZone('Mars/Olympus')).toBeNull();
  });
});

describe('zoneOfPostalCode', () => {
  it.each([
    ['94105', 'America/Los_Angeles'],
    ['94105-1234', 'America/Los_Angeles'],
    ['94105 1234', 'America/Los_Angeles'],
    ['941051234', 'America/Los_Angeles'],
    [' 10001 ', 'America/New_York'],
    ['501', 'America/New_York'], // 00501, Holtsville NY, its two zeros dropped
  ])('reads %j', (cell, zone) => {
    expect(zoneOfPostalCode(cell)).toBe(zone);
  });

  it.each(['', 'SW1A 1AA', '94', '941051', '94105-12', 'x94105'])('reads nothing from %j', (cell) => {
    expect(zoneOfPostalCode(cell)).toBeNull();
  });

  it('falls through to the area code when the ZIP names no zone', () => {
    expect(resolveTimezone({ postalCode: 'SW1A 1AA', e164: '+12125550100', country: 'US' })).toMatchObject({ timezone: 'America/New_York', source: 'area_code' });
  });
});

describe('resolveTimezone: one number, read by its type', () => {
  it('answers a geographic and a mobile reading of the same prefix apart (the cache keys on both)', () => {
    expect(resolveTimezone({ e164: '+61212345678', country: 'AU', phoneType: 'fixed_line' })).toMatchObject({ timezone: 'Australia/Sydney', source: 'area_code' });
    const mobile = resolveTimezone({ e164: '+61212345678', country: 'AU', phoneType: 'mobile' });
    expect(mobile).toMatchObject({ timezone: null, source: 'country' });
    expect(mobile.candidates).toEqual(expect.arrayContaining(['Australia/Perth', 'Australia/Sydney']));
    expect(resolveTimezone({ e164: '+61212345678', country: 'AU', phoneType: 'toll_free' })).toEqual({ timezone: null, candidates: [], source: null });
  });

  it('reads a number of unknown type by its area, as a geographic one', () => {
    expect(resolveTimezone({ e164: '+19075550100', country: 'US' }).candidates).toEqual(['America/Adak', 'America/Anchorage']);
  });

  it('keeps every service type without a zone in a country of several zones', () => {
    for (const phoneType of ['toll_free', 'premium_rate', 'shared_cost', 'uan']) {
      expect(resolveTimezone({ e164: '+34901123456', country: 'ES', phoneType })).toEqual({ timezone: null, candidates: [], source: null });
    }
  });

  it('gives a number without a country the zones its calling code lists', () => {
    expect(resolveTimezone({ e164: '+819012345678', phoneType: 'mobile' })).toMatchObject({ timezone: 'Asia/Tokyo', source: 'country' });
  });

  it('knows nothing without a zone, a number or a country', () => {
    expect(resolveTimezone({})).toEqual({ timezone: null, candidates: [], source: null });
    expect(resolveTimezone({ explicit: '  ', postalCode: '94105' })).toEqual({ timezone: null, candidates: [], source: null });
  });
});

describe('resolveTimezone: area codes and the country they belong to', () => {
  it('drops the zones of another country the area shares (Christmas Island shares a Western Australian area code)', () => {
    expect(resolveTimezone({ e164: '+61891006123', country: 'AU', phoneType: 'fixed_line' })).toEqual({
      timezone: null,
      candidates: ['Australia/Adelaide', 'Australia/Perth'],
      source: 'area_code',
    });
  });

  it("falls back on every zone of the country when its area's only zone is another country's (Kaliningrad's prefix says Bucharest)", () => {
    const kaliningrad = resolveTimezone({ e164: '+74012123456', country: 'RU', phoneType: 'fixed_line' });
    expect(kaliningrad).toEqual({ timezone: null, candidates: [...zonesOfCountry('RU')], source: 'country' });
    expect(kaliningrad.candidates).toContain('Europe/Kaliningrad');
  });

  it('reads a line the prefix data places by its calling code only as anywhere in its country (Argentina)', () => {
    const line = resolveTimezone({ e164: '+541143211234', country: 'AR', phoneType: 'fixed_line' });
    expect(line).toMatchObject({ timezone: null, source: 'country' });
    expect(line.candidates).toEqual([...zonesOfCountry('AR')]);
    expect(line.candidates.length).toBeGreaterThan(1);
  });

  it('does not place a Mexican personal number (500) by its digits: only mobiles are assigned by area there', () => {
    const personal = resolveTimezone({ e164: '+525001234567', country: 'MX', phoneType: 'personal_number' });
    expect(personal).toMatchObject({ timezone: null, source: 'country' });
    expect(personal.candidates).toEqual([...zonesOfCountry('MX')]);
  });

  it('gives the whole country to a number no prefix data knows when its type is unknown (an international +800 number of a US lead)', () => {
    expect(resolveTimezone({ e164: '+80012345678', country: 'US' })).toMatchObject({ timezone: null, candidates: [...zonesOfCountry('US')], source: 'country' });
  });

  it('knows nothing of a number no prefix data knows and no country places', () => {
    expect(resolveTimezone({ e164: '+80012345678' })).toEqual({ timezone: null, candidates: [], source: null });
  });

  it("gives a number without a country its calling code's zones, canonical and in order (+61: Christmas and Cocos Islands too)", () => {
    expect(resolveTimezone({ e164: '+61512345678' })).toEqual({
      timezone: null,
      candidates: [
        'Asia/Bangkok',
        'Asia/Yangon',
        'Australia/Adelaide',
        'Australia/Brisbane',
        'Australia/Eucla',
        'Australia/Lord_Howe',
        'Australia/Perth',
        'Australia/Sydney',
      ],
      source: 'country',
    });
  });

  it('falls back on every zone of a country in order when there is no number', () => {
    expect(resolveTimezone({ country: 'ES' })).toEqual({ timezone: null, candidates: ['Africa/Ceuta', 'Atlantic/Canary', 'Europe/Madrid'], source: 'country' });
  });
});

describe('resolveTimezone: prefix data the zone package does not match', () => {
  /** The resolver, loaded afresh over prefix data that answers `zones` for every number starting with `prefix`. */
  async function resolverOverPrefixData(prefix: string, zones: string[]): Promise<typeof resolveTimezone> {
    let resolver: typeof resolveTimezone | undefined;
    await jest.isolateModulesAsync(async () => {
      jest.doMock('./phone-timezones', () => ({
        longestPrefixZones: (e164: string) => (e164.startsWith(`+${prefix}`) ? { prefix, zones } : undefined),
      }));
      resolver = (await import('./timezone-resolver')).resolveTimezone;
    });
    jest.dontMock('./phone-timezones');
    return resolver!;
  }

  it("gives no zone for Google's Etc/Unknown marker (international numbers such as +800)", async () => {
    const resolve = await resolverOverPrefixData('800', ['Etc/Unknown']);
    expect(resolve({ e164: '+80012345678' })).toEqual({ timezone: null, candidates: [], source: null });
  });

  it('places a number of a country the zone package does not know (Kosovo) by its area code when the prefix data has one', async () => {
    const resolve = await resolverOverPrefixData('38338', ['Europe/Belgrade']);
    expect(resolve({ e164: '+38338123456', country: 'XK', phoneType: 'fixed_line' })).toEqual({
      timezone: 'Europe/Belgrade',
      candidates: ['Europe/Belgrade'],
      source: 'area_code',
    });
  });

  it('keeps a zone newer than the zone package as the prefix data names it', async () => {
    const resolve = await resolverOverPrefixData('3838', ['Europe/Newtown']);
    expect(resolve({ e164: '+38381234567' })).toEqual({ timezone: 'Europe/Newtown', candidates: ['Europe/Newtown'], source: 'country' });
  });
});
