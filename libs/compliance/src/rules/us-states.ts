import areaCodes from 'areacodes/lib/data.json';
import { lookup as lookupZip } from 'zipcodes';

/** The two-letter code of every state (and DC), by its name in lower case. */
const STATE_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
    DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
    IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
    MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
    NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
    NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
    RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
    VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  }).flatMap(([code, name]) => [
    [name.toLowerCase(), code],
    [code.toLowerCase(), code],
  ]),
); // prettier-ignore

export type UsStateSource = 'region' | 'postal_code' | 'area_code';

export interface UsStateInputs {
  region?: string | null;
  postalCode?: string | null;
  /** E.164. */
  phone: string;
}

export interface UsStateFinding {
  state: string;
  source: UsStateSource;
}

const US_ZIP = /^(\d{3,5})(?:[-\s]?\d{4})?$/;
const NANP = /^\+1(\d{3})\d{7}$/;
const AREA_CODES = areaCodes as unknown as Record<string, { stateCode?: string } | undefined>;

/** The state a region cell names: a postal code (`fl`) or a name (`Florida`), any case; null otherwise. */
export function stateOfRegion(region: string): string | null {
  return STATE_NAMES.get(region.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null;
}

/** The state of a US ZIP (ZIP+4 accepted, Excel's dropped leading zeros put back). */
export function stateOfZip(cell: string): string | null {
  const match = US_ZIP.exec(cell.trim());
  const state = match ? lookupZip(match[1].padStart(5, '0'))?.state : undefined;
  return state && STATE_NAMES.has(state.toLowerCase()) ? state : null;
}

/** The state an area code is assigned to (geographic codes only; toll-free and others give null). */
export function stateOfAreaCode(phone: string): string | null {
  const match = NANP.exec(phone);
  const state = match ? AREA_CODES[match[1]]?.stateCode : undefined;
  return state && STATE_NAMES.has(state.toLowerCase()) ? state : null;
}

/**
 * Where the callee lives, in the order the law's own tests read it: what the
 * lead says (its region, then its ZIP), then the number's area code (a ported
 * or moved mobile keeps its old area code, so it comes last).
 */
export function usStateOf(inputs: UsStateInputs): UsStateFinding | null {
  const fromRegion = inputs.region ? stateOfRegion(inputs.region) : null;
  if (fromRegion) return { state: fromRegion, source: 'region' };
  const fromZip = inputs.postalCode ? stateOfZip(inputs.postalCode) : null;
  if (fromZip) return { state: fromZip, source: 'postal_code' };
  const fromAreaCode = stateOfAreaCode(inputs.phone);
  return fromAreaCode ? { state: fromAreaCode, source: 'area_code' } : null;
}
