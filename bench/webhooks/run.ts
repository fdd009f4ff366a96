import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '@dialer/core';
import { dropDatabase, runMigrations, withDatabaseName } from '@dialer/db';
import { productionCredentials } from '@dialer/testing';
import { writeSection } from '../shared/benchmarks-file';
import { seedAttempts } from '../../test/support/calls/seed-attempts';
import { startApiProcess } from './api-process';
import { AmdMode, CallScript, scriptCall, seededRandom, sendPlan, sidOf, SURVEY_QUESTIONS, WEBHOOK_KINDS, WebhookKind } from './call-scripts';
import { perWindow, summarize } from './latency-stats';
import { prepareRequests, runLoad } from './load-generator';
import { BenchResult, goalMet, markdown } from './report';
import { verifyDatabase } from './verify';

/**
 * npm run bench:webhooks — signed Twilio webhooks (status callbacks, voice
 * requests, async AMD verdicts, gather actions) against the real api (its own
 * process, production settings, the real call-flow policy) on a throwaway
 * database, then an exact check of the database. Settings (environment):
 *   BENCH_RATE (1600/s), BENCH_DURATION_SEC (60), BENCH_WARMUP_SEC (5), BENCH_CONNECTIONS (64),
 *   BENCH_DUPLICATE_RATE (0.07), BENCH_SHUFFLE_RATE (0.3), BENCH_UNBOUND_RATE (0.1), BENCH_WRITE (1: update BENCHMARKS.md),
 *   plus the api variables DATABASE_POOL_MAX, LOG_LEVEL and REDIS_URL, passed through;
 *   BENCH_API_NODE_ARGS adds node flags to the api (e.g. `--prof` to profile it).
 *
 * The campaigns are agentless surveys, so the voice webhook runs the real
 * DialerCallFlowPolicy end to end (campaign config, AMD verdict, survey TwiML,
 * gather answers stored) without agents. In an agent campaign with nobody
 * logged in, a person's answer would wait out the 2-second connect grace for
 * an agent and then be abandoned: that measures the grace, not the webhook.
 */
