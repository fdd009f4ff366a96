import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface SpawnedProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when a line of output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * The node flags production gives each entry point (docker-compose.yml): the
 * worker's heap is capped so V8 collects before its short-lived import
 * garbage grows the process.
 */
export const PRODUCTION_NODE_FLAGS: Record<string, string[]> = {
  'apps/worker/src/main.ts': ['--max-old-space-size=192'],
};

/** Where `nest build` writes an entry point's compiled form. */
export function compiledEntry(entry: string): string {
  return path.join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'));
}

/** Runs one of the product's entry points from source, as `npm run start:*` does. */
export function spawnEntryPoint(entry: string, env: Record<string, string>, args: string[] = []): SpawnedProcess {
  return spawnNode(['-r', '@swc-node/register', path.join(ROOT, entry), ...args], env);
}

/** Runs an entry point as production does: compiled (`nest build` first), with its node flags. */
export function spawnCompiled(entry: string, env: Record<string, string>, args: string[] = []): SpawnedProcess {
  return spawnNode([...(PRODUCTION_NODE_FLAGS[entry] ?? []), compiledEntry(entry), ...args], env);
}

function spawnNode(args: string[], env: Record<string, string>): SpawnedProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = output.split('\n').find((line) => waiter.pattern.test(line));
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));

  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 30_000) {
      const already = output.split('\n').find((line) => pattern.test(line));
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; got:\n${output}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exit.then(() => setTimeout(() => reject(new Error(`process exited before ${pattern}:\n${output}`)), 50));
      });
    },
    exited: () => exit,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

/** The env a spawned process needs to run with a test's database and Redis prefix. */
export function envFor(databaseUrl: string, queuePrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    API_PORT: '0',
    WORKER_HEALTH_PORT: '0',
    ...extra,
  };
}
