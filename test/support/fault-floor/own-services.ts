import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort } from '../child-api';

/**
 * A PostgreSQL cluster and a Redis server of the run's own, on free ports in
 * a temporary directory: the fault suite stops and restarts them, which it
 * must never do to the machine's shared services (5432, 6379).
 */

/** The newest PostgreSQL server binaries on the machine (PG_BIN overrides). */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${root}: set PG_BIN to the directory holding initdb and pg_ctl`);
  return path.join(root, versions[0], 'bin');
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` user. */
const asRoot = process.getuid?.() === 0;
function pgCommand(binary: string, args: string[]): [string, string[]] {
  const file = path.join(postgresBin(), binary);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
}

function runPg(binary: string, args: string[]): void {
  const [file, argv] = pgCommand(binary, args);
  execFileSync(file, argv, { stdio: 'pipe' });
}

export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** initdb (trust auth, no fsync: a throwaway cluster) and start it. */
  static async start(): Promise<OwnPostgres> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dialer-faults-pg-'));
    if (asRoot) execFileSync('chown', ['postgres', dir]);
    const pg = new OwnPostgres(dir, await freePort());
    runPg('initdb', ['-D', pg.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    pg.start();
    return pg;
  }

  get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** A database URL on this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    runPg('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', path.join(this.dir, 'log'), '-w', '-t', '60', 'start']);
  }

  /** `fast`: sessions are cut, as a restart of the service does; `immediate`: as a crash. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    runPg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  restart(): void {
    this.stop('fast');
    this.start();
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class OwnRedis {
  private child: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Append-only, so a restart keeps queues, locks and presence as a production Redis's would. */
  static async start(): Promise<OwnRedis> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dialer-faults-redis-'));
    const redis = new OwnRedis(dir, await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'],
      { stdio: 'ignore' },
    );
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined); // refused until the server listens: the loop below retries
    for (let i = 0; i < 100; i++) {
      try {
        await client.connect();
        await client.ping();
        client.disconnect();
        return;
      } catch {
        client.disconnect();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`redis-server did not answer on ${this.port}`);
  }

  /** SIGTERM, as a service restart does (the append-only file is flushed), then up again on the same port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
