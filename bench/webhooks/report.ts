import os from 'node:os';
import { WEBHOOK_KINDS, WebhookKind } from './call-scripts';
import { LatencySummary } from './latency-stats';
import { databaseAgrees, Verification } from './verify';

export const GOAL_RATE = 1500;
export const GOAL_P99_MS = 50;

export interface BenchResult {
  date: string;
  durationSec: number;
  targetRate: number;
  achievedRate: number;
  sent: number;
  duplicatesSent: number;
  errors: Map<string, number>;
  latency: LatencySummary;
  /** The same, per kind of webhook (requests sent in the measured run = `count`). */
  latencyByKind: Record<WebhookKind, LatencySummary & { sent: number }>;
  windows: LatencySummary[];
  windowSec: number;
  verification: Verification;
  /** CPU the api used per answered request (all its processes), ms. */
  apiCpuMsPerRequest: number;
  /** Share of the machine's CPU time busy during the measured run (everything: api, PostgreSQL, Redis, load generator, others). */
  machineBusy: number;
  setup: string;
}

const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`);
const pct = (part: number, whole: number) => `${whole ? ((100 * part) / whole).toFixed(1) : '0.0'} %`;

const KIND_LABEL: Record<WebhookKind, string> = {
  status: 'status callback',
  voice: 'voice (answer)',
  amd: 'async AMD verdict',
  gather: 'gather action',
};

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`;
}

/** ≥ 1,500 webhooks/s, p99 < 50 ms overall and for every kind, no error, and the database exactly what was sent. */
export function goalMet(result: BenchResult): boolean {
  return (
    result.achievedRate >= GOAL_RATE &&
    result.latency.p99 < GOAL_P99_MS &&
    WEBHOOK_KINDS.every((kind) => !(result.latencyByKind[kind].p99 >= GOAL_P99_MS)) &&
    result.errors.size === 0 &&
    databaseAgrees(result.verification)
  );
}

/** The result as a Markdown section body. */
export function markdown(result: BenchResult): string {
  const v = result.verification;
  const errors = [...result.errors].map(([message, count]) => `${count} × ${message}`).join(', ') || 'none';
  const windows = result.windows
    .map((w, i) => `| ${i * result.windowSec}–${(i + 1) * result.windowSec} s | ${w.count} | ${ms(w.p50)} | ${ms(w.p99)} | ${ms(w.max)} |`)
    .join('\n');
  const kinds = WEBHOOK_KINDS.map((kind) => {
    const k = result.latencyByKind[kind];
    return `| ${KIND_LABEL[kind]} | ${k.sent} (${pct(k.sent, result.sent)}) | ${ms(k.p50)} | ${ms(k.p95)} | ${ms(k.p99)} | ${ms(k.max)} | ${v.kinds[kind].stored} / ${v.kinds[kind].acknowledged} |`;
  }).join('\n');
  return `Run ${result.date} on ${machine()}.
${result.setup}

**Goal: ≥ ${GOAL_RATE.toLocaleString('en')} webhooks/s sustained, p99 < ${GOAL_P99_MS} ms (overall and for each kind), the database exactly what was sent — ${goalMet(result) ? 'met' : 'NOT met'}.**

| measure | value |
|---|---|
| offered load (open loop) | ${result.targetRate} webhooks/s for ${result.durationSec} s |
| answered | ${result.latency.count} of ${result.sent} (${result.duplicatesSent} of them Twilio-style duplicates and retries) |
| achieved rate | ${result.achievedRate.toFixed(0)} webhooks/s |
| latency p50 / p95 / p99 / p99.9 / max | ${ms(result.latency.p50)} / ${ms(result.latency.p95)} / ${ms(result.latency.p99)} / ${ms(result.latency.p999)} / ${ms(result.latency.max)} |
| api CPU per webhook | ${result.apiCpuMsPerRequest.toFixed(2)} ms |
| machine CPU busy during the run | ${(result.machineBusy * 100).toFixed(0)} % of ${os.cpus().length} cores |
| errors (non-2xx or no response) | ${errors} |
| events matched to no attempt | ${v.unmatched} |
| attempts checked against in-order delivery / mismatches | ${v.attemptsChecked} / ${v.mismatches.length} |
| TwiML documents stored / distinct voice and gather requests acknowledged | ${v.twiml.stored} / ${v.twiml.acknowledged} |
| voice and gather answers checked against the call flow / wrong | ${v.flowChecked} / ${v.flowWrong.length} (calls whose AMD verdict was stored before their voice request: ${v.verdictBeforeVoice}) |
| voice and gather retries answered / with other TwiML than the original | ${v.retriesChecked} / ${v.retriesDiffering} |
| survey answers stored / expected (rows differing) | ${v.surveyAnswers.stored} / ${v.surveyAnswers.expected} (${v.surveyAnswers.differing}) |
| machine outcomes stored / expected (rows differing) | ${v.machineOutcomes.stored} / ${v.machineOutcomes.expected} (${v.machineOutcomes.differing}) |
| ended attempts / left unsettled by the api | ${v.settlement.ended} / ${v.settlement.unsettled} |

| webhook | sent (share) | p50 | p95 | p99 | max | events stored / distinct acknowledged |
|---|---|---|---|---|---|---|
${kinds}

Latency is measured from each request's scheduled send time to the end of its response, so queueing counts.

| window | answered | p50 | p99 | max |
|---|---|---|---|---|
${windows}
`;
}
