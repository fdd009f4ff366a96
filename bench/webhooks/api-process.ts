import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = path.resolve(__dirname, '../..');

export interface ApiProcess {
  url: string;
  /** The last lines it printed (errors are worth showing). */
  tail(): string[];
  /** CPU time (user + system) the api process and its children have used so far, in ms (Linux). */
  cpuTimeMs(): number;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs the api as production does (`npm run start:api`), in its own process, and waits until GET /health answers 200. */
export async function startApiProcess(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', path.join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', API_HOST: '127.0.0.1', API_PORT: String(port), PUBLIC_BASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 50) lines.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit');
  let gaveUp = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      untilHealthy(url, () => gaveUp || child.exitCode !== null),
      exited.then(() => Promise.reject(new Error(`api exited before it was healthy:\n${lines.join('\n')}`))),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`api not healthy within 60 s:\n${lines.join('\n')}`)), 60_000))),
    ]);
  } catch (error) {
    gaveUp = true;
    if (child.exitCode === null) child.kill('SIGTERM');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    url,
    tail: () => [...lines],
    cpuTimeMs: () => processTreeCpuMs(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Polls GET /health (200 once the api listens and PostgreSQL and Redis
 * answer), whatever LOG_LEVEL says; stops when `stop()` says so.
 */
async function untilHealthy(url: string, stop: () => boolean): Promise<void> {
  while (!stop()) {
    const healthy = await new Promise<boolean>((resolve) => {
      const request = http.get(`${url}/health`, { timeout: 2_000 }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(false));
    });
    if (healthy) return;
    await sleep(100);
  }
}

const CLOCK_TICKS_PER_SEC = 100;

/** utime + stime of a process and its descendants (cluster workers), from /proc. */
function processTreeCpuMs(pid: number): number {
  const stat = (id: number) => {
    const text = readFileSync(`/proc/${id}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces: state is [0], utime [11], stime [12].
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  };
  let total = 0;
  const visit = (id: number) => {
    try {
      const fields = stat(id);
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SEC;
      const children = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim();
      for (const child of children ? children.split(' ') : []) visit(Number(child));
    } catch {
      // The process ended meanwhile.
    }
  };
  visit(pid);
  return total;
}
