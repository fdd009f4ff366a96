/**
 * SIGTERM or SIGINT while the worker is still starting: by default Node
 * exits at once, and a job the processors already took would be cut off
 * without the drain (the shutdown hooks are on only once the app is up).
 * Imported first, this holds such a signal until the hooks are on, then
 * sends it again for them to handle.
 */
export const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

const held: NodeJS.Signals[] = [];
const hold = (signal: NodeJS.Signals) => void held.push(signal);
for (const signal of SHUTDOWN_SIGNALS) process.on(signal, hold);

/** Stops holding signals; one that came meanwhile is sent again (call once the shutdown hooks are on). */
export function releaseEarlySignals(): NodeJS.Signals | undefined {
  for (const signal of SHUTDOWN_SIGNALS) process.off(signal, hold);
  const first = held[0];
  if (first) process.kill(process.pid, first);
  return first;
}
