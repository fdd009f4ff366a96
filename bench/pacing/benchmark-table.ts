import { BenchResult } from './bench-task';
import { erlangBOccupancy } from './erlang-b';
import { CAP, GridCell, MEAN_ABANDON_GOAL, OCCUPANCY_GOALS, occupancyCeiling } from './scenario-grid';

/** The four runs of a cell, plus ours at the adaptive baseline's abandon rate when ours ran above it. */
export interface CellResults {
  cell: GridCell;
  progressive: BenchResult;
  power: BenchResult;
  adaptive: BenchResult;
  ours: BenchResult;
  oursMatched?: BenchResult;
}

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;
const pair = (r: BenchResult) => `${pct(r.occupancy)} / ${pct(r.abandonRate, 2)}`;

/** Ours beats the adaptive baseline: more occupancy at an equal or lower abandon rate. */
export function beatsAdaptive(ours: BenchResult, adaptive: BenchResult): boolean {
  return ours.occupancy > adaptive.occupancy && ours.abandonRate <= adaptive.abandonRate;
}

export function verdict(results: CellResults): 'yes' | 'yes, at matched abandon' | 'no' {
  if (beatsAdaptive(results.ours, results.adaptive)) return 'yes';
  if (results.oursMatched && beatsAdaptive(results.oursMatched, results.adaptive)) return 'yes, at matched abandon';
  return 'no';
}

export function goalTable(rows: CellResults[]): string {
  const lines = [
    '| N | occupancy goal | ours: talk occupancy | mean abandon | worst 30-day | worst 24 h | talk min / agent-h | dials/s (peak) | time to connect | Erlang-B ref. | ceiling | met |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|',
  ];
  for (const { cell, ours } of rows) {
    const goal = OCCUPANCY_GOALS[cell.agents];
    const met = ours.occupancy >= goal && ours.abandonRate <= MEAN_ABANDON_GOAL && ours.worst30Day <= CAP;
    lines.push(
      `| ${cell.agents} | ≥ ${pct(goal, 0)} | ${pct(ours.occupancy)} | ${pct(ours.abandonRate, 2)} | ${pct(ours.worst30Day, 2)} | ${pct(ours.worst24Hour, 2)} | ${ours.talkMinutesPerAgentHour.toFixed(1)} | ${ours.callsPerSecond.toFixed(2)} (${ours.peakCallsPerSecond}) | ${ours.meanTimeToConnectSec.toFixed(2)} s | ${pct(erlangBOccupancy(cell.agents, CAP))} | ${pct(occupancyCeiling(cell))} | ${met ? 'yes' : `**no** (${occupancyShortfall(ours, goal)})`} |`,
    );
  }
  return lines.join('\n');
}

function occupancyShortfall(ours: BenchResult, goal: number): string {
  const misses: string[] = [];
  if (ours.occupancy < goal) misses.push(`occupancy −${((goal - ours.occupancy) * 100).toFixed(1)} pt`);
  if (ours.abandonRate > MEAN_ABANDON_GOAL) misses.push('mean abandon');
  if (ours.worst30Day > CAP) misses.push('30-day window');
  return misses.join(', ');
}

export function gridTable(rows: CellResults[]): string {
  const lines = [
    '| N | p | talk | days | Erlang-B ref. | ceiling | progressive | best fixed power (ratio) | adaptive baseline | ours | ours at adaptive\'s abandon | ours beats adaptive |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|',
  ];
  for (const r of rows) {
    const { cell } = r;
    lines.push(
      `| ${cell.agents} | ${cell.personAnswerRate.toFixed(2)} | ${cell.talkMeanSec} s | ${cell.days} | ${pct(erlangBOccupancy(cell.agents, CAP))} | ${pct(occupancyCeiling(cell))} | ${pair(r.progressive)} | ${pair(r.power)} (${(r.power.powerRatio ?? 0).toFixed(2)}) | ${pair(r.adaptive)} | ${pair(r.ours)} | ${r.oursMatched ? pair(r.oursMatched) : '—'} | ${verdict(r)} |`,
    );
  }
  return lines.join('\n');
}
