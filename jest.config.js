// Three levels, one runner: unit specs beside the code, integration specs
// against the real PostgreSQL and Redis, e2e specs that boot the apps.
const { compilerOptions } = require('./tsconfig.json');

// SWC rewrites @dialer/* imports at compile time, so code jest loads outside its
// module map (globalSetup/globalTeardown) resolves them too.
const swc = ['@swc/jest', { jsc: { baseUrl: __dirname, paths: compilerOptions.paths } }];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper: { '^@dialer/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
  // Stryker's sandboxes (npm run test:mutation) are copies of the repository: not tests of it.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};

// The web app's specs: React components in jsdom (TSX with the automatic JSX runtime).
const swcWeb = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }];

module.exports = {
  // Two suites at a time: most e2e time is spent waiting (on the emulator's clock, on child processes),
  // so two overlap well even on two cores; each file has its own database and queue prefix.
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/longest-first.sequencer.js',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench,scripts}/**/*.spec.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'] },
    {
      ...shared,
      displayName: 'web',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.{ts,tsx}'],
      transform: { '^.+\\.(t|j)sx?$': swcWeb },
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
      setupFiles: [],
    },
    {
      ...shared,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/slow-test-timeout.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/slow-test-timeout.ts'],
    },
    // npm run test:faults: its own PostgreSQL and Redis (it restarts them), so no globalSetup.
    { ...shared, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/slow-test-timeout.ts'] },
  ],
};
