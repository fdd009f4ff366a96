/** Why a leg stopped what it was doing: the call ended, or new TwiML replaced the document. */
export class LegInterrupted extends Error {
  constructor(readonly reason: 'call-ended' | 'redirected') {
    super(`leg interrupted: ${reason}`);
    this.name = 'LegInterrupted';
  }
}

/**
 * Emulated time. Every duration in the emulator is expressed in emulated
 * milliseconds and runs `timeScale` times as long in real time, so a test
 * at 0.02 plays a two-minute call in 2.4 s. Durations reported to the app
 * (CallDuration, queue_time) are emulated; timestamps are wall-clock.
 */
export class SimScheduler {
  private scale: number;
  private baseReal: number;
  private baseSim: number;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    timeScale: number,
    private readonly realNow: () => number = Date.now,
  ) {
    this.scale = timeScale;
    this.baseReal = realNow();
    this.baseSim = 0;
  }

  get timeScale(): number {
    return this.scale;
  }

  /** Changes speed from now on without making emulated time jump. */
  setTimeScale(timeScale: number): void {
    this.baseSim = this.simNow();
    this.baseReal = this.realNow();
    this.scale = timeScale;
  }

  /** Emulated milliseconds since the emulator started. */
  simNow(): number {
    return this.baseSim + (this.realNow() - this.baseReal) / this.scale;
  }

  /** Runs `task` after `simMs` of emulated time; returns a cancel function. */
  after(simMs: number, task: () => void): () => void {
    return this.afterReal(Math.max(0, simMs) * this.scale, task);
  }

  /** For network-level delays (webhook shuffling, retry back-off), which do not follow emulated time. */
  afterReal(realMs: number, task: () => void): () => void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, realMs);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Resolves after `simMs`; rejects with the signal's reason as soon as it aborts. */
  sleep(simMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.after(simMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Drops every pending timer (reset and shutdown). */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
