// Jest orders by the durations it cached on an earlier run; a clean clone (CI)
// has none, and falls back to file size, which puts the minutes-long fault
// suite last, alone. With two workers the run is shortest when the longest
// suites start first: the fault suite (its processes mostly wait), then the
// browser specs, the e2e specs, the integration specs, then the rest.
const Sequencer = require('@jest/test-sequencer').default;

const KINDS = [/\.fault-spec\.ts$/, /\/test\/web\//, /\.e2e-spec\.ts$/, /\.int-spec\.ts$/];
const kind = (path) => {
  const index = KINDS.findIndex((pattern) => pattern.test(path));
  return index === -1 ? KINDS.length : index;
};

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    // Array.prototype.sort is stable: within a kind, jest's own order (failed, then slowest) stays.
    return [...super.sort(tests)].sort((a, b) => kind(a.path) - kind(b.path));
  }
}

module.exports = LongestFirstSequencer;
