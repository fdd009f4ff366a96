import { DelayedBatches } from './delayed-batches';

describe('DelayedBatches', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const batcher = (options: { maxBatch?: number; run?: (items: number[]) => Promise<void> } = {}) => {
    const batches: number[][] = [];
    const errors: unknown[] = [];
    const delayed = new DelayedBatches<number>({
      delayMs: 1_000,
      tickMs: 250,
      maxBatch: options.maxBatch ?? 100,
      run:
        options.run ??
        (async (items) => {
          batches.push(items);
        }),
      onError: (error) => errors.push(error),
    });
    return { batches, errors, batcher: delayed };
  };

  it('hands over together, in order, what became due within a tick, once each item has waited its delay', async () => {
    const { batches, batcher: b } = batcher();
    b.add(1);
    await jest.advanceTimersByTimeAsync(100);
    b.add(2);
    b.add(3);
    await jest.advanceTimersByTimeAsync(800);
    expect(batches).toEqual([]); // nobody has waited a second yet
    await jest.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([[1]]);
    await jest.advanceTimersByTimeAsync(250);
    expect(batches).toEqual([[1], [2, 3]]);
    b.add(4);
    await jest.advanceTimersByTimeAsync(999);
    expect(batches).toEqual([[1], [2, 3]]);
    await jest.advanceTimersByTimeAsync(250);
    expect(batches).toEqual([[1], [2, 3], [4]]);
    expect(b.size).toBe(0);
  });

  it('runs one batch at a time: what is due meanwhile goes in the next, at most maxBatch each', async () => {
    let release!: () => void;
    const batches: number[][] = [];
    const { batcher: b } = batcher({
      maxBatch: 2,
      run: (items) => {
        batches.push(items);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    for (const item of [1, 2, 3]) b.add(item);
    await jest.advanceTimersByTimeAsync(1_250);
    expect(batches).toEqual([[1, 2]]);
    b.add(4);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(batches).toEqual([[1, 2]]); // still running
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1, 2], [3, 4]]);
    release();
  });

  it('reports a batch that failed and carries on with the next', async () => {
    const { errors, batcher: b } = batcher({ run: async (items) => (items[0] === 1 ? Promise.reject(new Error('down')) : undefined) });
    b.add(1);
    await jest.advanceTimersByTimeAsync(1_250);
    b.add(2);
    await jest.advanceTimersByTimeAsync(1_250);
    expect(errors).toEqual([new Error('down')]);
    expect(b.size).toBe(0);
  });

  it('flushes at once what is waiting, and waits for it (shutdown); what comes after goes without delay', async () => {
    const { batches, batcher: b } = batcher();
    b.add(1);
    b.add(2);
    await b.flush();
    expect(batches).toEqual([[1, 2]]);
    b.add(3);
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  describe('at shutdown, with real timers', () => {
    beforeEach(() => jest.useRealTimers());
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  // Nest's close(): onModuleDestroy, beforeApplicationShutdown (CallEventRecorder's flush), then dispose() (the HTTP
  // server stops listening), then onApplicationShutdown (database and Redis closed). While the flush runs, webhooks
  // keep coming and each ending recorded is added — and flush waits for every batch, those included.
  it('finishes flushing while endings keep being recorded (the HTTP server closes only after the flush)', async () => {
    const batcher = new DelayedBatches<number>({
      delayMs: 1_000,
      tickMs: 250,
      maxBatch: 500,
      run: () => sleep(20), // a batch's settlement
      onError: () => undefined,
    });
    for (let i = 0; i < 10; i += 1) batcher.add(i);
    let next = 10;
    const webhooks = setInterval(() => batcher.add(next++), 5); // ~200 endings a second, as on a busy floor
    try {
      const flushed = batcher.flush().then(() => 'flushed');
      const outcome = await Promise.race([flushed, sleep(2_000).then(() => 'still flushing after 2 s')]);
      expect(outcome).toBe('flushed');
    } finally {
      clearInterval(webhooks);
    }
  });
  });
});
