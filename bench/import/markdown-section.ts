import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Replaces what follows `heading` in a markdown file, up to the next `## ` heading. */
export function writeSection(path: string, heading: string, body: string): void {
  const markdown = readFileSync(path, 'utf8');
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) {
    writeFileSync(path, `${markdown.trimEnd()}\n\n${heading}\n\n${body.trim()}\n`);
    return;
  }
  const contentStart = start + heading.length + 1;
  const next = markdown.indexOf('\n## ', contentStart);
  const rest = next < 0 ? '' : markdown.slice(next + 1);
  writeFileSync(path, `${markdown.slice(0, contentStart)}\n${body.trim()}\n${rest ? `\n${rest}` : ''}`);
}

/** CPU model, core count, Node version. */
export function describeMachine(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return `${line ? line.split(':')[1].trim() : (cpus()[0]?.model ?? 'unknown CPU')}, ${cpus().length} cores, Node ${process.version}`;
}
