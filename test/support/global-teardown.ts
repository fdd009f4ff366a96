import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Drops the run's databases; see global-setup.ts for why this runs in a child process. */
export default async function globalTeardown(): Promise<void> {
  if (!process.env.DIALER_TEST_RUN_ID || process.env.DIALER_TEST_TORN_DOWN) return;
  process.env.DIALER_TEST_TORN_DOWN = '1';
  execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'finish-test-run.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    stdio: 'inherit',
  });
}
