import { latencyOf, reportsSection } from './reports-report';

describe('reports benchmark report', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyOf(samples)).toEqual({ samples: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(latencyOf([7])).toMatchObject({ p50: 7, p99: 7 });
  });

  it('gives each verdict from its p99 with history', () => {
    const fast = latencyOf([5, 6, 7]);
    const slow = latencyOf([40, 60, 1400]);
    const base = { attempts: 3_000_000, leads: 1_000_000, stateRows: 2_000_000, requests: 3, withoutHistory: fast, recount: slow, kpisWithoutHistory: fast, kpisByAgent: fast, kpisByList: fast };
    expect(reportsSection({ ...base, withHistory: fast, kpisWithHistory: fast }, 'CPU', '2026-12-06')).toContain('wallboard 7.0 ms: **goal met**; 30-day KPI report 7.0 ms: **goal met**');
    expect(reportsSection({ ...base, withHistory: slow, kpisWithHistory: fast }, 'CPU', '2026-12-06')).toContain('wallboard 1400.0 ms: **goal NOT met**; 30-day KPI report 7.0 ms: **goal met**');
    expect(reportsSection({ ...base, withHistory: fast, kpisWithHistory: slow }, 'CPU', '2026-12-06')).toContain('30-day KPI report 1400.0 ms: **goal NOT met**');
    expect(reportsSection({ ...base, withHistory: fast, kpisWithHistory: fast, kpisByList: slow }, 'CPU', '2026-12-06')).toContain('by agent 7.0 ms: **goal met**; by list 1400.0 ms: **goal NOT met**');
  });

  it('puts the KPI report beside the wallboard, with and without history', () => {
    const section = reportsSection(
      {
        attempts: 3_000_000,
        leads: 1_000_000,
        stateRows: 2_000_000,
        requests: 3,
        withHistory: latencyOf([5]),
        withoutHistory: latencyOf([4]),
        recount: latencyOf([900]),
        kpisWithHistory: latencyOf([12]),
        kpisWithoutHistory: latencyOf([3]),
        kpisByAgent: latencyOf([20]),
        kpisByList: latencyOf([21]),
      },
      'CPU',
      '2026-12-06',
    );
    expect(section).toContain('| `GET /reports/campaigns/:id/kpis`, 30 days by day, with that history (rollups) | 1 | 12.0 ms | 12.0 ms | 12.0 ms | 12.0 ms |');
    expect(section).toContain('| `GET /reports/campaigns/:id/kpis`, 30 days by day, a campaign with no history | 1 | 3.0 ms |');
    expect(section).toContain('| `GET /reports/campaigns/:id/kpis`, 30 days by agent, with that history (rollups) | 1 | 20.0 ms |');
    expect(section).toContain('2,000,000 rows of agent state log');
    expect(section).not.toContain('not built yet');
  });
});
