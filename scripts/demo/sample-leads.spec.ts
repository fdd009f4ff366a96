import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';
import { sampleLeads } from './sample-leads';

const rowsOf = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));

describe('the demo sample list', () => {
  const noonInLondon = new Date('2026-11-30T12:00:00Z');

  it('puts most callees inside calling hours now, with margin, and some outside', () => {
    const sample = sampleLeads(1000, noonInLondon);
    expect(sample.openZones).toContain('Europe/London');
    expect(sample.closedZones).toContain('America/Los_Angeles'); // 04:00 there
    for (const zone of sample.openZones) {
      const hour = DateTime.fromJSDate(noonInLondon).setZone(zone).hour;
      expect(hour >= 9 && hour < 19).toBe(true);
    }
  });

  it('writes valid E.164 numbers, except the few meant to be rejected', () => {
    const rows = rowsOf(sampleLeads(1000, noonInLondon).csv);
    expect(rows).toHaveLength(1000);
    expect(rows.every((cells) => cells.length === 6)).toBe(true);
    const invalid = rows.filter(([phone]) => !parsePhoneNumberFromString(phone)?.isValid());
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid.length / rows.length).toBeLessThan(0.05);
    expect(invalid.every(([phone]) => phone.startsWith('555-01'))).toBe(true);
  });

  it('repeats a few rows and names do-not-call numbers that are in the list', () => {
    const sample = sampleLeads(1000, noonInLondon);
    const phones = rowsOf(sample.csv).map(([phone]) => phone);
    expect(new Set(phones).size).toBeLessThan(phones.length);
    const dnc = [...sample.dncBeforeImport, ...sample.dncAfterImport];
    expect(dnc.length).toBeGreaterThan(5);
    expect(dnc.every((phone) => phones.includes(phone))).toBe(true);
  });

  it('is the same list for the same seed and moment', () => {
    expect(sampleLeads(200, noonInLondon, 7).csv).toBe(sampleLeads(200, noonInLondon, 7).csv);
  });
});
