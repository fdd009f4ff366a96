import { DEFAULT_TARGET_SHARE_OF_CAP } from '@dialer/pacing';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { BenchResult, BenchTask } from './bench-task';
import { CellResults, goalTable, gridTable, verdict } from './benchmark-table';
import { announcedPauseRows, announcedPauseTable } from './announced-pauses';
import { coldStartRows, coldStartTable } from './cold-start';
import { writeSection } from './benchmarks-file';
import { EngineSpeed, measureEngineSpeed } from './engine-speed';
import { describeMachine } from './machine-info';
import { CAP, GridCell, MEAN_ABANDON_GOAL, OCCUPANCY_GOALS, scenarioGrid, TALK_CV, WRAP_SEC } from './scenario-grid';
import { StrategyName } from './strategies';
import { runInPool } from './worker-pool';

/**
 * npm run bench:pacing [-- --days=5 --goal-days=30 --search-days=2 --workers=2 --no-write --cold-start-only --announced-only]
 *
 * Simulates the grid of the issue under four strategies, prints the tables
 * and writes them under the pacing heading of BENCHMARKS.md; then the first
 * hour of a cold campaign (cold-start.ts) and what honouring announced
 * pauses buys (announced-pauses.ts), each under its own heading.
 */
const HEADING = '## Pacing (`npm run bench:pacing`)';
const COLD_START_HEADING = '## Pacing: cold start (`npm run bench:pacing`)';
const ANNOUNCED_HEADING = '## Pacing: announced pauses (`npm run bench:pacing`)';
const STRATEGIES: StrategyName[] = ['progressive', 'power', 'adaptive', 'ours'];

interface Options {
  days: number;
  goalDays: number;
  searchDays: number;
  workers: number;
  write: boolean;
  coldStartOnly: boolean;
  announcedOnly: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const arg = argv.find((a) => a.startsWith(`--${name}=`));
    return arg ? Number(arg.split('=')[1]) : fallback;
  };
  return {
    days: value('days', 5),
    goalDays: value('goal-days', 30),
    searchDays: value('search-days', 2),
    workers: value('workers', Math.min(2, cpus().length)),
    write: !argv.includes('--no-write'),
    coldStartOnly: argv.includes('--cold-start-only'),
    announcedOnly: argv.includes('--announced-only'),
  };
}

/** Rough relative cost, to hand out the long simulations first. */
function cost(task: BenchTask): number {
  const { agents, days, personAnswerRate } = task.cell;
  const dials = agents * days * (1 + 0.1 / personAnswerRate);
  if (task.strategy === 'ours') return dials;
  if (task.strategy === 'power') return (dials * 0.25 * (8 * task.searchDays + 2 * days)) / days;
  return dials * 0.15;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const stamp = () => `Machine: ${describeMachine()}; ${new Date().toISOString().slice(0, 10)}.`;
  if (!options.coldStartOnly && !options.announcedOnly) await grid(options);
  if (!options.announcedOnly) {
    const coldStart = `${coldStartTable(coldStartRows())}\n\n${stamp()}`;
    console.log(`\n${coldStart}`);
    if (options.write) writeSection(resolve(__dirname, '../../BENCHMARKS.md'), COLD_START_HEADING, coldStart);
  }
  if (!options.coldStartOnly) {
    const announced = `${announcedPauseTable(announcedPauseRows())}\n\n${stamp()}`;
    console.log(`\n${announced}`);
    if (options.write) writeSection(resolve(__dirname, '../../BENCHMARKS.md'), ANNOUNCED_HEADING, announced);
  }
}

