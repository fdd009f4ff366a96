import type { FieldProblem } from '@dialer/core';

/**
 * Checks every request value before it reaches a DTO, a service or the
 * database: pure functions, no framework (the pipe and the JSON parser call them).
 */

/** Deeper than any body the api takes (campaign settings go 5 levels), shallow enough for every recursive walker. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether a JSON text nests objects and arrays deeper than `limit`, read
 * without parsing it (brackets inside strings do not count). Malformed JSON is
 * left to the parser to refuse.
 */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** PostgreSQL refuses U+0000 in text and jsonb: a value holding one could never be stored. */
const NUL = '\u0000';
export const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
/** Half a UTF-16 pair (JSON allows `"\ud800"`): not text; validators that encode it (isEmail) throw. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SURROGATE_MESSAGE = 'must be valid Unicode text (it holds half of a surrogate pair)';

/** What is wrong with a string as text to validate and store, or null. */
export function textProblem(text: string): string | null {
  if (text.includes(NUL)) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(text)) return SURROGATE_MESSAGE;
  return null;
}

/**
 * Keys that name a member every object inherits (`constructor`, `toString`,
 * `__proto__`…): class-transformer skips them and the whitelist never sees
 * them, so they would vanish silently; `__proto__` copied onto a DTO would
 * even swap its prototype. No field of this api is named so.
 */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const INHERITED_MESSAGE = 'is not a field name anywhere in this api (it names a member every JavaScript object has)';

const NO_FREE_KEYS: ReadonlySet<string> = new Set();

const FREE_KEYS = Symbol('freeKeys');

/**
 * Declares, on a request DTO, the objects (dotted paths from the body) whose
 * keys are the client's data: hostileFields lets them be named like an
 * inherited member.
 */
export const FreeKeysAt =
  (...paths: string[]) =>
  (target: object): void => {
    (target as { [FREE_KEYS]?: ReadonlySet<string> })[FREE_KEYS] = new Set(paths);
  };

/** The free-key paths a DTO class declares (none for any other value). */
export function freeKeysOf(metatype: unknown): ReadonlySet<string> {
  return (typeof metatype === 'function' && Object.prototype.hasOwnProperty.call(metatype, FREE_KEYS) && (metatype as { [FREE_KEYS]?: ReadonlySet<string> })[FREE_KEYS]) || NO_FREE_KEYS;
}

/**
 * Wraps each free-key object of a body in a Map, in place, before the
 * framework sees it: Nest's ValidationPipe deletes `constructor`,
 * `__proto__` and `prototype` keys from plain objects (not from a Map), and
 * class-transformer skips keys named like Object.prototype's members.
 */
export function wrapFreeKeys(body: unknown, freeKeys: ReadonlySet<string>): void {
  for (const path of freeKeys) {
    const names = path.split('.');
    let parent: unknown = body;
    for (const name of names.slice(0, -1)) parent = isPlainRecord(parent) && Object.hasOwn(parent, name) ? parent[name] : undefined;
    const last = names[names.length - 1];
    if (isPlainRecord(parent) && Object.hasOwn(parent, last) && isPlainRecord(parent[last])) parent[last] = new Map(Object.entries(parent[last]));
  }
}

const isPlainRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map);

/**
 * A free-key object as sent (wrapped by wrapFreeKeys, or plain), as an object
 * without a prototype: `__proto__` and `toString` are keys like any other.
 * Use in the DTO's `@Transform(({ obj }) => dataKeyed(obj.field))`.
 */
export function dataKeyed(value: unknown): unknown {
  const entries = value instanceof Map ? [...value.entries()] : isPlainRecord(value) ? Object.entries(value) : null;
  if (!entries) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of entries) copy[String(key)] = item;
  return copy;
}

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Every place in a request value (body, query, parameter) where a NUL
 * character or a lone surrogate hides, in a string or in a key, or a key
 * named like an inherited member (`constructor`, `__proto__`), named as
 * `a.b[2].c`. Walks iteratively, so no depth of nesting can overflow the stack.
 * `freeKeys` names the objects whose keys are data, not fields (a lead's
 * custom fields: an import takes a column named `toString`): their keys may
 * be any text; their DTO copies them with `freeKeysOf`.
 */
export function hostileFields(value: unknown, root = '', freeKeys: ReadonlySet<string> = NO_FREE_KEYS): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) problems.push({ field: path || 'value', messages: [`${path || 'value'} ${problem}`] });
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, path: pathOf(path, i) }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const field = pathOf(path, key);
        const inherited = INHERITED_NAMES.has(key) && !freeKeys.has(path);
        const problem = inherited ? INHERITED_MESSAGE : textProblem(key);
        if (problem) problems.push({ field: JSON.stringify(field).slice(1, -1), messages: [`${inherited ? field : 'keys'} ${problem}`] });
        else stack.push({ value: item, path: field });
      }
    }
  }
  return problems.reverse();
}
