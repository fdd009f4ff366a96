import { serverClock } from '../../api/server-clock';

/** A browser clock ahead of the server's and one behind it: `describe.each(SKEWED_CLOCKS)('… clock is %s the server’s', (_, aheadMs) => …)`. */
export const SKEWED_CLOCKS: [string, number][] = [
  ['20 s ahead of', 20_000],
  ['20 s behind', -20_000],
];

/** The server's time in the specs that skew the browser's clock. */
export const SERVER_NOW = Date.UTC(2026, 11, 7, 9, 0, 0);

/**
 * A browser whose clock is `aheadMs` ahead of the server's (behind when
 * negative), the offset already measured (api/server-clock): jest's fake
 * timers run the browser's clock from SERVER_NOW + aheadMs. Returns the
 * server's time now, for the "since" to fake. `jest.useRealTimers()` after.
 */
export function browserClockAhead(aheadMs: number): () => number {
  jest.useFakeTimers({ now: SERVER_NOW + aheadMs });
  serverClock.reset();
  // Asked 10 ms before now, answered 10 ms after (the steady clock, which jest fakes too): the server read SERVER_NOW halfway.
  serverClock.add({ sentMs: performance.now() - 10, serverMs: SERVER_NOW, receivedMs: performance.now() + 10 });
  return () => Date.now() - aheadMs;
}

/** The browser's clock is the server's again (and nothing measured). */
export function browserClockReset(): void {
  jest.useRealTimers();
  serverClock.reset();
}
