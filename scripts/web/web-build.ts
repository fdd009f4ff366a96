import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'apps/web');
/** What the build is made from: a change to any of these makes apps/web/dist stale. */
const INPUTS = [path.join(WEB, 'src'), path.join(WEB, 'index.html'), path.join(WEB, 'vite.config.ts'), path.join(ROOT, 'libs/desk-events/src'), path.join(ROOT, 'package-lock.json')];
export const WEB_BUILD_INDEX = path.join(WEB, 'dist/index.html');

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** Whether apps/web/dist is missing or older than its sources. */
export function webBuildIsStale(): boolean {
  if (!existsSync(WEB_BUILD_INDEX)) return true;
  const built = statSync(WEB_BUILD_INDEX).mtimeMs;
  return INPUTS.some((input) => newestMtime(input) > built);
}

/** Builds the web app when its build is missing or stale (the demo, the browser specs); returns whether it built. */
export function ensureWebBuild(log: (line: string) => void = () => undefined): boolean {
  if (!webBuildIsStale()) return false;
  log('building the web app (apps/web → apps/web/dist)…');
  const vite = path.join(ROOT, 'node_modules/.bin/vite');
  // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const result = spawnSync(vite, ['build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`the web app's build failed (exit ${result.status ?? result.signal})`);
  return true;
}
