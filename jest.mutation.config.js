// The jest config `npm run test:mutation` runs under Stryker: the unit project
// only, limited to the specs of the mutated modules (stryker.config.mjs), so a
// mutant never waits for slower suites that merely import them (the property
// tests of other compliance rules, the campaign simulation...). Property specs
// (*.property.spec.ts: hundreds of generated cases each) run in CI, not here:
// the example tests must kill the mutants on their own.
const { projects } = require('./jest.config.js');

const unit = projects.find((project) => project.displayName === 'unit');

module.exports = {
  ...unit,
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/libs/compliance/src/rules/{rules,calling-window,consent,collections-frequency,redial-after-abandon}.spec.ts',
    '<rootDir>/libs/leads/src/normalise/{phone-normaliser,phone-timezones,timezone-resolver}.spec.ts',
    '<rootDir>/libs/pacing/src/predictive/{abandon-pi-controller,abandon-guard,rolling-rate-window}.spec.ts',
    '<rootDir>/libs/leads/src/parsing/{csv-sniffer,csv-record-reader}.spec.ts',
  ],
};
