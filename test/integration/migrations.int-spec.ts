import * as argon2 from 'argon2';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@dialer/core';
import { dropDatabase, MIGRATION_NAMES, runMigrations, withDatabaseName } from '@dialer/db';
import { baseDatabaseUrl, productionCredentials } from '@dialer/testing';
import { envFor, spawnEntryPoint } from '../support/processes';

const freshUrl = () => withDatabaseName(baseDatabaseUrl(), `dialer_test_${process.env.DIALER_TEST_RUN_ID}_${randomBytes(4).toString('hex')}`);

async function tables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `select tablename from pg_tables where schemaname = 'public' order by tablename`,
    );
    return rows.map((row) => row.tablename);
  } finally {
    await client.end();
  }
}

describe('migrations (integration)', () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const url of created) await dropDatabase(url);
  });

  it('create the database, apply, revert completely, and apply again', async () => {
    const url = freshUrl();
    created.push(url);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url });

    const first = await runMigrations(config);
    expect(first.applied).toEqual(MIGRATION_NAMES);
    expect(await tables(url)).toEqual(
      expect.arrayContaining(['users', 'campaigns', 'leads', 'call_attempts', 'dnc_entries', 'consents', 'audit_log', 'import_jobs']),
    );

    expect((await runMigrations(config)).applied).toEqual([]);

    const down = await runMigrations(config, { direction: 'down', steps: 'all' });
    expect(down.applied).toEqual([...MIGRATION_NAMES].reverse());
    expect(await tables(url)).toEqual(['mikro_orm_migrations']);

    expect((await runMigrations(config)).applied).toEqual(MIGRATION_NAMES);
  });

  it('lets two processes run db:migrate at once: one applies, the other waits and finds nothing to do', async () => {
    const url = freshUrl();
    created.push(url);
    const env = envFor(url, 'unused');
    const runs = [0, 1].map(() => spawnEntryPoint('apps/cli/src/main.ts', env, ['migrate']));
    const exits = await Promise.all(runs.map((run) => run.exited()));

    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
    const outputs = runs.map((run) => run.output()).sort();
    expect(outputs.filter((out) => MIGRATION_NAMES.every((name) => out.includes(`applied ${name}`)))).toHaveLength(1);
    expect(outputs.filter((out) => /database is up to date/.test(out))).toHaveLength(1);

    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('select name from mikro_orm_migrations');
    await client.end();
    expect(rows).toHaveLength(MIGRATION_NAMES.length);
  });
});

describe('db:seed (integration, real process)', () => {
  let url: string;
  afterAll(async () => dropDatabase(url));

  it('creates the admin and the demo campaign once, and changes nothing the second time', async () => {
    url = freshUrl();
    const env = envFor(url, 'unused');
    expect((await spawnEntryPoint('apps/cli/src/main.ts', env, ['migrate']).exited()).code).toBe(0);
    const first = spawnEntryPoint('apps/cli/src/main.ts', env, ['seed']);
    expect((await first.exited()).code).toBe(0);
    expect(first.output()).toMatch(/created admin admin@example.com/);
    expect(first.output()).toMatch(/created campaign/);
    const second = spawnEntryPoint('apps/cli/src/main.ts', env, ['seed']);
    expect((await second.exited()).code).toBe(0);
    expect(second.output()).toMatch(/already exists[\s\S]*already exists/);

    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`select (select count(*) from users)::int as users, (select count(*) from campaigns)::int as campaigns`);
    await client.end();
    expect(rows[0]).toEqual({ users: 1, campaigns: 1 });
  });
});

describe('db:seed in production (integration, real process)', () => {
  let url: string;
  afterAll(async () => dropDatabase(url));

  const production = { NODE_ENV: 'production', ...productionCredentials() };

  it('refuses the published password, and otherwise prints a one-time one that signs the admin in', async () => {
    url = freshUrl();
    const env = { ...envFor(url, 'unused'), ...production };
    expect((await spawnEntryPoint('apps/cli/src/main.ts', env, ['migrate']).exited()).code).toBe(0);
    const published = spawnEntryPoint('apps/cli/src/main.ts', { ...env, SEED_ADMIN_PASSWORD: 'change-me-now' }, ['seed']);
    expect((await published.exited()).code).toBe(78);
    expect(published.output()).toMatch(/SEED_ADMIN_PASSWORD: is the published development password/);

    const seed = spawnEntryPoint('apps/cli/src/main.ts', env, ['seed']);
    expect((await seed.exited()).code).toBe(0);
    const password = /one-time password for admin@example.com: (\S+) /.exec(seed.output())?.[1];
    expect(password).toMatch(/^[\w-]{24}$/);
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`select password_hash from users where email = 'admin@example.com'`);
    await client.end();
    expect(await argon2.verify(rows[0].password_hash as string, password!)).toBe(true);
    expect(await argon2.verify(rows[0].password_hash as string, 'change-me-now')).toBe(false);
  });
});
