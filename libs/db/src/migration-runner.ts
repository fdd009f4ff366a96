import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { AppConfig } from '@dialer/core';
import { ensureDatabase } from './database-admin';
import { createOrmOptions } from './orm-options';

/** Arbitrary but fixed: every process that migrates this product takes the same lock. */
const MIGRATION_LOCK_KEY = 7_215_530_113;

export interface MigrationRun {
  direction: 'up' | 'down';
  applied: string[];
}

export interface MigrateOptions {
  direction?: 'up' | 'down';
  /** For `down`: how many migrations to revert (default 1); `'all'` reverts everything. */
  steps?: number | 'all';
  log?: (line: string) => void;
}

/**
 * Applies (or reverts) migrations while holding a PostgreSQL advisory lock on a
 * dedicated connection, so processes started together migrate one after another
 * and the later ones find nothing left to do.
 */
export async function runMigrations(
  config: Pick<AppConfig, 'database' | 'env'>,
  { direction = 'up', steps = 1, log = () => undefined }: MigrateOptions = {},
): Promise<MigrationRun> {
  if (direction === 'up' && (await ensureDatabase(config.database.url))) log('created the database');

  const lock = new Client({ connectionString: config.database.url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const orm = await MikroORM.init<PostgreSqlDriver>(createOrmOptions(config, { pool: { min: 0, max: 2 } }));
    try {
      const migrator = orm.getMigrator() as Migrator;
      const applied: string[] = [];
      if (direction === 'up') applied.push(...(await migrator.up()).map((m) => m.name));
      else if (steps === 'all') applied.push(...(await migrator.down({ to: 0 })).map((m) => m.name));
      else for (let i = 0; i < steps; i++) applied.push(...(await migrator.down()).map((m) => m.name));
      for (const name of applied) log(`${direction === 'up' ? 'applied' : 'reverted'} ${name}`);
      return { direction, applied };
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
