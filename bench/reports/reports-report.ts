/** The goal of issue 10 §6: the wallboard and the 30-day KPI report at any history, p99 under 50 ms. */
export const P99_GOAL_MS = 50;

/** The KPI report's groupings, in the order the section lists them. */
export const BENCH_GROUPINGS = ['day', 'hour', 'agent', 'list'] as const;
export type BenchGrouping = (typeof BENCH_GROUPINGS)[number];

export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of the samples (ms). */
export function latencyOf(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { samples: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1] };
}

/** A seeded campaign: its floor and history. */
export interface SeededCampaign {
  agents: number;
  lists: number;
  codes: number;
  attempts: number;
  leads: number;
  /** Rows of its agent state log (what the report's agent time covers). */
  stateRows: number;
}

/** The same request on each campaign: the 10-agent one, the 100-agent floor, the one with no history. */
export interface Side {
  history: Latency;
  floor: Latency;
  empty: Latency;
}

export interface ReportsFigures {
  history: SeededCampaign;
  floor: SeededCampaign;
  requests: number;
  /** The wallboard's stats. */
  stats: Side;
  /** The count over the window's attempts that the wallboard ran before the rollups, as one query. */
  recount: Latency;
  /** The 30-day KPI report, per grouping. */
  kpis: Record<BenchGrouping, Side>;
  /** Rows of the rollups the reports read, per table (after the fold). */
  rollupRows: Record<string, number>;
  /** The load average (1, 5, 15 min) when the timing ended. */
  load: [number, number, number];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const count = (n: number) => n.toLocaleString('en-US');
const met = (l: Latency) => l.p99 < P99_GOAL_MS;
const cell = (l: Latency) => `${ms(l.p50)} / ${ms(l.p99)}`;
const describe = (c: SeededCampaign) =>
  `${count(c.agents)} agents, ${count(c.lists)} list${c.lists === 1 ? '' : 's'} and ${c.codes} disposition codes: ${count(c.attempts)} attempts over 29 days, ${count(c.leads)} leads, ${count(c.stateRows)} rows of agent state log`;

export function reportsSection(f: ReportsFigures, machine: string, date: string): string {
  const side = (label: string, s: Side) => `| ${label} | ${cell(s.history)} | ${cell(s.floor)} | ${cell(s.empty)} | ${met(s.history) && met(s.floor) && met(s.empty) ? 'met' : '**NOT met**'} |`;
  const misses = [
    ...(!met(f.stats.history) || !met(f.stats.floor) || !met(f.stats.empty) ? ['the wallboard'] : []),
    ...BENCH_GROUPINGS.filter((g) => !met(f.kpis[g].history) || !met(f.kpis[g].floor) || !met(f.kpis[g].empty)).map((g) => `the KPI report by ${g}`),
  ];
  const worst = Math.max(f.stats.history.p99, f.stats.floor.p99, ...BENCH_GROUPINGS.flatMap((g) => [f.kpis[g].history.p99, f.kpis[g].floor.p99]));
  return [
    `${date}, ${machine}; load average ${f.load.map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) when the timing ended. Three campaigns: one with ${describe(f.history)}; a floor of ${describe(f.floor)}; one with no history. Requests one after another over HTTP (signed in), ${f.requests} per row after 20 to warm up; p50 / p99.`,
    '',
    '| request | 10 agents, history | 100-agent floor | no history | p99 < 50 ms |',
    '|---|---|---|---|---|',
    side('`GET /campaigns/:id/stats` (wallboard)', f.stats),
    ...BENCH_GROUPINGS.map((g) => side(`\`GET /reports/campaigns/:id/kpis\`, 30 days by ${g}`, f.kpis[g])),
    '',
    `Before the rollups, the wallboard's count over the window's attempts alone (one SQL query, 10-agent campaign): p50 ${ms(f.recount.p50)}, p99 ${ms(f.recount.p99)}.`,
    '',
    `Rollup rows after the fold (all campaigns): ${Object.entries(f.rollupRows)
      .map(([table, n]) => `\`${table}\` ${count(n)}`)
      .join(', ')}.`,
    '',
    `Verdict (p99 < ${P99_GOAL_MS} ms for every request on every campaign): ${misses.length === 0 ? `**goal met** (worst p99 with history ${ms(worst)})` : `**goal NOT met** by ${misses.join(', ')} (worst p99 with history ${ms(worst)})`}.`,
  ].join('\n');
}
