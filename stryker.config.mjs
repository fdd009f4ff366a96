// Mutation testing of the pure code that enforces the law and reads users'
// files (issue 13, "Test strength"). Not part of CI: run `npm run test:mutation`.
// Incremental: only mutants whose code or covering tests changed are re-tested;
// delete reports/mutation/stryker-incremental.json (or pass --force) for a full run.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  // The machine is shared by several engineers: two workers at most.
  concurrency: 2,
  // Generous: on a busy machine a slow run is not an infinite loop (those are caught by the hit limit).
  timeoutMS: 60000,
  mutate: [
    // Compliance rules.
    'libs/compliance/src/rules/redial-after-abandon.ts',
    'libs/compliance/src/rules/collections-frequency.ts',
    'libs/compliance/src/rules/consent.ts',
    'libs/compliance/src/rules/calling-window.ts',
    // Phone normalisation and time zones.
    'libs/leads/src/normalise/phone-normaliser.ts',
    'libs/leads/src/normalise/phone-timezones.ts',
    'libs/leads/src/normalise/timezone-resolver.ts',
    // The abandon PI controller, guard and rolling window.
    'libs/pacing/src/predictive/abandon-pi-controller.ts',
    'libs/pacing/src/predictive/abandon-guard.ts',
    'libs/pacing/src/predictive/rolling-rate-window.ts',
    // CSV sniffing and reading.
    'libs/leads/src/parsing/csv-sniffer.ts',
    'libs/leads/src/parsing/csv-record-reader.ts',
  ],
  // Only what the unit specs of these libraries need goes into the sandbox.
  ignorePatterns: ['apps', 'test', 'bench', 'docs', 'scripts', 'artifacts', 'reports', 'coverage', 'dist', 'var', 'tmp'],
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
