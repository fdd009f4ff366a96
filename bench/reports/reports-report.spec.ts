import { latencyOf, reportsSection } from './reports-report';

describe('reports benchmark report', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyOf(samples)).toEqual({ samples: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(latencyOf([7])).toMatchObject({ p50: 7, p99: 7 });
  });

  it('gives the verdict from the p99 with history', () => {
    const fast = latencyOf([5, 6, 7]);
    const slow = latencyOf([40, 60, 1400]);
    const base = { attempts: 3_000_000, leads: 1_000_000, requests: 3, withoutHistory: fast, recount: slow };
    expect(reportsSection({ ...base, withHistory: fast }, 'CPU', '2026-12-06')).toContain('**goal met**');
    expect(reportsSection({ ...base, withHistory: slow }, 'CPU', '2026-12-06')).toContain('**goal NOT met**');
  });
});
