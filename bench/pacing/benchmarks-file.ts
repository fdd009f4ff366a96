import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces what follows `heading` in a markdown file, up to the next `## `
 * heading, leaving every other section as it was.
 */
export function replaceSection(markdown: string, heading: string, body: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  if (start < 0) return `${markdown.trimEnd()}\n\n${heading}\n\n${body.trim()}\n`;
  const contentStart = start + heading.length + 1;
  const next = markdown.indexOf('\n## ', contentStart);
  const rest = next < 0 ? '' : markdown.slice(next + 1);
  return `${markdown.slice(0, contentStart)}\n${body.trim()}\n${rest ? `\n${rest}` : ''}`;
}

export function writeSection(path: string, heading: string, body: string): void {
  writeFileSync(path, replaceSection(readFileSync(path, 'utf8'), heading, body));
}