async function grid(options: Options): Promise<void> {
  const started = performance.now();
  const cells = scenarioGrid(options.days, options.goalDays);
  const tasks: BenchTask[] = cells.flatMap((cell, c) =>
    STRATEGIES.map((strategy, s) => ({ id: c * STRATEGIES.length + s, cell, strategy, searchDays: options.searchDays })),
  );
  let done = 0;
  let total = tasks.length;
  const progress = (result: BenchResult, task: BenchTask) => {
    done++;
    const { agents, personAnswerRate, talkMeanSec } = task.cell;
    console.log(
      `[${done}/${total}] N=${agents} p=${personAnswerRate} talk=${talkMeanSec} ${task.strategy}: ` +
        `${(result.occupancy * 100).toFixed(1)} % / ${(result.abandonRate * 100).toFixed(2)} % in ${(result.wallMs / 1000).toFixed(1)} s`,
    );
  };
  const results = await runInPool(tasks, options.workers, cost, progress);
  const rows: CellResults[] = cells.map((cell, c) => {
    const of = (s: number) => results.get(c * STRATEGIES.length + s) as BenchResult;
    return { cell, progressive: of(0), power: of(1), adaptive: of(2), ours: of(3) };
  });

  // Where ours did not beat the baseline at its default target, compare at equal abandon:
  // rerun ours aiming under the baseline's realised rate (never above the cap), and
  // once more, lower, if that run still ended above it.
  for (const [round, share] of [0.9, 0.75].entries()) {
    const pending = rows.filter((r) => verdict(r) === 'no' && r.adaptive.abandonRate > 0);
    const reruns: BenchTask[] = pending.map((r, i) => ({
      id: 10_000 * (round + 1) + i,
      cell: r.cell,
      strategy: 'ours',
      searchDays: options.searchDays,
      targetAbandonRate: Math.min(r.adaptive.abandonRate, CAP) * share,
    }));
    done = 0;
    total = reruns.length;
    const rerunResults = await runInPool(reruns, options.workers, cost, progress);
    pending.forEach((r, i) => (r.oursMatched = rerunResults.get(reruns[i].id)));
  }

  // How much of the occupancy gap is the simulated world's: ours at N = 10 and 100 with frictions taken away.
  const worlds = (['calm', 'calm-one-peak'] as const).flatMap((world) =>
    [10, 100].map((agents) => ({ world, agents, personAnswerRate: 0.25, talkMeanSec: 120, goal: false, days: 5, seed: 77 })),
  );
  const idealTasks: BenchTask[] = worlds.map((cell, i) => ({ id: 20_000 + i, cell, strategy: 'ours', searchDays: 0 }));
  done = 0;
  total = idealTasks.length;
  const idealResults = await runInPool(idealTasks, options.workers, cost, progress);
  const ideal: IdealRun[] = worlds.map((cell, i) => ({ cell, result: idealResults.get(20_000 + i) as BenchResult }));

  // What a target nearer the cap buys: ours at the default target and at HIGHER_TARGET on the same 5-day world.
  const targetCells = [10, 100].map((agents) => ({ agents, personAnswerRate: 0.25, talkMeanSec: 120, goal: false, days: 5, seed: 77 }));
  const targetTasks: BenchTask[] = targetCells.flatMap((cell, i) => [
    { id: 30_000 + 2 * i, cell, strategy: 'ours' as const, searchDays: 0 },
    { id: 30_001 + 2 * i, cell, strategy: 'ours' as const, searchDays: 0, targetAbandonRate: HIGHER_TARGET },
  ]);
  done = 0;
  total = targetTasks.length;
  const targetResults = await runInPool(targetTasks, options.workers, cost, progress);
  const higherTarget: TargetRun[] = targetCells.map((cell, i) => ({
    agents: cell.agents,
    atDefault: targetResults.get(30_000 + 2 * i) as BenchResult,
    atHigher: targetResults.get(30_001 + 2 * i) as BenchResult,
  }));

  const minutes = (performance.now() - started) / 60_000;
  const speed = measureEngineSpeed();
  const body = report(rows, ideal, higherTarget, options, minutes, speed);
  console.log(`\n${body}`);
  if (options.write) {
    writeSection(resolve(__dirname, '../../BENCHMARKS.md'), HEADING, body);
    console.log('\nBENCHMARKS.md updated.');
  }
}

interface IdealRun {
  cell: GridCell;
  result: BenchResult;
}

/** Ours on one world at the default target and at HIGHER_TARGET. */
interface TargetRun {
  agents: number;
  atDefault: BenchResult;
  atHigher: BenchResult;
}

/** The predictive pacer's default target, as createPacer resolves it. */
const DEFAULT_TARGET = DEFAULT_TARGET_SHARE_OF_CAP * CAP;
/** The "target nearer the cap" the report measures: 90 % of it. */
const HIGHER_TARGET = 0.9 * CAP;

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;
const cellName = (r: CellResults) => `N=${r.cell.agents} p=${r.cell.personAnswerRate} talk=${r.cell.talkMeanSec}`;

