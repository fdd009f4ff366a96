import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The machine line of a benchmark: CPU model, core count, Node version. */
export function describeMachine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1].trim();
  } catch {
    // Not Linux: os.cpus() already named it.
  }
  return `${model}, ${cpus().length} cores, Node ${process.version}`;
}
