import { createPacer, Pacer, simulateCampaign } from '@dialer/pacing';
import { GridCell, scenarioFor } from './scenario-grid';

export interface EngineSpeed {
  /** Wall time to simulate one 8-hour day of 100 agents under ours. */
  dayOf100AgentsSec: number;
  /** decide() of ours on that day: mean and 99th percentile, in microseconds. */
  decideMeanUs: number;
  decideP99Us: number;
}

const CELL: GridCell = { agents: 100, personAnswerRate: 0.25, talkMeanSec: 120, goal: false, days: 1, seed: 7 };

/** How fast the engine and the simulator are, on this machine, in this process. */
export function measureEngineSpeed(): EngineSpeed {
  const scenario = scenarioFor(CELL);
  const started = performance.now();
  simulateCampaign(scenario, (settings, seed) => createPacer(settings, { seed }), { seed: CELL.seed });
  const dayOf100AgentsSec = (performance.now() - started) / 1000;

  const durations: number[] = [];
  simulateCampaign(
    scenario,
    (settings, seed): Pacer => {
      const inner = createPacer(settings, { seed });
      return {
        observe: (event) => inner.observe(event),
        decide: (snapshot) => {
          const before = performance.now();
          const decision = inner.decide(snapshot);
          durations.push(performance.now() - before);
          return decision;
        },
      };
    },
    { seed: CELL.seed },
  );
  durations.sort((a, b) => a - b);
  const mean = durations.reduce((sum, d) => sum + d, 0) / durations.length;
  return { dayOf100AgentsSec, decideMeanUs: mean * 1000, decideP99Us: durations[Math.floor(durations.length * 0.99)] * 1000 };
}