function report(rows: CellResults[], ideal: IdealRun[], higherTarget: TargetRun[], options: Options, minutes: number, speed: EngineSpeed): string {
  const goals = rows.filter((r) => r.cell.goal);
  const missed = goals.filter((r) => r.ours.occupancy < OCCUPANCY_GOALS[r.cell.agents]);
  const lost = rows.filter((r) => verdict(r) === 'no');
  const matched = rows.filter((r) => verdict(r) === 'yes, at matched abandon');
  const abandonOk = goals.every((r) => r.ours.abandonRate <= MEAN_ABANDON_GOAL && r.ours.worst30Day <= CAP);
  return [
    `Run ${new Date().toISOString().slice(0, 10)} on ${describeMachine()}, ${options.workers} worker threads: ${minutes.toFixed(1)} min.`,
    '',
    `Engine speed (same machine, one thread): an 8-hour day of 100 agents simulates in ${speed.dayOf100AgentsSec.toFixed(1)} s; ` +
      `predictive decide() takes ${speed.decideMeanUs.toFixed(0)} µs on average, ${speed.decideP99Us.toFixed(0)} µs at the 99th percentile.`,
    '',
    `Simulated world (libs/pacing simulator defaults): 8-hour shifts with staggered log-ins and log-outs and a 15–30 min break off the system; ` +
      `a person answers with probability p (falling ±15 % through the day), after 8 ± 1.2 s (65 %) or 20 ± 1.2 s (35 %); AMD takes ~1.2 s on a person, ` +
      `misses 3 % of people and passes 10 % of machines to agents; talk lognormal (CV ${TALK_CV}), wrap lognormal ${WRAP_SEC} s (CV 0.3); ` +
      `ring timeout 25 s, 2-second rule, at most 5 lines per agent, cap ${CAP * 100} %. Occupancy is talk ÷ logged-in time; abandon is abandoned ÷ person answers.`,
    '',
    `### Goals (p = 0.25, talk 120 s, ${options.goalDays} days)`,
    '',
    goalTable(goals),
    '',
    `Abandon goals (mean ≤ ${MEAN_ABANDON_GOAL * 100} %, no 30-day window over ${CAP * 100} %): ${abandonOk ? 'met in all four' : '**missed**, see above'}. ` +
      (missed.length === 0
        ? 'Occupancy goals: met.'
        : `Occupancy goals: **missed at N = ${missed.map((r) => r.cell.agents).join(', ')}** — see the note below.`),
    '',
    `### Grid: talk occupancy / abandon rate (${options.days} simulated days per cell, at least 100 agent-days on small floors, ${options.goalDays} days for the goal cells)`,
    '',
    'Power: the largest fixed ratio keeping abandon ≤ 3 %, by bisection on ' +
      `${options.searchDays}-day runs, then stepped down while the full run broke the cap. Adaptive: VICIdial-style (bench/pacing/vicidial-adaptive.pacer.ts). ` +
      `"Ours at adaptive's abandon": where ours at its default target (${pct(DEFAULT_TARGET)}) did not beat the baseline, ours rerun with its target at 90 % ` +
      "(then 75 %) of the baseline's realised rate, capped at 3 %, so both are compared at an equal or lower abandon rate.",
    '',
    gridTable(rows),
    '',
    baselineVerdict(rows.length, lost, matched),
    '',
    '### How much of the gap is the world',
    '',
    'Ours at p = 0.25, talk 120 s, 5 days, in the two idealised worlds of bench/pacing/scenario-grid.ts:',
    '',
    '| world | N = 10 | N = 100 |',
    '|:---|---:|---:|',
    ...(['calm', 'calm-one-peak'] as const).map((world) => {
      const at = (agents: number) => ideal.find((r) => r.cell.world === world && r.cell.agents === agents)?.result;
      const cell = (r?: BenchResult) => (r ? `${(r.occupancy * 100).toFixed(1)} % / ${(r.abandonRate * 100).toFixed(2)} %` : '—');
      const label = world === 'calm' ? 'calm: no breaks, no fatigue, perfect AMD, fixed wrap' : 'calm, and every person answers at 8 s (one peak)';
      return `| ${label} | ${cell(at(10))} | ${cell(at(100))} |`;
    }),
    '',
    '### What a target nearer the cap buys',
    '',
    `Ours at p = 0.25, talk 120 s, 5 days (same world and seed for both targets), at its default target (${pct(DEFAULT_TARGET)}) and at ${pct(HIGHER_TARGET)}:`,
    '',
    `| N | target ${pct(DEFAULT_TARGET)} | target ${pct(HIGHER_TARGET)} | occupancy gained |`,
    '|---:|---:|---:|---:|',
    ...higherTarget.map(
      (r) =>
        `| ${r.agents} | ${pct(r.atDefault.occupancy)} / ${pct(r.atDefault.abandonRate, 2)} | ${pct(r.atHigher.occupancy)} / ${pct(r.atHigher.abandonRate, 2)} | ${signedPt(r.atDefault.occupancy, r.atHigher.occupancy)} pt |`,
    ),
    '',
    ...(missed.length === 0 ? [] : occupancyNote(goals, ideal, higherTarget)),
  ].join('\n');
}

