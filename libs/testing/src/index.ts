export {
  TEMPLATE_DB_ENV,
  RUN_ID_ENV,
  baseDatabaseUrl,
  baseRedisUrl,
  createTestDatabase,
  TestDatabase,
  uniqueQueuePrefix,
  clearRedisPrefix,
  testConfig,
  createTestContext,
  TestContext,
} from './test-environment';
export { bootModules, bootModulesWithTempDir, BootedWithTempDir, withOrmContext } from './testing-module';
export { seedCampaign, seedLeads, seedAttempt, insertAttemptRow, query, FixtureCampaign, FixtureLead } from './fixtures';
export { seedAttempts, SeededAttempt, SeedAttemptsOptions } from './seed-attempts';
export { productionCredentials } from './production-credentials';
