import { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { AppConfig } from '@dialer/core';
import { MIGRATIONS } from './migrations';

/** The one MikroORM configuration, shared by the api, the worker and the CLI. */
export function createOrmOptions(
  config: Pick<AppConfig, 'database' | 'env'>,
  overrides: Partial<Options<PostgreSqlDriver>> = {},
): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: config.database.url,
    pool: { min: 0, max: config.database.poolMax },
    forceUtcTimezone: true,
    extensions: [Migrator],
    // Entities are registered by the domain modules (autoLoadEntities) or passed in by the caller.
    discovery: { warnWhenNoEntities: false },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      disableForeignKeys: false,
      snapshot: false,
      silent: true, // runMigrations reports what it applied
    },
    debug: false,
    ...overrides,
  };
}
