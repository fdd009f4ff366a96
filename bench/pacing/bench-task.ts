import { GridCell } from './scenario-grid';
import { StrategyName } from './strategies';

/** One simulation job for a worker: a strategy on a grid cell. */
export interface BenchTask {
  id: number;
  cell: GridCell;
  strategy: StrategyName;
  searchDays: number;
  /** Ours at a given target instead of the default (the matched-abandon rerun). */
  targetAbandonRate?: number;
}

/** The figures the tables need, without the per-day detail. */
export interface BenchResult {
  id: number;
  occupancy: number;
  abandonRate: number;
  worst30Day: number;
  worst24Hour: number;
  talkMinutesPerAgentHour: number;
  callsPerSecond: number;
  peakCallsPerSecond: number;
  meanTimeToConnectSec: number;
  humanAnswers: number;
  powerRatio?: number;
  targetAbandonRate?: number;
  wallMs: number;
}
