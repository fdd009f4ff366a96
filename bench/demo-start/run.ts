import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { describeMachine, writeSection } from '../shared/benchmarks-file';

/**
 * npm run bench:demo-start [-- --runs=3 --no-write]
 *
 * Times `npm run demo` from the command to its first wallboard line and to
 * its first connected call (a person put through to an agent), as a new user
 * sees it. The demo runs on its own ports, database and queue prefix, so it
 * disturbs nothing else on the machine; the first run warms the machine (web
 * build, migrations), the others are the warm starts the goals are about
 * (first line ≤ 15 s, first connect ≤ 20 s). Each run is stopped at once
 * after its first connect; the next start-up's sweep settles what it left.
 */
const HEADING = '## Demo start (`npm run bench:demo-start`)';
const ROOT = resolve(__dirname, '../..');
const DB = 'dialer_demo_start_bench';
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dialer';
const dbUrl = (name: string) => BASE_URL.replace(/\/[^/]*$/, `/${name}`);
const GIVE_UP_MS = 180_000;
/** A clean stop waits for the calls in flight to end (the demo waits up to 3 min for them, then the agents sign out). */
const WIND_DOWN_WAIT_MS = 5 * 60_000;

interface Run {
  /** The api and worker up and signed in to (the agent accounts line). */
  upSec: number | null;
  /** The campaign started. */
  activeSec: number | null;
  firstLineSec: number | null;
  firstConnectSec: number | null;
  /** Seconds from the command to each step the demo reports, in order. */
  steps: { at: number; line: string }[];
}

async function ensureDatabase(): Promise<void> {
  const admin = new Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [DB]);
  if (exists.rowCount === 0) await admin.query(`create database ${DB}`);
  await admin.end();
}

async function firstConnect(db: Client, since: Date): Promise<Date | null> {
  const result = await db
    .query<{ at: Date | null }>(`select min(connected_at) as at from call_attempts where connected_at >= $1 and coalesce(answered_by, 'human') in ('human', 'unknown')`, [since])
    .catch(() => ({ rows: [{ at: null }] }));
  return result.rows[0].at;
}

async function runOnce(): Promise<Run> {
  const started = new Date();
  const t0 = performance.now();
  const sec = () => (performance.now() - t0) / 1000;
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'scripts/demo.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl(DB),
      QUEUE_PREFIX: 'demo-start-bench',
      API_PORT: '3710',
      WORKER_HEALTH_PORT: '3711',
      EMULATOR_PORT: '3712',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const run: Run = { upSec: null, activeSec: null, firstLineSec: null, firstConnectSec: null, steps: [] };
  const exited = once(child, 'exit');
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      if (!line.startsWith('demo    |') && !/did not|failed|stopped unexpectedly/.test(line)) return;
      run.steps.push({ at: sec(), line: line.slice(0, 160) });
      if (run.firstLineSec === null && / · dials \d+/.test(line)) run.firstLineSec = sec();
      if (run.upSec === null && /agent accounts/.test(line)) run.upSec = sec();
      if (run.activeSec === null && /\) is active$/.test(line)) run.activeSec = sec();
    });
  }
  const db = new Client({ connectionString: dbUrl(DB) });
  await db.connect();
  while (sec() * 1000 < GIVE_UP_MS && child.exitCode === null) {
    if (run.firstConnectSec === null) {
      const at = await firstConnect(db, started);
      if (at) run.firstConnectSec = (at.getTime() - started.getTime()) / 1000;
    }
    if (run.firstConnectSec !== null && run.firstLineSec !== null) break;
    await sleep(250);
  }
  await db.end();
  // Stopped as a user stops it, with one Ctrl-C: the shift winds down (calls talked to their end, outcomes
  // recorded), so the next run is a warm start, not a restart after a crash. A second Ctrl-C only if it hangs.
  if (child.exitCode === null) {
    process.kill(-child.pid!, 'SIGINT');
    const woundDown = await Promise.race([exited.then(() => true), sleep(WIND_DOWN_WAIT_MS).then(() => false)]);
    if (!woundDown) {
      process.kill(-child.pid!, 'SIGINT');
      await Promise.race([exited, sleep(60_000)]);
    }
  }
  return run;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runs = Number(argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 3);
  await ensureDatabase();
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await runOnce();
    results.push(run);
    console.log(`run ${i + 1}: first wallboard line ${fmt(run.firstLineSec)}, first connect ${fmt(run.firstConnectSec)}`);
    for (const step of run.steps.slice(0, 14)) console.log(`  ${step.at.toFixed(1).padStart(6)} s  ${step.line}`);
  }
  const warm = results.slice(1);
  const median = (xs: (number | null)[]) => {
    const got = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return got.length === warm.length && got.length > 0 ? got[Math.floor((got.length - 1) / 2)] : null;
  };
  const line = median(warm.map((r) => r.firstLineSec));
  const connect = median(warm.map((r) => r.firstConnectSec));
  const body = [
    `\`npm run demo\` from the command to its first wallboard line and to its first connect (a person put through to an agent), on its own ports, database and queue prefix. ` +
      `Run 1 warms the machine (web build, migrations); runs 2–${runs} are warm starts. Each run is stopped after its first connect as a user stops it (one Ctrl-C: its calls end and their outcomes are recorded before it exits).`,
    '',
    '| run | processes up (api, worker, emulator; migrated, seeded) | campaign active (list imported) | first wallboard line | first connect | connect after the start |',
    '|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r, i) =>
        `| ${i + 1}${i === 0 ? ' (warming)' : ''} | ${fmt(r.upSec)} | ${fmt(r.activeSec)} | ${fmt(r.firstLineSec)} | ${fmt(r.firstConnectSec)} | ` +
        `${r.firstConnectSec !== null && r.activeSec !== null ? `${(r.firstConnectSec - r.activeSec).toFixed(1)} s` : '–'} |`,
    ),
    '',
    `Warm median: first line ${fmt(line)} (goal ≤ 15 s: ${line !== null && line <= 15 ? 'met' : '**not met**'}), first connect ${fmt(connect)} ` +
      `(goal ≤ 20 s: ${connect !== null && connect <= 20 ? 'met' : '**not met**'}); of that, the processes' boot ${fmt(median(warm.map((r) => r.upSec)))}, ` +
      `the first connect ${fmt(median(warm.map((r) => (r.firstConnectSec !== null && r.activeSec !== null ? r.firstConnectSec - r.activeSec : null))))} after the campaign started. ` +
      'Issue 14 measured 44 s and about 75 s before.',
    '',
    `Machine: ${describeMachine()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the end — other work on the machine slows every boot; ${new Date().toISOString().slice(0, 10)}.`,
  ].join('\n');
  console.log(`\n${body}`);
  if (!argv.includes('--no-write')) writeSection(resolve(ROOT, 'BENCHMARKS.md'), HEADING, body);
}

const fmt = (x: number | null) => (x === null ? 'none in 180 s' : `${x.toFixed(1)} s`);

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
