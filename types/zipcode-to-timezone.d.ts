declare module 'zipcode-to-timezone' {
  /** The IANA zone of a five-digit US ZIP code, or null when unknown. */
  export function lookup(zipcode: string): string | null;
}
