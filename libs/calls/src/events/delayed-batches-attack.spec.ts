import { DelayedBatches } from './delayed-batches';

describe('DelayedBatches under attack', () => {
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
