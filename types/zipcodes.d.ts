declare module 'zipcodes' {
  export interface ZipCodeRecord {
    zip: string;
    city: string;
    state: string;
    country: string;
  }
  /** The place of a five-digit US ZIP code, or undefined when unknown. */
  export function lookup(zipcode: string | number): ZipCodeRecord | undefined;
}
