/**
 * SQL builders for rollup tables kept by statement-level triggers with
 * transition tables (the pattern of 20261206083000-rollups). Migrations use
 * them to emit their SQL once, at the time they run: change nothing here that
 * would alter what an existing caller emits (add a builder instead).
 */

/** A column of the rollup and its value for one row of the source table, aliased `a`. */
export type RollupColumn = [column: string, value: (a: string) => string];

export interface RollupDefinition {
  /** The rollup table; its trigger functions and triggers are named after it. */
  table: string;
  /** The table whose rows it sums. */
  source: string;
  /** The bucket's key columns (the rollup's primary key, with `shard` after them). */
  keys: RollupColumn[];
  /** The summed columns: each row adds its value (a count's `(condition)::int`, a duration in ms). */
  measures: RollupColumn[];
  /**
   * Optional: a clause after the source row's alias (a lateral join) that
   * turns one row into several (a period split by hour); keys and measures may
   * read what it yields. Absent, each row is one bucket's contribution.
   */
  spread?: (a: string) => string;
}

/** The hour bucket of an instant, whatever the session's time zone. */
export const HOUR = (column: string) => `date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`;
/** The UTC day bucket of an instant, whatever the session's time zone. */
export const DAY = (column: string) => `date_bin('1 day', ${column}, timestamptz '2000-01-01 00:00:00+00')`;
/** Spreads concurrent writers over 16 rows per bucket; one transaction always writes the same shard. */
export const SHARD = `(txid_current() % 16)::smallint`;

/**
 * The three trigger functions and their triggers: each statement adds its
 * new rows' contributions and subtracts its old rows', upserting only buckets
 * whose net changed (a webhook's update that changes no figure writes
 * nothing), in key order so concurrent writers lock rows in one order.
 */
export function rollupTriggers({ table, source, keys, measures, spread }: RollupDefinition): string[] {
  const keyColumns = keys.map(([column]) => column);
  const columns = measures.map(([column]) => column);
  const rows = (alias: string, transition: string, sign: string) =>
    `select ${[...keys.map(([column, value]) => `${value(alias)} as ${column}`), ...measures.map(([column, value]) => `${sign} (${value(alias)}) as ${column}`)].join(', ')} from ${transition} ${alias}${spread ? ` ${spread(alias)}` : ''}`;
  const added = rows('n', 'new_rows', '+');
  const removed = rows('o', 'old_rows', '-');
  const delta = (parts: string[]) => `
      insert into ${table} (${[...keyColumns, 'shard', ...columns].join(', ')})
      select ${keyColumns.join(', ')}, ${SHARD}, ${columns.map((c) => `sum(${c})`).join(', ')}
        from (${parts.join(' union all ')}) d
       group by ${keyColumns.join(', ')}
      having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')}
       order by ${keyColumns.join(', ')}
      on conflict (${[...keyColumns, 'shard'].join(', ')}) do update set
        ${columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')};`;
  const functions: [op: string, transitions: string, parts: string[]][] = [
    ['insert', 'new table as new_rows', [added]],
    ['update', 'old table as old_rows new table as new_rows', [added, removed]],
    ['delete', 'old table as old_rows', [removed]],
  ];
  return functions.flatMap(([op, transitions, parts]) => [
    `create function ${table}_on_${op}() returns trigger language plpgsql as $$ begin ${delta(parts)} return null; end $$;`,
    `create trigger ${table}_${op} after ${op} on "${source}" referencing ${transitions} for each statement execute function ${table}_on_${op}();`,
  ]);
}

/** Counts the existing rows into an empty rollup (shard 0); the lock keeps writers out until the migration commits. */
export function rollupRecount({ table, source, keys, measures, spread }: RollupDefinition): string[] {
  return [
    `lock table "${source}" in share mode;`,
    `insert into ${table} (${[...keys.map(([column]) => column), 'shard', ...measures.map(([column]) => column)].join(', ')})
      select ${[...keys.map(([, value]) => value('a')), '0', ...measures.map(([, value]) => `sum(${value('a')})`)].join(', ')}
        from ${source} a${spread ? ` ${spread('a')}` : ''} group by ${keys.map((_, i) => i + 1).join(', ')};`,
  ];
}

/** Drops what rollupTriggers created. */
export function dropRollupTriggers({ table, source }: RollupDefinition): string[] {
  return ['insert', 'update', 'delete'].flatMap((op) => [`drop trigger if exists ${table}_${op} on "${source}";`, `drop function if exists ${table}_on_${op}();`]);
}
