import { createPacer, PacerFactory, SimulationReport, simulateCampaign } from '@dialer/pacing';
import { CAP, GridCell, scenarioFor } from './scenario-grid';
import { VicidialAdaptivePacer } from './vicidial-adaptive.pacer';

export type StrategyName = 'progressive' | 'power' | 'adaptive' | 'ours';

export interface StrategyResult {
  report: SimulationReport;
  /** The power ratio found by search (power only). */
  powerRatio?: number;
  /** The target the run used (ours only). */
  targetAbandonRate?: number;
}

const progressive: PacerFactory = (settings) => createPacer({ ...settings, mode: 'progressive' });
const adaptive: PacerFactory = (settings) => new VicidialAdaptivePacer(settings);
const ours = (targetAbandonRate?: number): PacerFactory => (settings, seed) =>
  createPacer({ ...settings, mode: 'predictive', targetAbandonRate }, { seed });
const power = (powerRatio: number): PacerFactory => (settings) => createPacer({ ...settings, mode: 'power', powerRatio });

export function runStrategy(cell: GridCell, strategy: StrategyName, options: { searchDays: number; targetAbandonRate?: number }): StrategyResult {
  const simulate = (factory: PacerFactory, days = cell.days) => simulateCampaign(scenarioFor(cell, days), factory, { seed: cell.seed });
  switch (strategy) {
    case 'progressive':
      return { report: simulate(progressive) };
    case 'adaptive':
      return { report: simulate(adaptive) };
    case 'ours':
      return { report: simulate(ours(options.targetAbandonRate)), targetAbandonRate: options.targetAbandonRate };
    case 'power':
      return bestPowerRatio(cell, options.searchDays, simulate);
  }
}

/**
 * The largest fixed power ratio whose abandon rate stays ≤ 3 %: bisection on
 * short runs (abandons grow with the ratio), then a full-length run, stepping
 * the ratio down while that run breaks the cap.
 */
function bestPowerRatio(
  cell: GridCell,
  searchDays: number,
  simulate: (factory: PacerFactory, days?: number) => SimulationReport,
): StrategyResult {
  // p = 0.1 on a large floor wants well over 12 lines per ready agent.
  let low = 1;
  let high = 50;
  if (simulate(power(high), searchDays).abandonRate <= CAP) low = high;
  for (let i = 0; i < 10 && high - low > 0.02; i++) {
    const middle = (low + high) / 2;
    if (simulate(power(middle), searchDays).abandonRate <= CAP) low = middle;
    else high = middle;
  }
  let ratio = low;
  let report = simulate(power(ratio));
  for (let i = 0; i < 6 && report.abandonRate > CAP && ratio > 1; i++) {
    ratio = Math.max(1, ratio * 0.95);
    report = simulate(power(ratio));
  }
  return { report, powerRatio: ratio };
}
