import { setTimeout as sleep } from 'node:timers/promises';
import { DemoApi } from './demo/demo-api';
import { DEMO_AGENT_PASSWORD, prepareDemoFloor } from './demo/demo-floor';
import { demoUrls } from './demo/demo-urls';
import { StatsForSummary, summaryLine } from './demo/summary-line';
import { Supervisor } from './demo/supervisor';
import { setDemoScenario } from './demo/demo-scenario';
import { ensureWebBuild } from './web/web-build';
import { CALLS_END_WAIT_MS, windDownFloor } from './demo/wind-down';

/**
 * `npm run demo`: the whole product on the local PostgreSQL and Redis, with
 * no environment to set. Migrates and seeds, starts the Twilio emulator, the
 * api and the worker, imports a sample list, starts the seeded predictive
 * campaign with ten simulated agents, and prints a live summary until Ctrl-C.
 */
const URLS = demoUrls(process.env);
const API_URL = URLS.api;
const WORKER_HEALTH_URL = URLS.workerHealth;
const EMULATOR_URL = URLS.emulator;
const ADMIN = { email: process.env.SEED_ADMIN_EMAIL ?? 'admin@example.com', password: process.env.SEED_ADMIN_PASSWORD ?? 'change-me-now' };
const AGENTS = Number(process.env.DEMO_AGENTS ?? 10);
const LEADS = Number(process.env.DEMO_LEADS ?? 2000);
const SUMMARY_EVERY_MS = 5_000;
/** The agents' own sign-out waits for their last call and outcome (LEAVE in the simulator): past this they are killed. */
const AGENTS_LEAVE_GRACE_MS = 2 * 60_000;
async function waitHealthy(url: string, what: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await sleep(500);
  }
  throw new Error(`${what} did not become healthy at ${url}`);
}

/** The demo account's calls per second (DEMO_SCENARIO's emulator allows as many). */
const DEMO_CPS = process.env.TWILIO_CPS ?? '5';
const supervisor = new Supervisor({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', TWILIO_CPS: DEMO_CPS });

/**
 * A clean end of the shift (windDownFloor): the campaign pauses and cancels
 * its ringing calls, the answered ones are talked to their end, the agents
 * record their outcomes and sign out; only then do the worker, the api and
 * the emulator stop, so the next demo starts with nothing left hanging.
 */
async function windDown(api: DemoApi, campaignId: string | null, say: (line: string) => void): Promise<void> {
  if (!campaignId) return;
  const left = await windDownFloor(api, campaignId, () => supervisor.stop('agents', AGENTS_LEAVE_GRACE_MS), { say, everyMs: 5_000 });
  if (left > 0) say(`${left} call(s) still live after ${CALLS_END_WAIT_MS / 1000} s: the next start-up sweep settles them`);
}

const say = (line: string) => process.stdout.write(`demo    | ${line}\n`);

async function main(): Promise<void> {
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
    process.stdout.write(
      '\nstopping: the campaign pauses and cancels its ringing calls, the agents talk the answered ones to their end and sign out... (Ctrl-C again to stop at once)\n',
    );
    void windDown(api, campaignId, say).then(() => supervisor.stopAll()).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // Nothing is done twice and nothing waits that need not: the web build is reused when fresh; the emulator
  // (no database) boots while the schema is migrated and seeded in one process; the api and the worker boot
  // once the schema is there.
  ensureWebBuild(say);
  supervisor.start({ name: 'emulator', entry: 'apps/twilio-emulator/src/main.ts' });
  await supervisor.run({ name: 'setup', entry: 'apps/cli/src/main.ts', args: ['setup'] });
  supervisor.start({ name: 'api', entry: 'apps/api/src/main.ts' });
  supervisor.start({ name: 'worker', entry: 'apps/worker/src/main.ts' });
  await waitHealthy(`${EMULATOR_URL}/_emulator/health`, 'emulator');
  await setDemoScenario(EMULATOR_URL);
  await Promise.all([waitHealthy(`${API_URL}/health`, 'api'), waitHealthy(WORKER_HEALTH_URL, 'worker')]);

  await api.signIn(ADMIN.email, ADMIN.password);
  // One account more than the simulated agents: the desk a person signs in to.
  const startAgents = (id: string, emails: string[]) =>
    supervisor.start({
      name: 'agents',
      entry: 'apps/agent-simulator/src/main.ts',
      args: ['--api', API_URL, '--emulator', EMULATOR_URL, '--campaign', id, '--password', DEMO_AGENT_PASSWORD, ...emails.slice(0, AGENTS)],
    });
  const floor = await prepareDemoFloor(api, { agents: AGENTS + 1, leads: LEADS, onCampaign: startAgents }, say);
  const humanAgent = floor.agentEmails[AGENTS];
  campaignId = floor.campaignId;

  process.stdout.write(
    [
      '',
      'The dialer is running.',
      `  Agent desk       ${API_URL}/desk  (sign in as ${humanAgent} / ${DEMO_AGENT_PASSWORD}: connect the emulated audio, go ready, take calls)`,
      `  Wallboard        ${API_URL}/console/wallboard?campaign=${floor.campaignId}  (sign in as ${ADMIN.email} / ${ADMIN.password})`,
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

  // The first wallboard line at once, then one every few seconds.
  while (!stopping) {
    const stats = await api.get<StatsForSummary>(`/campaigns/${floor.campaignId}/stats`).catch((error: Error) => error);
    say(stats instanceof Error ? `stats unavailable: ${stats.message}` : summaryLine(stats, new Date()));
    await sleep(SUMMARY_EVERY_MS);
  }
}

main().catch(async (error: Error) => {
  process.stderr.write(`demo failed: ${error.message}\n`);
  await supervisor.stopAll();
  process.exit(1);
});
