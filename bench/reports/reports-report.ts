/** The goal of issue 10 §6: the wallboard and the 30-day KPI report at 3M attempts and 1M leads, p99 under 50 ms. */
export const P99_GOAL_MS = 50;

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

export interface ReportsFigures {
  attempts: number;
  leads: number;
  /** Rows of the busy campaign's agent state log (what the report's agent time covers). */
  stateRows: number;
  requests: number;
  withHistory: Latency;
  withoutHistory: Latency;
  /** The count over the window's attempts that the wallboard ran before the rollups, as one query. */
  recount: Latency;
  /** The 30-day KPI report by day, with that history and with none. */
  kpisWithHistory: Latency;
  kpisWithoutHistory: Latency;
  /** The 30-day KPI report by agent and by list, with that history. */
  kpisByAgent: Latency;
  kpisByList: Latency;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (label: string, l: Latency) => `| ${label} | ${l.samples} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} |`;

export function reportsSection(f: ReportsFigures, machine: string, date: string): string {
  const verdict = (label: string, l: Latency) => `${label} ${ms(l.p99)}: **${l.p99 < P99_GOAL_MS ? 'goal met' : 'goal NOT met'}**`;
  return [
    `${date}, ${machine}. One campaign with ${f.attempts.toLocaleString('en-US')} attempts over its 30-day abandon window, ${f.leads.toLocaleString('en-US')} leads and ${f.stateRows.toLocaleString('en-US')} rows of agent state log; requests one after another over HTTP (signed in), after 20 to warm up.`,
    '',
    '| | requests | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|---|',
    row('`GET /campaigns/:id/stats`, with that history (rollups)', f.withHistory),
    row('`GET /campaigns/:id/stats`, a campaign with no history', f.withoutHistory),
    row('before: the count over the window’s attempts alone (one SQL query)', f.recount),
    row('`GET /reports/campaigns/:id/kpis`, 30 days by day, with that history (rollups)', f.kpisWithHistory),
    row('`GET /reports/campaigns/:id/kpis`, 30 days by day, a campaign with no history', f.kpisWithoutHistory),
    row('`GET /reports/campaigns/:id/kpis`, 30 days by agent, with that history (rollups)', f.kpisByAgent),
    row('`GET /reports/campaigns/:id/kpis`, 30 days by list, with that history (rollups)', f.kpisByList),
    '',
    `p99 with history (goal < ${P99_GOAL_MS} ms): ${verdict('wallboard', f.withHistory)}; ${verdict('30-day KPI report', f.kpisWithHistory)}; ${verdict('by agent', f.kpisByAgent)}; ${verdict('by list', f.kpisByList)}.`,
  ].join('\n');
}
