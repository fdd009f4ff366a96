/**
 * Logs keep a failed statement's shape and never its values: MikroORM inlines
 * the parameters into the SQL it runs, and the driver's error message is that
 * SQL (`insert into "users" (...) values ('a@b.c', '$argon2id$...') - duplicate
 * key...`), so a password hash or a phone number would land in the log.
 */

/** What reads as an SQL statement inside a longer text (an error message, a stack). */
const SQL_STATEMENT = /\b(insert\s+into|update\s+\S+\s+set|delete\s+from|select\s[\s\S]*?\sfrom|copy\s+\S+|with\s+\S+\s+as\s*\()/i;
/** 'text' (doubled quotes inside), E'text' with backslash escapes, X'hex', B'bits', U&'...'. */
const STRING_LITERAL = /(?:\b(?:[EXB]|U&))?'(?:[^'\\]|''|\\.)*'/gi;
/** A number standing alone (not part of an identifier, a "quoted name" or a $1 placeholder). */
const NUMBER_LITERAL = /(?<![\w$".])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w"])/gi;
/** PostgreSQL's `detail`: `Key (email)=(a@b.c) already exists.`, `Failing row contains (...)`. */
const DETAIL_VALUES = /(=|contains )\([\s\S]*\)/g;
/** MikroORM's ValidationError prints the whole entity (`entity: User {\n  passwordHash: '...'\n}`). */
const ENTITY_DUMP = /(\bentity: \w+) \{[\s\S]*?\n\}/g;
/** Properties of an error that hold the statement's or the entity's values as such. */
const VALUE_KEYS = new Set(['parameters', 'params', 'bindings', 'values', 'entity']);

export function sqlShape(sql: string): string {
  return sql.replace(STRING_LITERAL, '?').replace(NUMBER_LITERAL, '?');
}

/** The text with any SQL statement in it reduced to its shape, and any entity dump to its name; other text as it is. */
export function scrubSqlValues(text: string): string {
  const withoutEntity = text.replace(ENTITY_DUMP, '$1 {…}');
  return SQL_STATEMENT.test(withoutEntity) ? sqlShape(withoutEntity) : withoutEntity;
}

/**
 * A copy of a serialized error with every SQL statement reduced to its shape,
 * PostgreSQL's `detail` without the row's values, and bound parameters dropped;
 * nested errors (`cause`, `previous`) too.
 */
export function scrubErrorValues<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return scrubSqlValues(value) as T;
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubErrorValues(item, depth + 1)) as T;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    if (VALUE_KEYS.has(key)) continue;
    out[key] = key === 'detail' && typeof item === 'string' ? item.replace(DETAIL_VALUES, '$1(…)') : scrubErrorValues(item, depth + 1);
  }
  return out as T;
}
