import { setTimeout as sleep } from 'node:timers/promises';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  function recorder(
    options: {
      maxBatch?: number;
      maxInFlight?: number;
      keysOf?: (item: string) => string[];
      failWhen?: (items: string[]) => boolean;
      resultsOf?: (items: string[]) => string[];
    } = {},
  ) {
    const batches: string[][] = [];
    let running = 0;
    let peak = 0;
    const group = new GroupCommit<string, string>({
      maxBatch: options.maxBatch ?? 100,
      maxInFlight: options.maxInFlight ?? 1,
      keysOf: options.keysOf,
      write: async (items) => {
        batches.push(items);
        running += 1;
        peak = Math.max(peak, running);
        await sleep(5);
        running -= 1;
        if (options.failWhen?.(items)) throw new Error(`refused ${items.join(',')}`);
        return options.resultsOf?.(items) ?? items.map((item) => item.toUpperCase());
      },
    });
    return { group, batches, peak: () => peak };
  }

  it('writes alone what comes alone, then together what arrives while a batch is being written', async () => {
    const { group, batches } = recorder();
    const first = group.submit('a');
    while (batches.length === 0) await new Promise((resolve) => setImmediate(resolve)); // 'a' is being written
    const rest = ['b', 'c', 'd'].map((item) => group.submit(item));
    expect(await Promise.all([first, ...rest])).toEqual(['A', 'B', 'C', 'D']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('settles each promise only after its batch was written', async () => {
    const { group } = recorder();
    let settled = false;
    const pending = group.submit('a').then(() => (settled = true));
    await sleep(1);
    expect(settled).toBe(false);
    await pending;
    expect(settled).toBe(true);
  });

  it('keeps items sharing a key apart, respects the batch size and the batches in flight', async () => {
    const { group, batches, peak } = recorder({ maxBatch: 2, maxInFlight: 2, keysOf: (item) => [item[0]!] });
    await Promise.all(['a1', 'a2', 'b1', 'c1', 'a3'].map((item) => group.submit(item)));
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(2);
      expect(new Set(batch.map((item) => item[0])).size).toBe(batch.length);
    }
    expect(batches.flat().sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'c1']);
    // A call's items keep their order.
    expect(batches.flat().filter((item) => item.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(peak()).toBe(2);
  });

  it('writes a failed batch again item by item, so that only the refused item fails', async () => {
    const { group } = recorder({ failWhen: (items) => items.includes('bad') });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => group.submit(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('refused bad') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('writes the items of a failed batch again one after another, within the batches in flight', async () => {
    const { group, batches, peak } = recorder({ maxInFlight: 1, failWhen: (items) => items.includes('bad') });
    const results = await Promise.allSettled(['a', 'bad', 'c', 'd'].map((item) => group.submit(item)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(batches).toEqual([['a', 'bad', 'c', 'd'], ['a'], ['bad'], ['c'], ['d']]);
    expect(peak()).toBe(1);
  });

  it('fails every item of a batch whose results do not match it, without writing it again (it has committed)', async () => {
    const { group, batches } = recorder({ resultsOf: (items) => items.slice(1).map((item) => item.toUpperCase()) });
    const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => group.submit(item)));
    const error = new Error('group commit: 2 results for 3 items');
    expect(results).toEqual([0, 1, 2].map(() => ({ status: 'rejected', reason: error })));
    expect(batches).toEqual([['a', 'b', 'c']]);
  });
});
