import { ChildProcessByStdio, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Client } from 'pg';
import { INestApplication } from '@nestjs/common';
import { Role, UsersService } from '@dialer/auth';
import { dropDatabase, withDatabaseName } from '@dialer/db';
import { clearRedisPrefix } from '@dialer/testing';
import { compiledEntry, PRODUCTION_NODE_FLAGS } from '../../test/support/processes';

/** The plumbing every end-to-end bench shares: options, the worker process, a signed-in user, teardown. */

export const ROOT = path.resolve(__dirname, '../..');
export const BASE_DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `--name=value` from the command line as a number, or `fallback`. */
export const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
export const log = (line: string) => process.stdout.write(`${line}\n`);

/** A run's own database (named `${databasePrefix}${run}`) and queue prefix, so runs never meet. */
export function newBenchRun(databasePrefix: string): { run: string; databaseUrl: string; queuePrefix: string } {
  const run = randomBytes(3).toString('hex');
  return { run, databaseUrl: withDatabaseName(BASE_DB, `${databasePrefix}${run}`), queuePrefix: `bench-${run}` };
}

/** VmRSS / VmHWM of a process, in kB. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU time a process has used so far (user + system), in ms: unlike wall time, other processes' load barely moves it. */
export function cpuMsOf(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 Hz).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The CPU time a database's server processes use while it is sampled.
 * PostgreSQL runs on this machine, so its backends' work can be read from
 * /proc as the worker's is; a job's own connection may open and close
 * between two samples' worth of time, so `sample()` is called often (each
 * poll) and a backend counts from zero when first seen after `start()`, up
 * to its last reading (what it did after that reading, before it closed, is
 * lost: at most one poll's worth).
 */
export class DatabaseCpuMeter {
  private readonly client: Client;
  private readonly baseline = new Map<number, number>();
  private readonly latest = new Map<number, number>();

  constructor(databaseUrl: string) {
    this.client = new Client({ connectionString: databaseUrl });
  }

  async start(): Promise<void> {
    await this.client.connect();
    for (const [pid, ms] of await this.read()) this.baseline.set(pid, ms);
  }

  async sample(): Promise<void> {
    for (const [pid, ms] of await this.read()) this.latest.set(pid, ms);
  }

  /** Samples once more, stops, and answers the CPU time used since `start()` (ms). */
  async stop(): Promise<number> {
    await this.sample();
    await this.client.end();
    return [...this.latest].reduce((sum, [pid, ms]) => sum + ms - (this.baseline.get(pid) ?? 0), 0);
  }

  private async read(): Promise<Map<number, number>> {
    const { rows } = await this.client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const readings = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        readings.set(pid, cpuMsOf(pid));
      } catch {
        // gone since the query: its last reading stands
      }
    }
    return readings;
  }
}

export interface BenchWorker {
  process: ChildProcessByStdio<null, Readable, null>;
  /** Its stdout so far; a bench may clear it to read only what follows. */
  output: string;
  /** Resolves once the worker says its health endpoint is up, i.e. its queues listen. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/** The worker's entry point; bench processes run it compiled, with production's node flags (docker-compose.yml). */
const WORKER_SOURCE = 'apps/worker/src/main.ts';

/** Builds apps afresh (`nest build <app>`), since a bench must measure the code as it is. */
export function buildApps(apps: string[]): void {
  for (const app of apps) {
    log(`building the ${app} (nest build ${app})...`);
    execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: ROOT, stdio: 'inherit' });
  }
}

/**
 * The worker as production runs it: compiled (not through a TypeScript
 * loader, whose compiler and caches would count in its memory), with its
 * node flags, in its own process (whose memory a bench reads), given only `env`.
 */
export function spawnWorker(env: Record<string, string>): BenchWorker {
  buildApps(['worker']);
  // BENCH_WORKER_NODE_ARGS: extra node flags for the worker (e.g. --cpu-prof --cpu-prof-dir=var/bench/profiles).
  const extra = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS[WORKER_SOURCE], ...extra, compiledEntry(WORKER_SOURCE)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const worker: BenchWorker = {
    process: child,
    output: '',
    async ready() {
      while (!/worker health on \/health/.test(worker.output)) await sleep(100);
    },
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
  child.stdout.on('data', (chunk: Buffer) => (worker.output += chunk.toString()));
  return worker;
}

/** Listens on an ephemeral port of the loopback; its base URL. */
export async function listenOnLoopback(api: INestApplication): Promise<string> {
  await api.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
}

/** Creates a user of `role` through the service, signs in over HTTP; the access token. */
export async function signInBenchUser(api: INestApplication, url: string, email: string, role: Role): Promise<string> {
  const password = 'bench-password-1';
  await RequestContext.create(api.get(MikroORM).em, () =>
    api.get(UsersService).create({ email, displayName: 'Bench', password, role }, { id: null, role: 'system' }),
  );
  const { accessToken } = (await (
    await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  ).json()) as { accessToken: string };
  return accessToken;
}

/** Leaves nothing behind: the worker stopped before the api, then the bench's database, queue keys and scratch directory. */
export async function tearDownBench(parts: { worker?: BenchWorker; api: INestApplication; databaseUrl: string; queuePrefix: string; dir?: string }): Promise<void> {
  await parts.worker?.stop();
  await parts.api.close();
  await dropDatabase(parts.databaseUrl);
  await clearRedisPrefix(parts.queuePrefix, REDIS_URL);
  if (parts.dir) await rm(parts.dir, { recursive: true, force: true });
}

/** Runs a bench's main, exiting non-zero with the stack when it fails. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
