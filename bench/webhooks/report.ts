import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { LatencySummary } from './latency-stats';
import { Verification } from './verify';

export interface BenchResult {
  date: string;
  durationSec: number;
  targetRate: number;
  achievedRate: number;
  sent: number;
  duplicatesSent: number;
  errors: Map<string, number>;
  latency: LatencySummary;
  windows: LatencySummary[];
  windowSec: number;
  verification: Verification;
  /** CPU the api used per answered callback (all its processes), ms. */
  apiCpuMsPerCallback: number;
  /** Share of the machine's CPU time busy during the measured run (everything: api, PostgreSQL, Redis, load generator, others). */
  machineBusy: number;
  setup: string;
}

const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

export function goalMet(result: BenchResult): boolean {
  const v = result.verification;
  return (
    result.achievedRate >= 1500 &&
    result.latency.p99 < 50 &&
    result.errors.size === 0 &&
    v.stored === v.acknowledged &&
    v.unmatched === 0 &&
    v.mismatches.length === 0
  );
}

/** The result as a Markdown section body. */
export function markdown(result: BenchResult): string {
  const v = result.verification;
  const errors = [...result.errors].map(([message, count]) => `${count} × ${message}`).join(', ') || 'none';
  const windows = result.windows
    .map((w, i) => `| ${i * result.windowSec}–${(i + 1) * result.windowSec} s | ${w.count} | ${ms(w.p50)} | ${ms(w.p99)} | ${ms(w.max)} |`)
    .join('\n');
  return `Run ${result.date} on ${machine()}.
${result.setup}

**Goal: ≥ 1,500 callbacks/s sustained, p99 < 50 ms, the database exactly what was sent — ${goalMet(result) ? 'met' : 'NOT met'}.**

| measure | value |
|---|---|
| offered load (open loop) | ${result.targetRate} callbacks/s for ${result.durationSec} s |
| answered | ${result.latency.count} of ${result.sent} (${result.duplicatesSent} of them Twilio-style duplicates) |
| achieved rate | ${result.achievedRate.toFixed(0)} callbacks/s |
| latency p50 / p95 / p99 / p99.9 / max | ${ms(result.latency.p50)} / ${ms(result.latency.p95)} / ${ms(result.latency.p99)} / ${ms(result.latency.p999)} / ${ms(result.latency.max)} |
| api CPU per callback | ${result.apiCpuMsPerCallback.toFixed(2)} ms |
| machine CPU busy during the run | ${(result.machineBusy * 100).toFixed(0)} % of ${os.cpus().length} cores |
| errors (non-2xx or no response) | ${errors} |
| status events stored / distinct (CallSid, SequenceNumber) acknowledged | ${v.stored} / ${v.acknowledged} |
| events matched to no attempt | ${v.unmatched} |
| attempts checked against in-order delivery / mismatches | ${v.attemptsChecked} / ${v.mismatches.length} |

Latency is measured from each request's scheduled send time to the end of its response, so queueing counts.

| window | answered | p50 | p99 | max |
|---|---|---|---|---|
${windows}
`;
}

/** Replaces the body of `## <heading>` in BENCHMARKS.md (up to the next `## `). */
export function writeSection(file: string, heading: string, body: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`## ${heading}`);
  if (start === -1) throw new Error(`${file} has no "## ${heading}" section`);
  const bodyStart = text.indexOf('\n', start) + 1;
  const next = text.indexOf('\n## ', bodyStart);
  const end = next === -1 ? text.length : next + 1;
  writeFileSync(file, `${text.slice(0, bodyStart)}\n${body.trimEnd()}\n${next === -1 ? '' : '\n'}${text.slice(end)}`);
}
