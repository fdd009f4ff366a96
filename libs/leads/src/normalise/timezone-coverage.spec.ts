import fc from 'fast-check';
import { getCountries, getExampleNumber, MetadataJson } from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadataJson from 'libphonenumber-js/metadata.max.json';
import { IANAZone } from 'luxon';
import { normalisePhone } from './phone-normaliser';
import { resolveTimezone, zonesOfCountry } from './timezone-resolver';

/**
 * Every country's numbers get a zone: for each country libphonenumber knows,
 * its example mobile number and random numbers near it resolve to at least one
 * real IANA zone, all of them zones of that country.
 */
const metadata = metadataJson as unknown as MetadataJson;

const countryExamples = getCountries(metadata).flatMap((country) => {
  const example = getExampleNumber(country, examples as never, metadata);
  return example ? [{ country, national: example.nationalNumber as string }] : [];
});

/** Toll-free, premium... numbers of a country of several zones have none on purpose (timezone-resolver.ts): these properties are about people's numbers. */
const SERVICE_TYPES = ['toll_free', 'premium_rate', 'shared_cost', 'uan'];

function zonesOf(text: string, country: (typeof countryExamples)[number]['country']) {
  const parsed = normalisePhone(text, country);
  if (!parsed.ok || SERVICE_TYPES.includes(parsed.phone.type)) return undefined;
  return { phone: parsed.phone, zones: resolveTimezone({ e164: parsed.phone.e164, country: parsed.phone.country, phoneType: parsed.phone.type }) };
}

function expectZonesOfItsCountry(phone: { e164: string; country?: string }, zones: ReturnType<typeof resolveTimezone>) {
  expect({ e164: phone.e164, zones: zones.candidates.length > 0 }).toEqual({ e164: phone.e164, zones: true });
  for (const zone of zones.candidates) expect(IANAZone.isValidZone(zone)).toBe(true);
  const ofCountry = zonesOfCountry(phone.country ?? '');
  if (ofCountry.size > 0) for (const zone of zones.candidates) expect({ e164: phone.e164, zone, inCountry: ofCountry.has(zone) }).toMatchObject({ inCountry: true });
  expect(zones.timezone).toBe(zones.candidates.length === 1 ? zones.candidates[0] : null);
}

describe('time zones of every country', () => {
  it('covers the example numbers of more than 200 countries', () => {
    expect(countryExamples.length).toBeGreaterThan(200);
    const without: string[] = [];
    for (const { country, national } of countryExamples) {
      const found = zonesOf(national, country);
      if (!found) continue; // an example libphonenumber itself would not take in national form
      if (found.zones.candidates.length === 0) without.push(`${country} ${found.phone.e164}`);
      else expectZonesOfItsCountry(found.phone, found.zones);
    }
    expect(without).toEqual([]);
  });

  it('gives any valid number of any country zones of that country (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...countryExamples), fc.integer({ min: 1, max: 4 }), fc.nat(), ({ country, national }, k, seed) => {
        // The example with its last k digits changed: mostly still a valid number of the same kind.
        const tail = String(seed % 10 ** k).padStart(k, '0');
        const found = zonesOf(national.slice(0, -k) + tail, country);
        fc.pre(found !== undefined);
        expectZonesOfItsCountry(found!.phone, found!.zones);
      }),
      { numRuns: 500 },
    );
  });

  it('gives every NANP area code its zones, within the country the number belongs to (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }), (npa, nxx, line) => {
        const found = zonesOf(`+1${npa}${nxx}${String(line).padStart(4, '0')}`, 'US');
        fc.pre(found !== undefined);
        expectZonesOfItsCountry(found!.phone, found!.zones);
      }),
      { numRuns: 500 },
    );
  });
});
