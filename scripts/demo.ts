import { setTimeout as sleep } from 'node:timers/promises';
import { DemoApi } from './demo/demo-api';
import { DEMO_AGENT_PASSWORD, prepareDemoFloor } from './demo/demo-floor';
import { StatsForSummary, summaryLine } from './demo/summary-line';
import { Supervisor } from './demo/supervisor';

/**
 * `npm run demo`: the whole product on the local PostgreSQL and Redis, with
 * no environment to set. Migrates and seeds, starts the Twilio emulator, the
 * api and the worker, imports a sample list, starts the seeded predictive
 * campaign with ten simulated agents, and prints a live summary until Ctrl-C.
 */
const API_URL = `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
const WORKER_HEALTH_URL = `http://127.0.0.1:${process.env.WORKER_HEALTH_PORT ?? 3001}/health`;
const EMULATOR_URL = `http://127.0.0.1:${process.env.EMULATOR_PORT ?? 3100}`;
const ADMIN = { email: process.env.SEED_ADMIN_EMAIL ?? 'admin@example.com', password: process.env.SEED_ADMIN_PASSWORD ?? 'change-me-now' };
const AGENTS = Number(process.env.DEMO_AGENTS ?? 10);
const LEADS = Number(process.env.DEMO_LEADS ?? 2000);
const SUMMARY_EVERY_MS = 5_000;
/** Longest wait on stopping for calls in flight to end: a ring timeout and then some. */
const IN_FLIGHT_DRAIN_MS = 45_000;

async function waitHealthy(url: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await sleep(500);
  }
  throw new Error(`${what} did not become healthy at ${url}`);
}

const supervisor = new Supervisor({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });

/**
 * A clean end of the shift: no new calls, the agents leave (their calls end
 * with them), and the calls still ringing finish while the api can still hear
 * their callbacks, so the next demo starts with nothing left hanging.
 */
async function windDown(api: DemoApi, campaignId: string | null): Promise<void> {
  if (!campaignId) return;
  await api.post(`/campaigns/${campaignId}/pause`).catch(() => undefined);
  await supervisor.stop('agents');
  const deadline = Date.now() + IN_FLIGHT_DRAIN_MS;
  while (Date.now() < deadline) {
    const stats = await api.get<StatsForSummary>(`/campaigns/${campaignId}/stats`).catch(() => null);
    if (!stats || stats.inFlight === 0) return;
    await sleep(1000);
  }
}

async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`demo    | ${line}\n`);
  const api = new DemoApi(API_URL);
  let campaignId: string | null = null;
  let stopping = false;
  const stop = () => {
    if (stopping) {
      process.stdout.write('\nstopping at once (calls in flight are left to the next start-up sweep)\n');
      supervisor.killAll();
      process.exit(130);
    }
    stopping = true;
    process.stdout.write('\nstopping: the campaign pauses, the agents finish their calls and leave, the calls in flight end... (Ctrl-C again to stop at once)\n');
    void windDown(api, campaignId).then(() => supervisor.stopAll()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await supervisor.run({ name: 'migrate', entry: 'apps/cli/src/main.ts', args: ['migrate'] });
  await supervisor.run({ name: 'seed', entry: 'apps/cli/src/main.ts', args: ['seed'] });
  supervisor.start({ name: 'emulator', entry: 'apps/twilio-emulator/src/main.ts' });
  supervisor.start({ name: 'api', entry: 'apps/api/src/main.ts' });
  supervisor.start({ name: 'worker', entry: 'apps/worker/src/main.ts' });
  await Promise.all([
    waitHealthy(`${EMULATOR_URL}/_emulator/health`, 'emulator'),
    waitHealthy(`${API_URL}/health`, 'api'),
    waitHealthy(WORKER_HEALTH_URL, 'worker'),
  ]);

  await api.signIn(ADMIN.email, ADMIN.password);
  const floor = await prepareDemoFloor(api, { agents: AGENTS, leads: LEADS }, say);
  campaignId = floor.campaignId;
  supervisor.start({
    name: 'agents',
    entry: 'apps/agent-simulator/src/main.ts',
    args: ['--api', API_URL, '--emulator', EMULATOR_URL, '--campaign', floor.campaignId, '--password', DEMO_AGENT_PASSWORD, ...floor.agentEmails],
  });

  process.stdout.write(
    [
      '',
      'The dialer is running.',
      `  Floor dashboard  ${API_URL}/dashboard/?campaign=${floor.campaignId}  (sign in as ${ADMIN.email} / ${ADMIN.password})`,
      `  API              ${API_URL}   (OpenAPI UI: ${API_URL}/docs)`,
      `  Live figures     GET ${API_URL}/campaigns/${floor.campaignId}/stats`,
      `  Why not dialing  GET ${API_URL}/campaigns/${floor.campaignId}/why`,
      `  Health           ${API_URL}/health  (worker: ${WORKER_HEALTH_URL})`,
      `  Queues (admins)  ${API_URL}/admin/queues/board?token=<access token>`,
      `  Twilio emulator  ${EMULATOR_URL}/_emulator/calls`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  while (!stopping) {
    await sleep(SUMMARY_EVERY_MS);
    if (stopping) break;
    const stats = await api.get<StatsForSummary>(`/campaigns/${floor.campaignId}/stats`).catch((error: Error) => error);
    say(stats instanceof Error ? `stats unavailable: ${stats.message}` : summaryLine(stats, new Date()));
  }
}

main().catch(async (error: Error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  await supervisor.stopAll();
  process.exit(1);
});
