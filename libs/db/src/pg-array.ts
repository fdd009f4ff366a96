/**
 * A PostgreSQL array literal ('{"a","b"}') for a query parameter: MikroORM's
 * `execute` expands a JS array bound to `?` into a list, which `= any(?)`
 * cannot take. Bind this instead and cast it: `= any(?::text[])`.
 */
export function pgArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
