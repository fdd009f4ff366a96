/** The goal of issue 10 §1: at most twice psql's \copy of the same select, the worker under 300 MB. */
export const MAX_RATIO = 2;
export const MAX_RSS_MB = 300;

export interface ExportFigures {
  rows: number;
  /** Runs of each side; the best of each is compared (the machine is shared and noisy). */
  runs: number;
  /** POST /exports until the export reads completed (queue, count, write, rename). */
  exportMs: number;
  psqlMs: number;
  fileMb: number;
  psqlFileMb: number;
  idleRssMb: number;
  peakRssMb: number;
  pollMs: number;
}

export function exportVerdict(f: ExportFigures): { ratio: number; fastEnough: boolean; smallEnough: boolean; met: boolean } {
  const ratio = f.exportMs / f.psqlMs;
  const fastEnough = ratio <= MAX_RATIO;
  const smallEnough = f.peakRssMb <= MAX_RSS_MB;
  return { ratio, fastEnough, smallEnough, met: fastEnough && smallEnough };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The BENCHMARKS.md section: the figures side by side and the verdict they give. */
export function exportSection(f: ExportFigures, machine: string, date: string): string {
  const v = exportVerdict(f);
  const rate = (ms: number) => `${Math.round(f.rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;
  return [
    `${date}, ${machine}. ${f.rows.toLocaleString('en-US')} settled attempts of one campaign, best of ${f.runs} runs each.`,
    '',
    '| | time | rate | file | memory |',
    '|---|---|---|---|---|',
    `| \`POST /exports\` → completed (worker process, CSV UTF-8, formula-safe) | ${seconds(f.exportMs)} | ${rate(f.exportMs)} | ${f.fileMb} MB | worker RSS ${f.idleRssMb} MB idle, peak ${f.peakRssMb} MB |`,
    `| \`psql \\copy (same select) to\` file, CSV | ${seconds(f.psqlMs)} | ${rate(f.psqlMs)} | ${f.psqlFileMb} MB | — |`,
    '',
    `Ratio ${v.ratio.toFixed(2)}× (goal ≤ ${MAX_RATIO}×): ${v.fastEnough ? 'met' : 'NOT met'}. Worker peak RSS ${f.peakRssMb} MB (goal ≤ ${MAX_RSS_MB} MB): ${v.smallEnough ? 'met' : 'NOT met'}.`,
    `**Verdict: ${v.met ? 'goal met' : 'goal NOT met'}.**`,
    '',
    `The export's time runs from the request to the moment it reads completed (polled every ${f.pollMs} ms), so it includes the queue, the row count and the rename; psql's is the process's wall time.`,
  ].join('\n');
}
