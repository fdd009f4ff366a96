import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The agent desk's budget: its initial JavaScript, gzipped (the Voice SDK loads later, on demand). */
export const INITIAL_JS_BUDGET_BYTES = 250 * 1024;

export interface InitialJs {
  files: { file: string; gzipBytes: number }[];
  gzipBytes: number;
}

/**
 * What a browser must fetch before the app runs: the entry script index.html
 * names and the chunks it preloads, each gzipped as a server would send it.
 */
export function initialJavaScript(distDir: string): InitialJs {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const files = [...new Set(scripts)].map((src) => ({ file: src, gzipBytes: gzipSync(readFileSync(path.join(distDir, src.replace(/^\//, '')))).length }));
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}
