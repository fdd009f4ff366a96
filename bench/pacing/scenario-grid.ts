import { CampaignScenario, campaignScenario } from '@dialer/pacing';

/**
 * The simulated world. 'default' is the simulator's; the two idealised ones
 * take frictions away to show how much of a shortfall is the world's:
 * 'calm' has no breaks, no list fatigue, perfect AMD and a fixed wrap-up
 * (shifts still start and end staggered); 'calm-one-peak' also has every
 * person answer at 8 s.
 */
export type World = 'default' | 'calm' | 'calm-one-peak';

export interface GridCell {
  world?: World;
  agents: number;
  personAnswerRate: number;
  talkMeanSec: number;
  /** One of the scenarios the issue sets occupancy goals for. */
  goal: boolean;
  days: number;
  seed: number;
}

export const AGENTS = [5, 10, 20, 50, 100];
export const PERSON_ANSWER_RATES = [0.1, 0.25, 0.4];
export const TALK_MEANS_SEC = [60, 120, 300];
export const TALK_CV = 0.8;
export const WRAP_SEC = 10;

/** Occupancy goals of the issue, for p = 0.25 and 120 s talk, over 30 days. */
export const OCCUPANCY_GOALS: Record<number, number> = { 10: 0.78, 20: 0.83, 50: 0.88, 100: 0.9 };
export const MEAN_ABANDON_GOAL = 0.025;
export const CAP = 0.03;

export function isGoalCell(agents: number, personAnswerRate: number, talkMeanSec: number): boolean {
  return personAnswerRate === 0.25 && talkMeanSec === 120 && OCCUPANCY_GOALS[agents] !== undefined;
}

/**
 * Small floors get more days (at least this many agent-days): a day of 5
 * agents holds a few hundred person answers, too few to rank two strategies.
 */
const MIN_AGENT_DAYS = 100;

/** The 45 scenarios, goal ones over `goalDays`, the rest over `days` (more on small floors). */
export function scenarioGrid(days: number, goalDays: number): GridCell[] {
  const cells: GridCell[] = [];
  for (const agents of AGENTS) {
    for (const personAnswerRate of PERSON_ANSWER_RATES) {
      for (const talkMeanSec of TALK_MEANS_SEC) {
        const goal = isGoalCell(agents, personAnswerRate, talkMeanSec);
        const cellDays = goal ? goalDays : Math.max(days, Math.ceil(MIN_AGENT_DAYS / agents));
        cells.push({ agents, personAnswerRate, talkMeanSec, goal, days: cellDays, seed: 1000 + cells.length });
      }
    }
  }
  return cells;
}

/** The simulated campaign of a cell: the simulator's defaults with the grid's callees and agents. */
export function scenarioFor(cell: GridCell, days = cell.days): CampaignScenario {
  const scenario = campaignScenario({
    agents: cell.agents,
    days,
    settings: { maxAbandonRate: CAP, maxLinesPerAgent: 5 },
    callee: { personAnswerRate: cell.personAnswerRate },
    agent: { talkMeanSec: cell.talkMeanSec, talkCv: TALK_CV, wrapMeanSec: WRAP_SEC },
  });
  if ((cell.world ?? 'default') === 'default') return scenario;
  scenario.shift = { ...scenario.shift, breakShare: 0 };
  scenario.callee = { ...scenario.callee, fatigue: 0, amd: { ...scenario.callee.amd, personAccuracy: 1, machineAccuracy: 1 } };
  scenario.agent = { ...scenario.agent, wrapCv: 0.01 };
  if (cell.world === 'calm-one-peak') scenario.callee.personAnswerPeaks = [{ meanSec: 8, sdSec: 1.2, share: 1 }];
  return scenario;
}

/** talk ÷ (talk + wrap): what agents who never wait would reach. */
export function occupancyCeiling(cell: GridCell): number {
  return cell.talkMeanSec / (cell.talkMeanSec + WRAP_SEC);
}
