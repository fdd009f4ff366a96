import { randomBytes } from 'node:crypto';
import { loadConfig } from '@dialer/core';
import { runMigrations, withDatabaseName } from '@dialer/db';
import { baseDatabaseUrl, RUN_ID_ENV, TEMPLATE_DB_ENV } from '@dialer/testing';

/** Migrates the run's template database; prints the variables test files need, as JSON. */
async function prepare(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const template = `dialer_test_${runId}_template`;
  await runMigrations(loadConfig({ NODE_ENV: 'test', DATABASE_URL: withDatabaseName(baseDatabaseUrl(), template) }));
  process.stdout.write(JSON.stringify({ [RUN_ID_ENV]: runId, [TEMPLATE_DB_ENV]: template }));
}

prepare().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
