// Moved to bench/shared/benchmarks-file.ts (one writer for every benchmark); kept so existing imports work.
export { replaceSection, writeSection } from '../shared/benchmarks-file';
