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
/**
 * PostgreSQL's own messages that quote the value they refused (data
 * exceptions, SQLSTATE class 22): `value "1e+308" is out of range for type
 * bigint` (or `"1e400" is out of range for type double precision`), `invalid input syntax for type uuid: "…"`, `invalid input value for
 * enum …: "…"`, `date/time field value out of range: "…"`, `malformed array
 * literal: "…"`, `time zone "…" not recognized`, a JSON detail's `Token "…" is
 * invalid`, and the `where` of a JSON error (`JSON data, line 1: …`, the data
 * itself). A value may hold quotes: each ends where the message's own text
 * resumes, not at the first quote.
 */
const REFUSED_VALUES: readonly [RegExp, string][] = [
  // The value opens PostgreSQL's message, or follows `value `: never a quoted name earlier in the SQL.
  [/(?<=^|\n|\bvalue | - |: )"[\s\S]*?" is out of range for type\b/g, '"…" is out of range for type'],
  [
    /\b(invalid input syntax for type [^:\n"]{1,80}|invalid input value for enum [^:\n]{1,130}|date\/time field value out of range|malformed [a-z ]{1,20} literal): "(?:[\s\S]*?"(?=$|\n)|[^"\n]*")/g,
    '$1: "…"',
  ],
  [/\b(time zone|unit|Token|invalid value) "[\s\S]*?"( not recognized| is invalid| for ")/g, '$1 "…"$2'],
  [/\b(JSON data, line \d+: )[^\n]*/g, '$1…'],
];

/** The text with the values PostgreSQL quotes in its messages redacted (REFUSED_VALUES). */
export function scrubRefusedValues(text: string): string {
  return REFUSED_VALUES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** MikroORM's ValidationError prints the whole entity (`entity: User {\n  passwordHash: '...'\n}`). */
const ENTITY_DUMP = /(\bentity: \w+) \{[\s\S]*?\n\}/g;
/** Properties of an error that hold the statement's or the entity's values as such. */
const VALUE_KEYS = new Set(['parameters', 'params', 'bindings', 'values', 'entity']);

export function sqlShape(sql: string): string {
  return sql.replace(STRING_LITERAL, '?').replace(NUMBER_LITERAL, '?');
}

/**
 * The text with any SQL statement in it reduced to its shape, any entity dump
 * to its name and any value PostgreSQL quoted in an error message redacted;
 * other text as it is.
 */
export function scrubSqlValues(text: string): string {
  const withoutEntity = scrubRefusedValues(text.replace(ENTITY_DUMP, '$1 {…}'));
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
    out[key] = key === 'detail' && typeof item === 'string' ? scrubSqlValues(item.replace(DETAIL_VALUES, '$1(…)')) : scrubErrorValues(item, depth + 1);
  }
  return out as T;
}
