import { exportSection, exportVerdict, ExportFigures } from './export-report';

const figures: ExportFigures = { rows: 1_000_000, runs: 2, exportMs: 30_000, psqlMs: 20_000, fileMb: 700, psqlFileMb: 690, idleRssMb: 150, peakRssMb: 220, pollMs: 200 };

describe('export benchmark report', () => {
  it('meets the goal at 1.5× and 220 MB', () => {
    expect(exportVerdict(figures)).toEqual({ ratio: 1.5, fastEnough: true, smallEnough: true, met: true });
    expect(exportSection(figures, 'CPU', '2026-12-06')).toContain('**Verdict: goal met.**');
  });

  it('fails on either limit, saying which', () => {
    const slow = exportSection({ ...figures, exportMs: 41_000 }, 'CPU', '2026-12-06');
    expect(slow).toContain('Ratio 2.05× (goal ≤ 2×): NOT met');
    expect(slow).toContain('**Verdict: goal NOT met.**');
    expect(exportVerdict({ ...figures, peakRssMb: 301 })).toMatchObject({ fastEnough: true, smallEnough: false, met: false });
  });
});
