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
    expect(normaliseRecord(plan, 3, cells).rejection).toEqual({ code, message: expect.stringMatching(message) });
  });

  it('forgives trailing empty cells beyond the header', () => {
    expect(normaliseRecord(plan, 1, ['2125550100', '', '', '', '', 'Ann', '', '']).rejection).toBeUndefined();
  });

  it('keeps a bounded copy of a rejected row', () => {
    const row = normaliseRecord(plan, 1, ['2125550100', '', '', '', '', 'x'.repeat(MAX_ROW_CHARS)]);
    expect(row.cells[5]).toHaveLength(1001);
  });
});
