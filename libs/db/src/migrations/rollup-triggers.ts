/**
 * SQL builders for rollup tables kept by statement-level triggers with
 * transition tables (the pattern of 20261206083000-rollups). Migrations use
 * them to emit their SQL once, at the time they run: change nothing here that
 * would alter what an existing caller emits (add a builder instead).
 *
 * The rollups of call_attempts share one update trigger (20261207110000,
 * sharedRollupUpdateTrigger): a migration that adds or recreates one of them
 * drops the update trigger rollupTriggers gives it and recreates the shared
 * one with every rollup, or its updates would be counted twice.
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
export function rollupTriggers(definition: RollupDefinition): string[] {
  const { table, source } = definition;
  const added = transitionRows(definition, 'n', 'new_rows', '+');
  const removed = transitionRows(definition, 'o', 'old_rows', '-');
  const functions: [op: string, transitions: string, parts: string[]][] = [
    ['insert', 'new table as new_rows', [added]],
    ['update', 'old table as old_rows new table as new_rows', [added, removed]],
    ['delete', 'old table as old_rows', [removed]],
  ];
  return functions.flatMap(([op, transitions, parts]) => [
    `create function ${table}_on_${op}() returns trigger language plpgsql as $$ begin ${upsertDelta(definition, parts)} return null; end $$;`,
    `create trigger ${table}_${op} after ${op} on "${source}" referencing ${transitions} for each statement execute function ${table}_on_${op}();`,
  ]);
}

/** Each row of a transition table's contribution: its keys and signed measures. */
function transitionRows(definition: RollupDefinition, alias: string, transition: string, sign: string): string {
  const { spread } = definition;
  return `select ${contributions(definition, alias, sign)} from ${transition} ${alias}${spread ? ` ${spread(alias)}` : ''}`;
}

/** One source row's keys and signed measures, as a select list. */
function contributions({ keys, measures }: RollupDefinition, alias: string, sign: string): string {
  return [...keys.map(([column, value]) => `${value(alias)} as ${column}`), ...measures.map(([column, value]) => `${sign} (${value(alias)}) as ${column}`)].join(', ');
}

/** Sums the contributions `parts` select by bucket and adds the buckets whose net is not zero, in key order. */
function upsertDelta({ table, keys, measures }: RollupDefinition, parts: string[]): string {
  const keyColumns = keys.map(([column]) => column);
  const columns = measures.map(([column]) => column);
  return `
      insert into ${table} (${[...keyColumns, 'shard', ...columns].join(', ')})
      select ${keyColumns.join(', ')}, ${SHARD}, ${columns.map((c) => `sum(${c})`).join(', ')}
        from (${parts.join(' union all ')}) d
       group by ${keyColumns.join(', ')}
      having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')}
       order by ${keyColumns.join(', ')}
      on conflict (${[...keyColumns, 'shard'].join(', ')}) do update set
        ${columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')};`;
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

/** The source's columns that `expressions` (rendered for the alias `src`) read. */
function columnsRead(expressions: string[]): string[] {
  const columns = new Set<string>();
  for (const expression of expressions) for (const [, column] of expression.matchAll(/\bsrc\.([a-z_][a-z0-9_]*)/g)) columns.add(column);
  return [...columns].sort();
}

/**
 * One update trigger in place of the update triggers of several rollups of
 * one source table: it returns at once when no row's contribution to any of
 * them may have changed (no measure's value, no column a key reads; a key
 * may look up another table, as the list of an attempt's lead), else runs
 * each rollup's delta as rollupTriggers' own would. Most updates of a busy
 * table change no figure (a webhook's ringing, an answer whose verdict is
 * still open): they cost one cheap check instead of a delta per rollup.
 * Rows are paired by `id`; an unpaired row (an id changed) counts as changed.
 */
export function sharedRollupUpdateTrigger(name: string, source: string, definitions: RollupDefinition[]): string[] {
  const fn = `${name}_on_update`;
  const keyInputs = columnsRead(definitions.flatMap(({ keys, spread }) => [...keys.map(([, value]) => value('src')), ...(spread ? [spread('src')] : [])]));
  const measures = [...new Set(definitions.flatMap(({ measures }) => measures.map(([, value]) => value('src'))))];
  // Compared row by row: a measure of what a spread yields (an hour's share of a period) has no single value to compare.
  if (measures.some((sql) => /\bsrc_\w+\./.test(sql))) throw new Error(`${name}: a measure reads what a spread yields; compare its inputs instead`);
  const compared = (a: string) => [...measures.map((sql) => `(${sql.replace(/\bsrc\./g, `${a}.`)})`), ...keyInputs.map((column) => `${a}.${column}`)];
  const changed = `row(${compared('n').join(', ')}) is distinct from row(${compared('o').join(', ')})`;
  const unchanged = `not exists (select 1 from new_rows n full join old_rows o on o.id = n.id where n.id is null or o.id is null or ${changed})`;
  // In the order their own insert and delete triggers run (by name: the rollup's table), so every writer of the
  // source locks rollup rows in one order: an insert's take and an update's settlement never deadlock.
  const inTriggerOrder = [...definitions].sort((a, b) => (a.table < b.table ? -1 : 1));
  const deltas = inTriggerOrder.map((definition) => upsertDelta(definition, [transitionRows(definition, 'n', 'new_rows', '+'), transitionRows(definition, 'o', 'old_rows', '-')]));
  return [
    `create function ${fn}() returns trigger language plpgsql as $$ begin if ${unchanged} then return null; end if; ${deltas.join('')} return null; end $$;`,
    `create trigger ${name}_update after update on "${source}" referencing old table as old_rows new table as new_rows for each statement execute function ${fn}();`,
  ];
}

/** The update trigger of one rollup and its function, as rollupTriggers creates them. */
export function rollupUpdateTrigger(definition: RollupDefinition): string[] {
  return rollupTriggers(definition).filter((statement) => statement.includes(`${definition.table}_on_update()`));
}

/** Drops an update trigger and its function: one rollup's (its table's name) or a shared one's. */
export function dropRollupUpdateTrigger(name: string, source: string): string[] {
  return [`drop trigger if exists ${name}_update on "${source}";`, `drop function if exists ${name}_on_update();`];
}
