import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { normalisePhoneFor } from '@dialer/leads';

/**
 * A lead file like the ones campaign managers bring: ten columns, US and
 * Japanese numbers in every common format (national, dashed, dotted,
 * international), a country column, with a share of invalid numbers, repeated
 * rows and numbers that are on the do-not-call list.
 */
export interface GeneratedLeadFile {
  rows: number;
  invalid: number;
  duplicates: number;
  /** E.164 numbers to put on the DNC list (each appears in the file). */
  dncNumbers: string[];
  bytes: number;
}

/** Written as a CRM would: quoted when needed, never neutralised (that is for files we hand out). */
const csvLine = (cells: string[]) => `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;

export const HEADER = ['account_id', 'name', 'phone', 'mobile', 'email', 'zip', 'state', 'country', 'amount_due', 'due_date'];

/** mulberry32: a small seeded PRNG, so every run imports the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const US_AREAS: [string, string, string][] = [
  ['212', '10001', 'NY'], ['415', '94105', 'CA'], ['312', '60601', 'IL'], ['713', '77002', 'TX'], ['305', '33101', 'FL'],
  ['206', '98101', 'WA'], ['617', '02108', 'MA'], ['404', '30303', 'GA'], ['602', '85001', 'AZ'], ['907', '99501', 'AK'],
  ['808', '96813', 'HI'], ['303', '80202', 'CO'], ['615', '37201', 'TN'], ['702', '89101', 'NV'], ['503', '97201', 'OR'],
]; // prettier-ignore
const JP_PREFIXES = ['090', '080', '070', '03', '06', '045', '052', '092', '011'];
const PREFECTURES = ['東京都', '大阪府', '神奈川県', '愛知県', '福岡県', '北海道'];
const US_NAMES = ['James Smith', 'Mary Johnson', 'Robert Brown', 'Patricia Davis', 'John Miller', 'Linda Wilson'];
const JP_NAMES = ['山田太郎', '佐藤花子', '鈴木一郎', '高橋美咲', '田中健', '伊藤さくら'];

export async function generateLeadFile(path: string, rows: number, seed = 42): Promise<GeneratedLeadFile> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');

  const usNumber = (area: string): [string, string] => {
    const exchange = `${2 + Math.floor(next() * 8)}${digits(2)}`;
    const line = digits(4);
    const formats = [`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `+1 ${area} ${exchange} ${line}`, `1${area}${exchange}${line}`];
    return [pick(formats), `+1${area}${exchange}${line}`];
  };
  const jpNumber = (): [string, string] => {
    const prefix = pick(JP_PREFIXES);
    const rest = digits(10 - prefix.length + 1);
    const a = rest.slice(0, rest.length - 4);
    const b = rest.slice(-4);
    const formats = [`${prefix}-${a}-${b}`, `${prefix}${a}${b}`, `+81 ${prefix.slice(1)} ${a} ${b}`, `(${prefix}) ${a}-${b}`];
    return [pick(formats), `+81${prefix.slice(1)}${a}${b}`];
  };

  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(csvLine(HEADER));
  const result: GeneratedLeadFile = { rows, invalid: 0, duplicates: 0, dncNumbers: [], bytes: 0 };
  const recent: string[] = [];
  let written = 0;
  while (written < rows) {
    const roll = next();
    if (roll < 0.03 && recent.length > 0) {
      await write(pick(recent)); // the same record twice
      result.duplicates++;
      written++;
      continue;
    }
    const japanese = next() < 0.5;
    const country = japanese ? 'JP' : 'US';
    const [area, areaZip, areaState] = pick(US_AREAS);
    // Draw until libphonenumber agrees the range exists, so the invalid share is exactly the one asked for.
    const validNumber = (): [string, string] => {
      for (;;) {
        const drawn = japanese ? jpNumber() : usNumber(area);
        if (normalisePhoneFor(drawn[0], country).ok) return drawn;
      }
    };
    const drawn = validNumber();
    let phone = drawn[0];
    const e164 = drawn[1];
    if (roll < 0.08) {
      phone = pick(['12345', 'n/a', `${phone}99999`, '000-0000-0000', 'unknown']);
      result.invalid++;
    } else if (roll < 0.1) {
      result.dncNumbers.push(e164);
    }
    const zip = japanese ? `${digits(3)}-${digits(4)}` : areaZip;
    const state = japanese ? pick(PREFECTURES) : areaState;
    const id = `A${String(written + 1).padStart(8, '0')}`;
    const line = csvLine([
      id,
      pick(japanese ? JP_NAMES : US_NAMES),
      phone,
      next() < 0.3 ? validNumber()[0] : '',
      `user${written}@example.com`,
      zip,
      state,
      country,
      String(Math.floor(next() * 500_000)),
      `2026-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`,
    ]);
    await write(line);
    if (roll >= 0.08) {
      if (recent.length < 1000) recent.push(line);
      else recent[Math.floor(next() * recent.length)] = line;
    }
    written++;
  }
  out.end();
  await once(out, 'finish');
  result.bytes = out.bytesWritten;
  return result;
}
