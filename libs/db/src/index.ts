export { UuidEntity } from './entities/uuid.entity';
export { createOrmOptions } from './orm-options';
export { runMigrations, MigrateOptions, MigrationRun } from './migration-runner';
export { ensureDatabase, dropDatabase, withDatabaseName, databaseNameOf } from './database-admin';
export { DbModule } from './db.module';
export { MIGRATIONS, MIGRATION_NAMES, KPI_ROLLUP_MEASURES } from './migrations';
export { pgArrayLiteral } from './pg-array';
