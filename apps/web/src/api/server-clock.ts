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
 *
 * The offset is kept against the browser's steady clock (`performance.now()`),
 * not its wall clock: a wall clock set forward an hour in the middle of a call
 * (by hand, or by the system catching up) must not make a 2 s call read
 * 1:00:02 and let one Ctrl+H through. Until the first answer, the api's
 * responses' `Date` header (to the second) stands in, so a page opened on a
 * skewed machine is right to a second from its first request.
 */

/** One measurement: when the browser asked and heard back (its steady clock, ms), and what the server said in between (epoch ms). */
export interface ClockSample {
  sentMs: number;
  serverMs: number;
  receivedMs: number;
}

/** The measurements kept; the shortest round trip among them gives the offset. */
const KEEP = 8;
/** An offset this much beyond the trusted one (plus the round trip's uncertainty) means the clocks jumped (a sleeping laptop's steady clock may stop): the older measurements go. */
const STEP_MS = 1_000;
/** What a `Date` header (whole seconds) is worth as a round trip: more than any answer over the socket, which replaces it. */
const DATE_HEADER_ROUND_TRIP_MS = 2_000;

/** The browser's steady clock: never set, never jumps with the wall clock. */
const steadyClock = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class ServerClock {
  private samples: { offsetMs: number; roundTripMs: number }[] = [];
  private best: { offsetMs: number; roundTripMs: number } | null = null;

  constructor(
    private readonly steadyNow: () => number = steadyClock,
    /** The browser's wall clock: the best guess before anything is measured. */
    private readonly wallNow: () => number = () => Date.now(),
  ) {}

  /** Takes one measurement into account; one whose answer came before its question (the clock was set meanwhile) is ignored. */
  add({ sentMs, serverMs, receivedMs }: ClockSample): void {
    const roundTripMs = receivedMs - sentMs;
    if (!(roundTripMs >= 0) || !Number.isFinite(serverMs)) return;
    this.keep({ offsetMs: serverMs - (sentMs + receivedMs) / 2, roundTripMs });
  }

  /**
   * A response's `Date` header (whole seconds, read when it arrived): taken
   * only while nothing better is known, as a measurement of two seconds'
   * round trip, so the socket's first answer replaces it.
   */
  addDateHeader(header: string | null, receivedMs: number = this.steadyNow()): void {
    const serverSecond = header ? Date.parse(header) : Number.NaN;
    if (!Number.isFinite(serverSecond) || (this.best && this.best.roundTripMs < DATE_HEADER_ROUND_TRIP_MS)) return;
    this.keep({ offsetMs: serverSecond + 500 - receivedMs, roundTripMs: DATE_HEADER_ROUND_TRIP_MS });
  }

  private keep(sample: { offsetMs: number; roundTripMs: number }): void {
    if (this.best && Math.abs(sample.offsetMs - this.best.offsetMs) > STEP_MS + (sample.roundTripMs + this.best.roundTripMs) / 2) this.samples = [];
    this.samples = [...this.samples, sample].slice(-KEEP);
    this.best = this.samples.reduce((a, b) => (b.roundTripMs < a.roundTripMs ? b : a));
  }

  /** What to add to the steady clock's reading for the server's time (ms; null until measured). */
  get offsetMs(): number | null {
    return this.best?.offsetMs ?? null;
  }

  /** Whether the server has been asked at least once. */
  get measured(): boolean {
    return this.best !== null;
  }

  /** The server's time now (epoch ms); the browser's own until measured. */
  now(): number {
    return this.best ? Math.round(this.steadyNow() + this.best.offsetMs) : this.wallNow();
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
export function keepServerClock(ask: AskServerTime, everyMs = 60_000, clock: ServerClock = serverClock, localNow: () => number = steadyClock): () => void {
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
