export interface DelayedBatchesOptions<T> {
  /** Each item waits at least this long before its batch runs. */
  delayMs: number;
  /** How often the items due are taken: an item waits between delayMs and delayMs + tickMs. */
  tickMs: number;
  /** Most items in one batch; the rest go in the next, as soon as this one is done. */
  maxBatch: number;
  /** Handles a batch; its failures are its own to report (a rejection is handed to onError). */
  run: (items: T[]) => Promise<void>;
  onError: (error: unknown, items: T[]) => void;
}

/**
 * Collects items and hands them on in batches, each item once it is at least
 * `delayMs` old, one batch at a time: what comes in while a batch runs waits
 * for the next, so a slow batch makes the next one bigger, not more of them
 * at once. Timers are unref'd (they keep no process alive): `flush` runs
 * what is left, at once, and waits for it.
 */
export class DelayedBatches<T> {
  private pending: { item: T; dueAt: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Items ever added, and those whose batch has run (batches run in order, so these are the first ones). */
  private added = 0;
  private finished = 0;
  /** Set by flush: from then on nothing waits. */
  private draining = false;

  constructor(private readonly options: DelayedBatchesOptions<T>) {}

  add(item: T): void {
    this.pending.push({ item, dueAt: performance.now() + (this.draining ? 0 : this.options.delayMs) });
    this.added += 1;
    if (this.draining) this.next();
    else this.arm();
  }

  get size(): number {
    return this.pending.length;
  }

  /**
   * Runs every item now, due or not, and resolves once those have run
   * (shutdown). Items added meanwhile go at once but are not waited for: while
   * the server still takes requests, they may never stop coming.
   */
  async flush(): Promise<void> {
    this.draining = true;
    for (const entry of this.pending) entry.dueAt = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const target = this.added;
    this.next();
    while (this.finished < target && this.running) await this.running;
  }

  private arm(): void {
    if (this.timer || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.next();
      this.arm();
    }, this.options.tickMs);
    this.timer.unref();
  }

  /** Starts a batch of what is due, unless one is running (it starts the next when done). */
  private next(): void {
    if (this.running) return;
    const now = performance.now();
    let due = 0;
    // Items are added with non-decreasing due times (the same delay from now), so the due ones lead.
    while (due < this.pending.length && due < this.options.maxBatch && this.pending[due]!.dueAt <= now) due += 1;
    if (due === 0) return;
    const items = this.pending.splice(0, due).map((entry) => entry.item);
    this.running = this.options
      .run(items)
      .catch((error: unknown) => this.options.onError(error, items))
      .finally(() => {
        this.finished += items.length;
        this.running = null;
        this.next();
      });
  }
}
