import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

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

/** Runs the api as production does (`npm run start:api`), in its own process, and waits until it listens. */
export async function startApiProcess(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', path.join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', API_HOST: '127.0.0.1', API_PORT: String(port), PUBLIC_BASE_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 50) lines.shift();
      if (line.includes('api listening on')) listening();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit');
  await Promise.race([
    ready,
    exited.then(() => Promise.reject(new Error(`api exited before listening:\n${lines.join('\n')}`))),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`api did not listen within 60 s:\n${lines.join('\n')}`)), 60_000)),
  ]);
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
