export interface GroupCommitOptions<T, R> {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches being written at once: one that waits (on a lock) does not hold up the next. */
  maxInFlight: number;
  /** Two items sharing a key never go in the same batch: the later one waits for the next. */
  keysOf?: (item: T) => readonly string[];
  /**
   * Writes a batch in one statement (one commit) and returns one result per
   * item, in order. If it rejects, the items of the batch are written again
   * one after another, each alone, so that an item the database refuses fails
   * by itself. It must reject only when nothing was committed: whatever could
   * go wrong after the commit belongs to the submitter, with its result.
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
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One after another, in this batch's slot: a database hiccup must not turn into a burst of statements.
      for (const pending of batch) await this.writeAlone(pending);
      return;
    }
    settle(batch, results);
  }

  private async writeAlone(pending: Pending<T, R>): Promise<void> {
    let results: R[];
    try {
      results = await this.options.write([pending.item]);
    } catch (error) {
      pending.reject(error);
      return;
    }
    settle([pending], results);
  }
}

/**
 * Settles a written batch. The statement has committed by now, so a batch
 * whose results do not match is never written again (each item would read as
 * already stored): every item fails, and the caller's retry finds it stored.
 */
function settle<T, R>(batch: Pending<T, R>[], results: R[]): void {
  if (results.length !== batch.length) {
    const error = new Error(`group commit: ${results.length} results for ${batch.length} items`);
    for (const { reject } of batch) reject(error);
    return;
  }
  batch.forEach(({ resolve }, i) => resolve(results[i]!));
}
