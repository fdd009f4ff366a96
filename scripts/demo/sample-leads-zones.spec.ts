import { normalisePhoneFor, resolveTimezone } from '@dialer/leads';
import { sampleLeads } from './sample-leads';

/** Every lead the demo imports gets a zone, as the import resolves it (the demo's list is US by default). */
describe('the demo sample list, as the import sees its zones', () => {
  it('gives every valid number of the sample a zone, the one its region is in', () => {
    const noonInLondon = new Date('2026-11-30T12:00:00Z');
    const sample = sampleLeads(2_000, noonInLondon);
    const rows = sample.csv.trim().split('\n').slice(1).map((line) => line.split(','));
    const resolved = rows.flatMap(([phone, , , zip, timezone]) => {
      const parsed = normalisePhoneFor(phone, 'US');
      if (!parsed.ok) return [];
      const zones = resolveTimezone({ explicit: timezone, postalCode: zip, e164: parsed.phone.e164, country: parsed.phone.country, phoneType: parsed.phone.type });
      return [{ phone: parsed.phone.e164, candidates: zones.candidates }];
    });
    expect(resolved.length).toBeGreaterThan(1_900);
    expect(resolved.filter((lead) => lead.candidates.length === 0)).toEqual([]);
    // Every open zone the demo prints is a zone some of its leads are in.
    const zonesOfLeads = new Set(resolved.flatMap((lead) => lead.candidates));
    for (const zone of [...sample.openZones, ...sample.closedZones]) expect({ zone, found: zonesOfLeads.has(zone) }).toEqual({ zone, found: true });
  });
});
