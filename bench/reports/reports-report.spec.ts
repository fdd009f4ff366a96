import { BENCH_GROUPINGS, latencyOf, ReportsFigures, reportsSection } from './reports-report';

const fast = latencyOf([5, 6, 7]);
const slow = latencyOf([40, 60, 1400]);
const figures = (overrides: Partial<ReportsFigures> = {}): ReportsFigures => ({
  history: { agents: 10, lists: 1, codes: 4, attempts: 3_000_000, leads: 1_000_000, stateRows: 1_062_080 },
  floor: { agents: 100, lists: 3, codes: 5, attempts: 1_200_000, leads: 300_000, stateRows: 800_000 },
  requests: 3,
  stats: { history: fast, floor: fast, empty: fast },
  recount: slow,
  kpis: Object.fromEntries(BENCH_GROUPINGS.map((g) => [g, { history: fast, floor: fast, empty: fast }])) as ReportsFigures['kpis'],
  rollupRows: { attempt_kpi_day_rollups: 12_345 },
  load: [2.5, 1.25, 0.5],
  ...overrides,
});

describe('reports benchmark report', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyOf(samples)).toEqual({ samples: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(latencyOf([7])).toMatchObject({ p50: 7, p99: 7 });
  });

  it('puts every grouping side by side on the three campaigns, with the floor, the load and the rollup rows', () => {
    const section = reportsSection(figures({ kpis: { ...figures().kpis, agent: { history: latencyOf([12]), floor: latencyOf([21, 30]), empty: latencyOf([3]) } } }), 'CPU', '2026-12-07');
    expect(section).toContain('| `GET /reports/campaigns/:id/kpis`, 30 days by agent | 12.0 ms / 12.0 ms | 21.0 ms / 30.0 ms | 3.0 ms / 3.0 ms | met |');
    for (const g of BENCH_GROUPINGS) expect(section).toContain(`30 days by ${g} |`);
    expect(section).toContain('a floor of 100 agents, 3 lists and 5 disposition codes: 1,200,000 attempts');
    expect(section).toContain('load average 2.50 / 1.25 / 0.50');
    expect(section).toContain('`attempt_kpi_day_rollups` 12,345');
    expect(section).toContain('**goal met** (worst p99 with history 30.0 ms)');
  });

  it('names each request that misses the goal on any campaign', () => {
    const section = reportsSection(figures({ stats: { history: fast, floor: slow, empty: fast }, kpis: { ...figures().kpis, list: { history: fast, floor: fast, empty: slow } } }), 'CPU', '2026-12-07');
    expect(section).toContain('| `GET /campaigns/:id/stats` (wallboard) | 6.0 ms / 7.0 ms | 60.0 ms / 1400.0 ms | 6.0 ms / 7.0 ms | **NOT met** |');
    expect(section).toContain('**goal NOT met** by the wallboard, the KPI report by list (worst p99 with history 1400.0 ms)');
  });
});