/** The third goal, said plainly: where ours only wins at matched abandon, at its default target it abandons more than the baseline. */
function baselineVerdict(cells: number, lost: CellResults[], matched: CellResults[]): string {
  const parts: string[] = [];
  if (lost.length === 0 && matched.length === 0) {
    return 'Ours beats the adaptive baseline on occupancy at an equal or lower abandon rate in every cell, at its default target.';
  }
  const plain = cells - lost.length - matched.length;
  parts.push(`At its default target ours beats the adaptive baseline on occupancy at an equal or lower abandon rate in ${plain} of ${cells} cells.`);
  if (matched.length > 0) {
    const detail = matched.map(
      (r) =>
        `${cellName(r)}: baseline ${pct(r.adaptive.occupancy)} at ${pct(r.adaptive.abandonRate, 2)}, ours ${pct(r.ours.occupancy)} at ${pct(r.ours.abandonRate, 2)}, ` +
        `ours at matched abandon ${pct((r.oursMatched as BenchResult).occupancy)} at ${pct((r.oursMatched as BenchResult).abandonRate, 2)}`,
    );
    parts.push(
      `In ${matched.length} cell(s) the baseline abandons less than ours does at its default target, so **at default settings ours abandons more there**; ` +
        `ours beats it only when rerun with a target under the baseline's realised rate, i.e. the comparison there is made at matched abandon (${detail.join('; ')}).`,
    );
  }
  if (lost.length > 0) {
    parts.push(`Ours does **not** beat the adaptive baseline, even at matched abandon, in ${lost.length} cell(s): ${lost.map(cellName).join('; ')}.`);
  }
  return parts.join(' ');
}

/** to − from in points, from the rounded figures so the text adds up to what it prints. */
function signedPt(from: number, to: number): string {
  const delta = Number((to * 100).toFixed(1)) - Number((from * 100).toFixed(1));
  return `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)}`;
}

function occupancyNote(goals: CellResults[], ideal: IdealRun[], higherTarget: TargetRun[]): string[] {
  const ours = (agents: number) => goals.find((r) => r.cell.agents === agents)?.ours.occupancy ?? Number.NaN;
  const world = (name: string, agents: number) =>
    ideal.find((r) => r.cell.world === name && r.cell.agents === agents)?.result.occupancy ?? Number.NaN;
  const pt = (x: number) => (x * 100).toFixed(1);
  const gain = signedPt;
  const meanAbandon = goals.reduce((sum, r) => sum + r.ours.abandonRate, 0) / goals.length;
  const targetGains = higherTarget.map((r) => `${gain(r.atDefault.occupancy, r.atHigher.occupancy)} pt at N = ${r.agents}`).join(' and ');
  const higherAbandon = Math.min(...higherTarget.map((r) => r.atHigher.abandonRate));
  const remaining = [10, 100].map((agents) => {
    const best = world('calm-one-peak', agents);
    const goal = OCCUPANCY_GOALS[agents];
    return best >= goal
      ? `at N = ${agents} that world reaches ${pt(best)} % (goal ${pt(goal)} %): there the gap is the frictions and the late answer peak`
      : `at N = ${agents} even that world stops at ${pt(best)} % (goal ${pt(goal)} %): what remains is the coin flip over the lead time`;
  });
  return [
    '**Why the occupancy goals are missed, and what would close the gap.** Every call is a bet placed 7–21 s before a person ' +
      `may answer it, and whether one does is a coin flip (p). To keep abandons at ${pct(meanAbandon, 1)} the pacer holds a cushion of idle ` +
      'agents sized to that uncertainty; pooling shrinks it relative to the floor, which is why occupancy climbs with N, but ' +
      'it never vanishes. The idealised worlds locate the gap: taking away breaks, fatigue, AMD errors and ' +
      `wrap-time variance moves ours from ${pt(ours(10))} to ${pt(world('calm', 10))} % at N = 10 (${gain(ours(10), world('calm', 10))} pt) and ` +
      `from ${pt(ours(100))} to ${pt(world('calm', 100))} % at N = 100 (${gain(ours(100), world('calm', 100))} pt); one answer peak instead of two ` +
      `adds ${gain(world('calm', 10), world('calm-one-peak', 10))} and ${gain(world('calm', 100), world('calm-one-peak', 100))} pt; ${remaining.join('; ')}. ` +
      'What would close it: (1) tell the pacer before an agent leaves — a "pause after this call" state in the snapshot; every ' +
      'unannounced break or log-out strands the calls already dialled for that agent; (2) shorten the lead — learn answer times ' +
      'per list and hour, or ring out nearer the 15 s legal minimum, which drops the 18–22 s answers at the price of contacts per ' +
      'dial; (3) better AMD — each machine that reaches an agent costs a wrap-up; (4) pool small campaigns onto one floor ' +
      '(blending), since the cushion grows only with √N. A target nearer the cap does not close it: ' +
      `aiming at ${pct(HIGHER_TARGET)} instead of ${pct(DEFAULT_TARGET)} buys ${targetGains} (table above)` +
      (higherAbandon > MEAN_ABANDON_GOAL ? ` while breaking the ${pct(MEAN_ABANDON_GOAL)} mean-abandon goal.` : '.'),
  ];
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
