import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { AppConfig, loadConfig } from '@dialer/core';
import { dropDatabase, ensureDatabase, withDatabaseName } from '@dialer/db';

/** Set by test/support/global-setup.ts for the whole jest run. */
export const TEMPLATE_DB_ENV = 'DIALER_TEST_TEMPLATE_DB';
export const RUN_ID_ENV = 'DIALER_TEST_RUN_ID';

const BASE_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BASE_REDIS_URL = 'redis://127.0.0.1:6379';

export function baseDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? BASE_DATABASE_URL;
}

export function baseRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? BASE_REDIS_URL;
}

function runId(): string {
  const id = process.env[RUN_ID_ENV];
  if (!id) throw new Error('Run integration and e2e tests through jest (test/support/global-setup.ts sets the run id)');
  return id;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, fully migrated database cloned from the run's template in a few hundred ms. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_DB_ENV];
  if (!template) throw new Error(`${TEMPLATE_DB_ENV} is not set; is jest's globalSetup configured?`);
  const name = `dialer_test_${runId()}_${randomBytes(4).toString('hex')}`;
  const url = withDatabaseName(baseDatabaseUrl(), name);
  await ensureDatabase(url, template);
  return { url, drop: () => dropDatabase(url) };
}

/** A key prefix no other test file (or concurrent run) uses, for Bull queues, throttles and locks. */
export function uniqueQueuePrefix(): string {
  return `test-${runId()}-${randomBytes(4).toString('hex')}`;
}

/** Removes every Redis key a test created under its prefix. */
export async function clearRedisPrefix(prefix: string, url = baseRedisUrl()): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Config for a test process: its own database and Redis prefix, quiet logs, ephemeral ports. */
export function testConfig(databaseUrl: string, queuePrefix: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '4',
    REDIS_URL: baseRedisUrl(),
    QUEUE_PREFIX: queuePrefix,
    API_PORT: '0',
    WORKER_HEALTH_PORT: '0',
    ...env,
  });
}

export interface TestContext {
  config: AppConfig;
  database: TestDatabase;
  queuePrefix: string;
  cleanup(): Promise<void>;
}

/** Everything a test file needs to boot real processes in isolation. */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const queuePrefix = uniqueQueuePrefix();
  return {
    config: testConfig(database.url, queuePrefix, env),
    database,
    queuePrefix,
    async cleanup() {
      await clearRedisPrefix(queuePrefix);
      await database.drop();
    },
  };
}
