// Moved to bench/shared/benchmarks-file.ts (one writer for every benchmark); kept so existing imports work.
export { describeMachine, writeSection } from '../shared/benchmarks-file';
