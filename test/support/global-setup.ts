import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Once per jest run: migrate a template database that each test file clones
 * (createTestDatabase), so files run in parallel without sharing state.
 *
 * This file imports nothing of ours: loading MikroORM-decorated modules here
 * corrupts entity metadata for in-band test files (mikro-orm#3783), so the
 * work runs in a child process and hands its variables back as JSON.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DIALER_TEST_RUN_ID) return; // the other project of this run already did it
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'prepare-test-run.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
  });
  Object.assign(process.env, JSON.parse(output) as Record<string, string>);
}
