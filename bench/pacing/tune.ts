import { createPacer, PacerFactory, PredictiveTuning, simulateCampaign } from '@dialer/pacing';
import { CAP, GridCell, MEAN_ABANDON_GOAL, OCCUPANCY_GOALS, scenarioFor } from './scenario-grid';

/**
 * A quick tuning harness for the predictive pacer, one thread:
 *
 *   node -r @swc-node/register bench/pacing/tune.ts [--days=10] [--seeds=0] [--cells=goal,problem]
 *        [--target=0.024] [--tuning='{"integralAnswers":300}'] [--n=10,100] [--brief]
 *
 * Runs the goal cells (p = 0.25, talk 120 s) and the two grid cells where the
 * adaptive baseline abandons less than ours (N = 50, 100, p = 0.10, talk 60 s)
 * under ours, and prints occupancy and mean / worst-window abandon. Seed
 * offset 0 is the benchmark's own seed for each cell; other offsets are
 * fresh worlds for checking that a change is not one seed's luck.
 */
function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
}

const days = Number(arg('days') ?? 10);
const seeds = (arg('seeds') ?? '0').split(',').map(Number);
const groups = (arg('cells') ?? 'goal,problem').split(',');
const target = arg('target') === undefined ? undefined : Number(arg('target'));
const tuning = JSON.parse(arg('tuning') ?? '{}') as Partial<PredictiveTuning>;
const only = arg('n')?.split(',').map(Number);

// Seeds as the benchmark grid numbers its cells (1000 + index).
const cells: (GridCell & { group: string })[] = [];
if (groups.includes('goal')) {
  for (const [agents, index] of [[10, 13], [20, 22], [50, 31], [100, 40]]) {
    cells.push({ group: 'goal', agents, personAnswerRate: 0.25, talkMeanSec: 120, goal: true, days, seed: 1000 + index });
  }
}
if (groups.includes('problem')) {
  for (const [agents, index] of [[50, 27], [100, 36]]) {
    cells.push({ group: 'problem', agents, personAnswerRate: 0.1, talkMeanSec: 60, goal: false, days: Math.min(days, 5), seed: 1000 + index });
  }
}

const ours: PacerFactory = (settings, seed) =>
  createPacer({ ...settings, mode: 'predictive', targetAbandonRate: target }, { seed, tuning });

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}`;
const started = performance.now();
for (const offset of seeds) {
  for (const cell of cells) {
    if (only && !only.includes(cell.agents)) continue;
    const t0 = performance.now();
    const report = simulateCampaign(scenarioFor(cell), ours, { seed: cell.seed + 7919 * offset });
    const worstDay = Math.max(...report.daily.map((d) => d.abandonRate));
    const goal = cell.group === 'goal' ? OCCUPANCY_GOALS[cell.agents] : Number.NaN;
    const flags = [
      report.abandonRate > MEAN_ABANDON_GOAL ? 'MEAN>2.5' : '',
      report.worst30DayAbandonRate > CAP ? 'WIN>3' : '',
    ].join(' ');
    if (process.argv.includes('--brief')) {
      console.log(`${cell.group === 'goal' ? 'G' : 'P'}${offset} N=${cell.agents} occ ${pct(report.talkOccupancy)} ab ${pct(report.abandonRate, 2)} w24 ${pct(report.worst24HourAbandonRate, 2)} ${flags.trim()}`);
      continue;
    }
    console.log(
      `${cell.group.padEnd(7)} s${offset} N=${String(cell.agents).padEnd(3)} p=${cell.personAnswerRate} t=${cell.talkMeanSec} ${cell.days}d: ` +
        `occ ${pct(report.talkOccupancy)} %${Number.isNaN(goal) ? '' : ` (goal ${pct(goal, 0)})`}  abandon ${pct(report.abandonRate, 2)} %  ` +
        `worst30d ${pct(report.worst30DayAbandonRate, 2)}  worst24h ${pct(report.worst24HourAbandonRate, 2)}  worst day ${pct(worstDay, 2)}  ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s ${flags}`,
    );
  }
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
