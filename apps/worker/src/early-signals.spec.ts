import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Runs a script in a Node process of its own (signals sent to it must not reach the test runner). */
function run(script: string): { stdout: string; status: number | null; signal: NodeJS.Signals | null } {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  return { stdout: result.stdout, status: result.status, signal: result.signal };
}

describe('early signals (a SIGTERM while the worker starts)', () => {
  it('holds the signal while the app starts, then hands it to the shutdown hooks once they are on', () => {
    const result = run(`
      const { releaseEarlySignals } = require('./apps/worker/src/early-signals');
      process.kill(process.pid, 'SIGTERM');
      setTimeout(() => {
        console.log('still starting after the signal');
        process.on('SIGTERM', () => { console.log('drained by the shutdown hook'); process.exit(0); });
        console.log('released ' + releaseEarlySignals());
      }, 300);
    `);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(['still starting after the signal', 'released SIGTERM', 'drained by the shutdown hook']);
    expect(result.status).toBe(0);
  });

  it('sends nothing when no signal came, and no longer holds one after the release', () => {
    const result = run(`
      const { releaseEarlySignals } = require('./apps/worker/src/early-signals');
      console.log('released ' + releaseEarlySignals());
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 100);
      setTimeout(() => console.log('still running'), 5_000);
    `);
    expect(result.stdout).toBe('released undefined\n');
    expect(result.signal).toBe('SIGTERM');
  });
});
