import type { Issue } from './campaign-types';

/** The value at a dotted path (`abandon.message.callerName`), or undefined. */
export function getAt(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Top-level settings the api takes null for in a change: back to the default (the others are sections, sent whole). */
const CLEARABLE = ['pauseReasons', 'ringTimeoutSec', 'retryRules', 'cps', 'script', 'product'];

const isEmptyObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** Equal as JSON values, whatever the order of their keys. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const [left, right] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && same(left[key], right[key]));
}

/**
 * The settings a change sends: only the top-level ones the form changed since
 * `base` (what it opened or last saved), so a save never undoes a setting
 * changed meanwhile elsewhere. Sections go whole (the api replaces the
 * sections it is given); a top-level setting emptied on the form (the pause
 * reasons, whose hint promises the defaults; the CPS...) goes as null, since
 * left out the stored value would stay. `clearable` names the keys sent as
 * null when gone (the survey builder's fields: all of them).
 */
export function changedSettings<T extends object>(draft: T, base: object, clearable: readonly string[] = CLEARABLE): Partial<T> {
  const [now, before] = [draft as Record<string, unknown>, base as Record<string, unknown>];
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now)) {
    if (!same(value, before[key]) && !(isEmptyObject(value) && before[key] === undefined)) patch[key] = value;
  }
  for (const key of clearable) if (key in before && !(key in now)) patch[key] = null;
  return patch as Partial<T>;
}

/** Settings read afresh with a form's changes on top: what it shows after reloading a campaign someone else changed. */
export function withChanges<T extends object>(fresh: T, changes: Partial<T>): T {
  const next = { ...fresh } as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next as T;
}

/** The section of the form a top-level setting is in (the others are their own), to name what a change touches. */
const SECTION_OF: Readonly<Record<string, string>> = { ringTimeoutSec: 'pacing', callingHours: 'hours', attemptLimits: 'attempts', retryRules: 'attempts', pauseReasons: 'wrapUp' };
export const sectionOf = (key: string) => SECTION_OF[key] ?? key;

/**
 * A copy of `source` with the value at `path` set; `undefined` removes it. An
 * object left empty below a top-level section is removed too (the api refuses
 * `message: {}`-style halves less clearly than an absent one), while a section
 * itself stays as `{}`: the api replaces the sections it is given, so an
 * emptied section must be sent to clear what was stored.
 */
export function setAt<T extends object>(source: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const copy = (node: unknown, depth: number): Record<string, unknown> => {
    const here = { ...((typeof node === 'object' && node !== null ? node : {}) as Record<string, unknown>) };
    const key = keys[depth];
    if (depth === keys.length - 1) {
      if (value === undefined) delete here[key];
      else here[key] = value;
    } else {
      const child = copy(here[key], depth + 1);
      if (isEmptyObject(child) && depth >= 1) delete here[key];
      else here[key] = child;
    }
    return here;
  };
  return copy(source, 0) as T;
}

/**
 * The readiness issues about a setting: those naming it or anything inside it
 * (`settings.callerIds.numbers` also takes `settings.callerIds.numbers[0]`);
 * `exact` keeps only those naming it, for a group whose fields show their own.
 */
export function issuesAt(issues: readonly Issue[] | undefined, field: string, exact = false): Issue[] {
  return (issues ?? []).filter(
    (issue) => issue.field === field || (!exact && (issue.field.startsWith(`${field}.`) || issue.field.startsWith(`${field}[`))),
  );
}

/** A share (0.03) as the percentage a person types (3), and back; blank is "not set". */
export const toPercent = (share: unknown) => (typeof share === 'number' ? String(Math.round(share * 100_000) / 1000) : '');
export const fromPercent = (text: string) => (text.trim() === '' ? undefined : Math.round(Number(text) * 1000) / 100_000);

/** A number input's text as a number, blank as "not set". */
export const fromNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** A textarea of one item per line (caller ids, holidays) as the list, blank lines dropped. */
export const fromLines = (text: string) => {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return lines.length > 0 ? lines : undefined;
};

/** `plan=Gold` lines as custom fields, for the script preview's sample lead. */
export function fromPairs(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) pairs[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return pairs;
}
