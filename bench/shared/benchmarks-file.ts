import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * BENCHMARKS.md, one `## ` section per benchmark: every `npm run bench:*`
 * rewrites its own section and leaves the others as they were.
 */

/**
 * Replaces what follows `heading` (the whole heading line, `## …`) in a
 * markdown text, up to the next `## ` heading; appends the section when the
 * text has none.
 */
export function replaceSection(markdown: string, heading: string, body: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) return `${markdown.trimEnd()}\n\n${heading}\n\n${body.trim()}\n`;
  const contentStart = start + heading.length + 1;
  const next = markdown.indexOf('\n## ', contentStart);
  const rest = next < 0 ? '' : markdown.slice(next + 1);
  return `${markdown.slice(0, contentStart)}\n${body.trim()}\n${rest ? `\n${rest}` : ''}`;
}

/** `replaceSection` on a file, in place. */
export function writeSection(path: string, heading: string, body: string): void {
  writeFileSync(path, replaceSection(readFileSync(path, 'utf8'), heading, body));
}

/** CPU model, core count, Node version. */
export function describeMachine(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return `${line ? line.split(':')[1]!.trim() : (cpus()[0]?.model ?? 'unknown CPU')}, ${cpus().length} cores, Node ${process.version}`;
}
