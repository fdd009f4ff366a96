export interface GroupCommitOptions<T, R> {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches being written at once: one that waits (on a lock) does not hold up the next. */
  maxInFlight: number;
  /** Two items sharing a key never go in the same batch: the later one waits for the next. */
  keysOf?: (item: T) => readonly string[];
  /**
   * Writes a batch in one statement (one commit) and returns one result per
   * item, in order. If it throws, each item of the batch is written alone, so
   * that an item the database refuses fails by itself.
   */
  write: (items: T[]) => Promise<R[]>;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit for a hot write path: what is submitted while batches are
 * being written goes together in the next one, at the end of the current turn
 * of the event loop (no timer: alone, an item is written at once). Each
 * submitter's promise settles once its batch has been written (committed),
 * so nothing is acknowledged before it is stored.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNext();
    });
  }

  private writeNext(): void {
    const { maxBatch, keysOf } = this.options;
    let batch: Pending<T, R>[];
    if (keysOf) {
      batch = [];
      const rest: Pending<T, R>[] = [];
      const taken = new Set<string>();
      for (const pending of this.queue) {
        const keys = batch.length < maxBatch ? keysOf(pending.item) : [];
        if (batch.length >= maxBatch || keys.some((key) => taken.has(key))) {
          rest.push(pending);
          continue;
        }
        for (const key of keys) taken.add(key);
        batch.push(pending);
      }
      this.queue = rest;
    } else {
      batch = this.queue.splice(0, maxBatch);
    }
    if (batch.length === 0) return;
    this.inFlight += 1;
    void this.write(batch).finally(() => {
      this.inFlight -= 1;
      this.schedule();
    });
    // Room for another batch: what this one held back (or could not hold) goes now.
    this.schedule();
  }

  private async write(batch: Pending<T, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.options.write(batch.map(({ item }) => item));
      if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      await Promise.all(batch.map((pending) => this.writeAlone(pending)));
      return;
    }
    batch.forEach(({ resolve }, i) => resolve(results[i]!));
  }

  private async writeAlone({ item, resolve, reject }: Pending<T, R>): Promise<void> {
    try {
      const results = await this.options.write([item]);
      if (results.length !== 1) throw new Error(`group commit: ${results.length} results for 1 item`);
      resolve(results[0]!);
    } catch (error) {
      reject(error);
    }
  }
}
