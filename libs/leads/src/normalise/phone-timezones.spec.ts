import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { timezones } from 'libphonenumber-geo-carrier';
import { zonesOfNumber } from './phone-timezones';

describe('zonesOfNumber', () => {
  it('knows the zones of an area code', () => {
    expect(zonesOfNumber('+19075550100')).toEqual(['America/Adak', 'America/Anchorage']);
    expect(zonesOfNumber('+12125550100')).toEqual(['America/New_York']);
    expect(zonesOfNumber('+819012345678')).toEqual(['Asia/Tokyo']);
  });

  it('reads the digits with or without the leading +', () => {
    expect(zonesOfNumber('19075550100')).toEqual(['America/Adak', 'America/Anchorage']);
    expect(zonesOfNumber('819012345678')).toEqual(['Asia/Tokyo']);
  });

  it('knows no zone of a number whose calling code it has no data for (an international +800 number)', () => {
    expect(zonesOfNumber('+80012345678')).toBeUndefined();
  });

  it('answers for toll-free numbers with the whole of NANP (the resolver knows no zone of a toll-free number)', () => {
    expect(zonesOfNumber('+18005550100')!.length).toBeGreaterThan(20);
  });

  it('answers exactly as libphonenumber-geo-carrier does (property)', async () => {
    const e164 = fc.oneof(
      fc.tuple(fc.constantFrom('1', '44', '81', '61', '7', '55', '52', '33'), fc.stringMatching(/^[2-9]\d{6,10}$/)),
      fc.tuple(fc.constant('1'), fc.stringMatching(/^[2-9]\d{2}[2-9]\d{6}$/)),
    );
    await fc.assert(
      fc.asyncProperty(e164, async ([code, rest]) => {
        const parsed = parsePhoneNumberFromString(`+${code}${rest}`);
        fc.pre(parsed !== undefined);
        expect(zonesOfNumber(parsed!.number) ?? null).toEqual(await timezones(parsed));
      }),
      { numRuns: 300 },
    );
  }, 30_000); // the package re-reads its data file on every call: seconds on a busy machine
});