const number = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const RATE = number('BENCH_RATE', 1600);
const DURATION_SEC = number('BENCH_DURATION_SEC', 60);
const WARMUP_SEC = number('BENCH_WARMUP_SEC', 5);
const CONNECTIONS = number('BENCH_CONNECTIONS', 64);
const DUPLICATE_RATE = number('BENCH_DUPLICATE_RATE', 0.07);
const SHUFFLE_RATE = number('BENCH_SHUFFLE_RATE', 0.3);
const UNBOUND_RATE = number('BENCH_UNBOUND_RATE', 0.1);
const ACTIVE_CALLS = 500;
const WINDOW_SEC = 10;
const PASSED_THROUGH = ['DATABASE_POOL_MAX', 'LOG_LEVEL', 'REDIS_URL'];
/** Campaign by campaign: half run AMD synchronously (the verdict in the voice request), half asynchronously. */
const CAMPAIGN_AMD: readonly AmdMode[] = ['sync', 'async', 'sync', 'async'];

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const base = loadConfig({});
  const runId = randomBytes(3).toString('hex');
  const databaseUrl = withDatabaseName(process.env.DATABASE_URL ?? base.database.url, `dialer_bench_webhooks_${runId}`);
  const queuePrefix = `bench-webhooks-${runId}`;
  const totalSec = WARMUP_SEC + DURATION_SEC;
  const webhooks = Math.ceil(RATE * totalSec);

  log(`preparing: database ${databaseUrl.replace(/\/\/[^@]*@/, '//')}, ${webhooks} webhooks`);
  await runMigrations(loadConfig({ DATABASE_URL: databaseUrl }));
  let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
  try {
    // Enough calls for the whole run (over 4 requests each, copies included; 3 leaves room).
    const seeded = await seedAttempts(databaseUrl, { campaigns: CAMPAIGN_AMD.length, attemptsPerCampaign: Math.ceil(webhooks / 3 / CAMPAIGN_AMD.length) + ACTIVE_CALLS });
    const campaignIds = [...new Set(seeded.map((attempt) => attempt.campaignId))];
    await makeSurveyCampaigns(databaseUrl, campaignIds);
    const attempts = seeded.map((attempt) => ({ ...attempt, amd: CAMPAIGN_AMD[campaignIds.indexOf(attempt.campaignId)]! }));
    const random = seededRandom(20261122);
    const scripts: CallScript[] = attempts.map((attempt, i) => scriptCall(attempt, random, Date.UTC(2026, 10, 22, 9) + i * 50));
    // Most CallSids are stored by placeCall before the first callback; the rest must be matched by the attempt id in the URL.
    await bindCallSids(databaseUrl, scripts.filter(() => random() >= UNBOUND_RATE).map((script) => script.attemptId));

    const passed = Object.fromEntries(PASSED_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
    // Production refuses the emulator's published credentials: this run's own, as a deployment would have.
    const credentials = productionCredentials();
    const authToken = credentials.TWILIO_AUTH_TOKEN!;
    api = await startApiProcess({ NODE_ENV: 'production', ...credentials, DATABASE_URL: databaseUrl, QUEUE_PREFIX: queuePrefix, ...passed }, (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const plan = sendPlan(scripts, webhooks, random, { duplicateRate: DUPLICATE_RATE, shuffleRate: SHUFFLE_RATE, activeCalls: ACTIVE_CALLS });
    const requests = prepareRequests(plan, api.url, authToken);
    log(`api at ${api.url}; ${scripts.length} calls seeded; sending ${RATE}/s for ${WARMUP_SEC} s warm-up + ${DURATION_SEC} s over ${CONNECTIONS} keep-alive connections`);

    let cpuAtWarmup = 0;
    let systemAtWarmup = systemCpu();
    const load = await runLoad(requests, {
      url: api.url,
      ratePerSec: RATE,
      durationMs: totalSec * 1000,
      connections: CONNECTIONS,
      warmupMs: WARMUP_SEC * 1000,
      onWarmedUp: () => {
        cpuAtWarmup = api!.cpuTimeMs();
        systemAtWarmup = systemCpu();
      },
    });
    const apiCpuMs = api.cpuTimeMs() - cpuAtWarmup;
    const system = systemCpu();
    const machineBusy = (system.busy - systemAtWarmup.busy) / (system.total - systemAtWarmup.total);
    const isMeasured = (i: number) => load.scheduledAtMs[i]! >= WARMUP_SEC * 1000;
    const measured = (values: Float64Array) => values.filter((_, i) => isMeasured(i));
    const latencies = Float64Array.from(measured(load.latencyMs));
    const latencyByKind = Object.fromEntries(
      WEBHOOK_KINDS.map((kind) => {
        const ofKind = load.latencyMs.filter((_, i) => isMeasured(i) && requests[i]!.webhook.kind === kind);
        return [kind, { ...summarize(Float64Array.from(ofKind)), sent: ofKind.length }];
      }),
    ) as BenchResult['latencyByKind'];
    const scheduled = Float64Array.from(measured(load.scheduledAtMs)).map((at) => at - WARMUP_SEC * 1000);
    const lastResponse = scheduled.reduce((last, at, i) => Math.max(last, at + (Number.isNaN(latencies[i]!) ? 0 : latencies[i]!)), 0);
    const latency = summarize(latencies);

    log('verifying the database…');
    const verification = await verifyDatabase(databaseUrl, scripts, requests, load);
    const versions = await serverVersions(databaseUrl, process.env.REDIS_URL ?? base.redis.url);
    const apiConfig = loadConfig({ DATABASE_URL: databaseUrl, ...passed });
    const mix = (kind: WebhookKind) => `${((100 * latencyByKind[kind].sent) / Math.max(1, latencies.length)).toFixed(0)} %`;
    const result: BenchResult = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      durationSec: DURATION_SEC,
      targetRate: RATE,
      achievedRate: latency.count / (Math.max(lastResponse, DURATION_SEC * 1000) / 1000),
      sent: latencies.length,
      duplicatesSent: requests.slice(0, load.sent).filter((request, i) => request.webhook.duplicate && isMeasured(i)).length,
      errors: load.errors,
      latency,
      latencyByKind,
      windows: perWindow(latencies, scheduled, WINDOW_SEC * 1000),
      windowSec: WINDOW_SEC,
      verification,
      apiCpuMsPerRequest: apiCpuMs / Math.max(1, latency.count),
      machineBusy,
      setup: [
        `The api runs as its own process (\`apps/api/src/main.ts\`, NODE_ENV=production, LOG_LEVEL=${apiConfig.log.level}, DATABASE_POOL_MAX=${apiConfig.database.poolMax})`,
        `against PostgreSQL ${versions.postgres} and Redis ${versions.redis} on the same machine; the load generator (one Node process, requests signed beforehand) shares the same cores.`,
        `${scripts.length} call attempts in ${CAMPAIGN_AMD.length} agentless survey campaigns (${SURVEY_QUESTIONS.length} questions; AMD synchronous in half, asynchronous in the other half),`,
        `so the voice webhook runs the real call-flow policy end to end without agents. Per call: its status callbacks; once answered, the voice webhook,`,
        `the AMD verdict (async campaigns) and a gather action per question a person answers. Mix: status ${mix('status')}, voice ${mix('voice')}, AMD ${mix('amd')}, gather ${mix('gather')}.`,
        `${ACTIVE_CALLS} calls interleaved, ${Math.round(SHUFFLE_RATE * 100)} % of calls with their status callbacks shuffled, ${Math.round(DUPLICATE_RATE * 100)} % of requests sent twice (same idempotency token),`,
        `${Math.round(UNBOUND_RATE * 100)} % of calls whose CallSid the database learns from the first webhook (attempt id in the URL). ${WARMUP_SEC} s warm-up not counted.`,
      ].join('\n'),
    };
    const body = markdown(result);
    log(`\n${body}`);
    if (verification.mismatches.length) log(`first mismatches:\n${verification.mismatches.slice(0, 5).join('\n')}`);
    if (verification.flowWrong.length) log(`first wrong TwiML:\n${verification.flowWrong.slice(0, 5).join('\n')}`);
    if (process.env.BENCH_WRITE !== '0') {
      writeSection(path.resolve(__dirname, '../../BENCHMARKS.md'), '## Webhooks (`npm run bench:webhooks`)', body);
      log('BENCHMARKS.md updated');
    }
    process.exitCode = goalMet(result) ? 0 : 1;
  } finally {
    if (api) {
      if (process.exitCode) log(`api's last lines:\n${api.tail().slice(-10).join('\n')}`);
      await api.stop();
    }
    await dropDatabase(databaseUrl);
    await clearPrefix(process.env.REDIS_URL ?? base.redis.url, queuePrefix);
  }
}

/** Busy and total jiffies of all CPUs (Linux /proc/stat), to tell how loaded the machine was. */
function systemCpu(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = cpu!.split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/**
 * Turns the seeded campaigns into agentless IVR surveys: the campaign kind
 * and mode the call-flow policy reads, AMD (sync or async, voicemail for
 * machines), the identity disclosure and the benchmark's two questions.
 */
async function makeSurveyCampaigns(databaseUrl: string, campaignIds: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const [i, id] of campaignIds.entries()) {
      const settings = {
        amd: { mode: CAMPAIGN_AMD[i], onMachine: 'voicemail', voicemailMessage: 'This is Acme Research with a short survey. We will try again another day. Goodbye.' },
        identity: { seller: 'Acme Research', purpose: 'a two-question customer survey' },
        survey: {
          intro: 'Please answer with the keys of your phone.',
          questions: SURVEY_QUESTIONS.map((question) => ({ ...question, answers: [...question.answers] })),
          outro: 'Thank you for your answers. Goodbye.',
        },
      };
      await client.query(`update campaigns set kind = 'survey', dialing_mode = 'agentless', settings = $2::jsonb where id = $1`, [id, JSON.stringify(settings)]);
    }
  } finally {
    await client.end();
  }
}

/** The versions the run actually talked to, for the report. */
async function serverVersions(databaseUrl: string, redisUrl: string): Promise<{ postgres: string; redis: string }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    await redis.connect();
    const info = await redis.info('server');
    return {
      postgres: rows[0]?.server_version.split(' ')[0] ?? 'unknown',
      redis: /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown',
    };
  } finally {
    await client.end();
    redis.disconnect();
  }
}

async function bindCallSids(databaseUrl: string, attemptIds: string[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `update call_attempts set provider_call_sid = s.sid from (select unnest($1::uuid[]) as id, unnest($2::text[]) as sid) s where call_attempts.id = s.id`,
      [attemptIds, attemptIds.map(sidOf)],
    );
  } finally {
    await client.end();
  }
}

async function clearPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
