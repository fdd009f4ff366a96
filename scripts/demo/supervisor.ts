import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');
/** Longer than the worker's default shutdown grace (WORKER_SHUTDOWN_GRACE_MS, 25 s). */
const STOP_GRACE_MS = 40_000;

export interface Service {
  name: string;
  entry: string;
  args?: string[];
  env?: Record<string, string>;
}

/** Runs entry points from source (swc), prefixing their output, and stops them all together. */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly stoppedOnPurpose = new Set<string>();
  private stopping = false;

  constructor(private readonly baseEnv: Record<string, string>) {}

  private launch({ name, entry, args = [], env = {} }: Service): ChildProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...this.baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C reaches only us, and we stop the children in order.
      detached: true,
    });
    const label = name.padEnd(8);
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label}| ${line}\n`));
    }
    return child;
  }

  /** Runs a one-shot command (migrate, seed) and fails loudly if it fails. */
  async run(service: Service): Promise<void> {
    const [code] = (await once(this.launch(service), 'exit')) as [number | null];
    if (code !== 0) throw new Error(`${service.name} exited with code ${code}`);
  }

  /** Starts a long-running service; if it dies on its own, everything stops. */
  start(service: Service): void {
    const child = this.launch(service);
    this.children.set(service.name, child);
    child.on('exit', (code, signal) => {
      this.children.delete(service.name);
      if (!this.stopping && !this.stoppedOnPurpose.has(service.name)) {
        process.stdout.write(`${service.name} stopped unexpectedly (${signal ?? code}); shutting down\n`);
        void this.stopAll().then(() => process.exit(1));
      }
    });
  }

  /** SIGKILL to every service still running: the second Ctrl-C. */
  killAll(): void {
    this.stopping = true;
    for (const child of this.children.values()) child.kill('SIGKILL');
  }

  /** SIGTERM to one service, resolved once it has exited (at once if it is not running); killed past `graceMs`. */
  async stop(name: string, graceMs = STOP_GRACE_MS): Promise<void> {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stoppedOnPurpose.add(name);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    // Each process finishes its running work within its own grace; past ours, it is killed.
    const overdue = setTimeout(() => {
      process.stdout.write(`${name} did not stop within ${graceMs / 1000} s; killing it\n`);
      child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(overdue);
  }

  /**
   * SIGTERM to each in the reverse order of starting, waiting for each to
   * finish its own graceful shutdown: the simulated agents leave before the
   * worker stops dialing, and the emulator stays until nothing calls it.
   */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const name of [...this.children.keys()].reverse()) await this.stop(name);
  }
}
