export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Exact percentiles (nearest rank) of the answered requests' latencies. */
export function summarize(latencies: Float64Array): LatencySummary {
  const answered = Float64Array.from(latencies.filter((value) => !Number.isNaN(value))).sort();
  const at = (q: number) => (answered.length ? answered[Math.min(answered.length - 1, Math.ceil(q * answered.length) - 1)]! : Number.NaN);
  const sum = answered.reduce((total, value) => total + value, 0);
  return {
    count: answered.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    p999: at(0.999),
    max: answered.length ? answered[answered.length - 1]! : Number.NaN,
    mean: answered.length ? sum / answered.length : Number.NaN,
  };
}

/** The same, per window of `windowMs` (by scheduled time): shows whether the rate was sustained or degraded over the run. */
export function perWindow(latencies: Float64Array, scheduledAtMs: Float64Array, windowMs: number): LatencySummary[] {
  const windows: number[][] = [];
  scheduledAtMs.forEach((at, i) => {
    const w = Math.floor(at / windowMs);
    (windows[w] ??= []).push(latencies[i]!);
  });
  return windows.map((values) => summarize(Float64Array.from(values)));
}
