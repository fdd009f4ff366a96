import { Client } from 'pg';
import { baseDatabaseUrl, RUN_ID_ENV } from '@dialer/testing';

/** Drops the run's template and any database a crashed test file left behind. */
async function finish(): Promise<void> {
  const runId = process.env[RUN_ID_ENV];
  if (!runId) return;
  const client = new Client({ connectionString: baseDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `dialer_test_${runId}_%`,
    ]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

finish().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
