import { createImportPlan, MAX_ROW_CHARS, normaliseRecord } from './row-normaliser';

const columns = ['phone', 'mobile', 'zip', 'tz', 'country', 'name'];
const plan = createImportPlan(columns, { phone: 'phone', mobile: 'phone2', zip: 'postalCode', tz: 'timezone', country: 'country', name: 'fullName' }, 'US', 'leads');

describe('normaliseRecord', () => {
  it('normalises the numbers and finds the zone', () => {
    const row = normaliseRecord(plan, 7, ['(212) 555-0100', '415.555.0199', '94105', '', '', 'Ann']);
    expect(row).toMatchObject({
      row: 7,
      phone: { e164: '+12125550100', type: 'fixed_line_or_mobile', country: 'US' },
      altPhones: [{ e164: '+14155550199' }],
      timezone: { timezone: 'America/Los_Angeles', source: 'postal_code' },
    });
    expect(row.rejection).toBeUndefined();
  });

  it("reads a row's numbers in the country its country column names", () => {
    expect(normaliseRecord(plan, 1, ['090-1234-5678', '', '', '', 'Japan', '山田']).phone).toMatchObject({ e164: '+819012345678' });
    expect(normaliseRecord(plan, 1, ['090-1234-5678', '', '', '', 'jp', '山田']).timezone).toMatchObject({ source: 'country' });
  });

  it('uses the explicit zone column first', () => {
    expect(normaliseRecord(plan, 1, ['2125550100', '', '94105', 'Asia/Tokyo', '', '']).timezone).toMatchObject({
      timezone: 'Asia/Tokyo',
      source: 'explicit',
    });
  });

  it('reads a zone cell with an RTL mark or zero-width characters as the zone written', () => {
    expect(normaliseRecord(plan, 1, ['2125550100', '', '10001', 'Asia/Tokyo\u200f', '', '']).timezone).toMatchObject({ timezone: 'Asia/Tokyo', source: 'explicit' });
    expect(normaliseRecord(plan, 1, ['2125550100', '', '10001', '\u200b Asia/Tokyo \u200d', '', '']).timezone).toMatchObject({ timezone: 'Asia/Tokyo', source: 'explicit' });
  });

  it('rejects a row whose zone cell names no zone (INVALID_TIMEZONE), as an unknown country, rather than take the ZIP code\'s zone', () => {
    expect(normaliseRecord(plan, 4, ['2125550100', '', '10001', 'Mars/Olympus', '', 'Ann'])).toMatchObject({
      row: 4,
      rejection: { code: 'INVALID_TIMEZONE', message: expect.stringMatching(/^"Mars\/Olympus" is not a time zone we know: write its IANA name/) },
    });
    expect(normaliseRecord(plan, 4, ['2125550100', '', '10001', 'Asia/Tokio\u200f', '', '']).rejection).toMatchObject({ code: 'INVALID_TIMEZONE', message: expect.stringMatching(/^"Asia\/Tokio" is not/) });
    // Blank, or only invisible characters: no zone written, the ZIP code's is taken.
    expect(normaliseRecord(plan, 1, ['2125550100', '', '10001', ' \u200f ', '', '']).timezone).toMatchObject({ timezone: 'America/New_York', source: 'postal_code' });
  });

  it('ignores a zone column in a DNC list (it has no zone to keep)', () => {
    const dnc = createImportPlan(columns, { phone: 'phone', tz: 'timezone' }, 'US', 'dnc');
    expect(normaliseRecord(dnc, 1, ['2125550100', '', '', 'Mars/Olympus', '', '']).rejection).toBeUndefined();
  });

  it('takes the alternate when the primary cell is empty, and keeps an invalid alternate as a custom field', () => {
    expect(normaliseRecord(plan, 1, ['', '2125550100', '', '', '', '']).phone).toMatchObject({ e164: '+12125550100' });
    const row = normaliseRecord(plan, 1, ['2125550100', 'call after 6', '', '', '', '']);
    expect(row.altPhones).toEqual([]);
    expect(row.extra).toEqual({ mobile: 'call after 6' });
  });

  it('drops an alternate that repeats the primary number', () => {
    expect(normaliseRecord(plan, 1, ['2125550100', '(212) 555-0100', '', '', '', '']).altPhones).toEqual([]);
  });

  it.each([
    [['2125550100', '', ''], 'RAGGED_ROW', /3 cells but the header has 6/],
    [['12345', '', '', '', '', ''], 'INVALID_PHONE', /too short/],
    [['', '', '', '', '', 'no number'], 'MISSING_PHONE', /no phone number/],
    [['2125550100', '', '', '', '', 'x'.repeat(MAX_ROW_CHARS)], 'ROW_TOO_LONG', /characters long/],
  ])('rejects %j with %s', (cells, code, message) => {
    expect(normaliseRecord(plan, 3, cells).rejection).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('gives a ragged row’s cell and column counts as figures, for a client to word', () => {
    expect(normaliseRecord(plan, 3, ['2125550100', '', '']).rejection?.params).toEqual({ cellCount: 3, columnCount: 6 });
  });

  it('forgives trailing empty cells beyond the header', () => {
    expect(normaliseRecord(plan, 1, ['2125550100', '', '', '', '', 'Ann', '', '']).rejection).toBeUndefined();
  });

  it('keeps a rejected row whole up to MAX_ROW_CHARS', () => {
    const row = normaliseRecord(plan, 1, ['2125550100', '', '', '', '', 'x'.repeat(MAX_ROW_CHARS)]);
    expect(row.cells[5]).toHaveLength(MAX_ROW_CHARS - '2125550100'.length);
  });
});

describe('normaliseRecord with columns named like Object.prototype members', () => {
  it('keeps an invalid alternate number of a column named __proto__ under that name', () => {
    const hostile = createImportPlan(['constructor', '__proto__'], JSON.parse('{"constructor":"phone","__proto__":"phone2"}') as never, 'US', 'leads');
    const row = normaliseRecord(hostile, 1, ['(212) 555-0100', 'not a number']);
    expect(row.phone).toMatchObject({ e164: '+12125550100' });
    expect(Object.entries(row.extra ?? {})).toEqual([['__proto__', 'not a number']]);
  });
});

describe('normaliseRecord: the country column', () => {
  it('rejects a row whose country cell names no country, naming the cell (it would call someone else)', () => {
    for (const cell of ['XX', 'Atlantis', 'constructor', '__proto__']) {
      expect(normaliseRecord(plan, 3, ['020 7946 0958', '', '', '', cell, 'Ann']).rejection).toEqual({
        code: 'INVALID_COUNTRY',
        message: `${JSON.stringify(cell)} is not a country we know: write its ISO code (US, JP, GB…) or its name`,
        params: { value: cell },
      });
    }
  });

  it('reads codes in any case and names in English or Japanese; an empty cell means the list default', () => {
    for (const [cell, e164] of [
      ['gb', '+442079460958'],
      ['United Kingdom', '+442079460958'],
      ['イギリス', '+442079460958'],
      ['Germany', '+493012345678'],
      ['ドイツ', '+493012345678'],
      ['uk', '+442079460958'],
      ['UK', '+442079460958'],
      ['英国', '+442079460958'],
      ['日本', '+81312345678'],
      ['', '+12125550100'],
    ]) {
      const number =
        cell === '' ? '212 555 0100' : cell.match(/ドイツ|Germany/) ? '030 12345678' : cell === '日本' ? '03-1234-5678' : '020 7946 0958';
      expect({ cell, e164: normaliseRecord(plan, 1, [number, '', '', '', cell, '']).phone?.e164 }).toEqual({ cell, e164 });
    }
  });
});

describe('normaliseRecord: extensions', () => {
  it('keeps the extension written after the number apart from it', () => {
    for (const cell of ['212-555-0146 ext 12', '212-555-0146 x12', '(212) 555-0146 ext. 12']) {
      expect(normaliseRecord(plan, 1, [cell, '', '', '', '', '']).phone).toMatchObject({ e164: '+12125550146', extension: '12' });
    }
    expect(normaliseRecord(plan, 1, ['212-555-0146', '', '', '', '', '']).phone?.extension).toBeUndefined();
  });
});
