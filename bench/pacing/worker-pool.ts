import { Worker } from 'node:worker_threads';
import { resolve } from 'node:path';
import { BenchResult, BenchTask } from './bench-task';

const WORKER_FILE = resolve(__dirname, 'bench-worker.ts');

/**
 * A fixed pool of worker threads, each loading the TypeScript worker through
 * @swc-node/register. Tasks go out longest first so the pool drains evenly.
 */
export async function runInPool(tasks: BenchTask[], size: number, cost: (task: BenchTask) => number, onDone: (result: BenchResult, task: BenchTask) => void): Promise<Map<number, BenchResult>> {
  const queue = [...tasks].sort((a, b) => cost(b) - cost(a));
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const results = new Map<number, BenchResult>();
  const workers = Array.from({ length: Math.min(size, queue.length) }, () => startWorker());
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((done, fail) => {
          const next = () => {
            const task = queue.shift();
            if (task === undefined) {
              void worker.terminate().then(() => done());
              return;
            }
            worker.postMessage(task);
          };
          worker.on('message', (result: BenchResult) => {
            results.set(result.id, result);
            onDone(result, byId.get(result.id) as BenchTask);
            next();
          });
          worker.on('error', fail);
          next();
        }),
    ),
  );
  return results;
}

function startWorker(): Worker {
  const source = `require('@swc-node/register'); require(${JSON.stringify(WORKER_FILE)});`;
  return new Worker(source, { eval: true, execArgv: [] });
}
