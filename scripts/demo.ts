import { setTimeout as sleep } from 'node:timers/promises';
import { Supervisor } from './demo/supervisor';

/**
 * `npm run demo`: the whole product on the local PostgreSQL and Redis, with
 * no environment to set. Migrates, seeds, starts the api and the worker, and
 * stops everything cleanly on Ctrl-C.
 */
const API_URL = `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
const WORKER_HEALTH_URL = `http://127.0.0.1:${process.env.WORKER_HEALTH_PORT ?? 3001}/health`;

async function waitHealthy(url: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(500);
  }
  throw new Error(`${what} did not become healthy at ${url}`);
}

async function main(): Promise<void> {
  const supervisor = new Supervisor({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping (waiting for running jobs to finish)...\n');
    void supervisor.stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await supervisor.run({ name: 'migrate', entry: 'apps/cli/src/main.ts', args: ['migrate'] });
  await supervisor.run({ name: 'seed', entry: 'apps/cli/src/main.ts', args: ['seed'] });
  supervisor.start({ name: 'api', entry: 'apps/api/src/main.ts' });
  supervisor.start({ name: 'worker', entry: 'apps/worker/src/main.ts' });
  await Promise.all([waitHealthy(`${API_URL}/health`, 'api'), waitHealthy(WORKER_HEALTH_URL, 'worker')]);

  process.stdout.write(
    [
      '',
      'Dialer is running.',
      `  API              ${API_URL}`,
      `  API docs         ${API_URL}/docs`,
      `  Health           ${API_URL}/health  (worker: ${WORKER_HEALTH_URL})`,
      `  Queues (admins)  ${API_URL}/admin/queues/board?token=<access token>`,
      `  Sign in          POST ${API_URL}/auth/login  {"email":"admin@example.com","password":"change-me-now"}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  process.exit(1);
});
