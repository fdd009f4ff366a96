/**
 * The server's clock, as the browser best knows it. Every "since" the api
 * sends (an agent's `sinceMs`, a wrap-up's `wrapUpUntilMs`) is read on the
 * server's clock; a browser whose clock is 20 s ahead would show a call of
 * 0:20 the moment it starts (and let Ctrl+H through unconfirmed), one behind
 * would show nothing. So the page asks the server its time now and then
 * (`clock` on the desk's and the wallboard's sockets) and keeps the offset,
 * NTP-style: the server is taken to have read its clock halfway through the
 * round trip, and of the last few measurements the one with the shortest
 * round trip (the least room for error) is trusted — NTP's clock filter.
 * Every timer of the page reads `serverNow()` (through `useNow`).
 */

/** One measurement: when the browser asked and heard back (its clock), and what the server said in between. */
export interface ClockSample {
  sentMs: number;
  serverMs: number;
  receivedMs: number;
}

/** The measurements kept; the shortest round trip among them gives the offset. */
const KEEP = 8;
/** An offset this much beyond the trusted one (plus the round trip's uncertainty) means the browser's clock was set: the older measurements go. */
const STEP_MS = 1_000;

export class ServerClock {
  private samples: { offsetMs: number; roundTripMs: number }[] = [];
  private best: { offsetMs: number; roundTripMs: number } | null = null;

  constructor(private readonly localNow: () => number = () => Date.now()) {}

  /** Takes one measurement into account; one whose answer came before its question (the clock was set meanwhile) is ignored. */
  add({ sentMs, serverMs, receivedMs }: ClockSample): void {
    const roundTripMs = receivedMs - sentMs;
    if (!(roundTripMs >= 0) || !Number.isFinite(serverMs)) return;
    const sample = { offsetMs: serverMs - (sentMs + receivedMs) / 2, roundTripMs };
    if (this.best && Math.abs(sample.offsetMs - this.best.offsetMs) > STEP_MS + (sample.roundTripMs + this.best.roundTripMs) / 2) this.samples = [];
    this.samples = [...this.samples, sample].slice(-KEEP);
    this.best = this.samples.reduce((a, b) => (b.roundTripMs < a.roundTripMs ? b : a));
  }

  /** How far the server's clock is ahead of the browser's (ms; 0 until measured). */
  get offsetMs(): number {
    return this.best?.offsetMs ?? 0;
  }

  /** Whether the server has been asked at least once. */
  get measured(): boolean {
    return this.best !== null;
  }

  /** The server's time now (epoch ms). */
  now(): number {
    return Math.round(this.localNow() + this.offsetMs);
  }

  /** Forgets every measurement (a spec's fresh start). */
  reset(): void {
    this.samples = [];
    this.best = null;
  }
}

/** The page's one clock of the server. */
export const serverClock = new ServerClock();

/** The server's time now (epoch ms): what every "time since" on the page is counted to. */
export const serverNow = (): number => serverClock.now();

/** How the server is asked its time: resolves with its `serverMs`. */
export type AskServerTime = () => Promise<number>;

/** Measurements when a socket opens (a few, the best kept), then one every `everyMs`. */
const FIRST_SAMPLES = 3;

/**
 * Measures the server's clock over a socket that just opened: a few times at
 * once, then every `everyMs` while it stays open (a laptop's clock drifts, or
 * is set). A failed question is skipped. Returns the stop, for the socket's close.
 */
export function keepServerClock(ask: AskServerTime, everyMs = 60_000, clock: ServerClock = serverClock, localNow: () => number = () => Date.now()): () => void {
  let stopped = false;
  const measure = async () => {
    const sentMs = localNow();
    try {
      const serverMs = await ask();
      if (!stopped) clock.add({ sentMs, serverMs, receivedMs: localNow() });
    } catch {
      // Not answered (a drop, a timeout): the next one may be.
    }
  };
  void (async () => {
    for (let i = 0; i < FIRST_SAMPLES && !stopped; i += 1) await measure();
  })();
  const timer = setInterval(() => void measure(), everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
