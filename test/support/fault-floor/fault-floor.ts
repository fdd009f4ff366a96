import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '@dialer/core';
import { signIn } from '../../../apps/agent-simulator/src/sign-in';
import { SimulatedDesk } from '../../../apps/agent-simulator/src/simulated-desk';
import { EmulatorHandle, startEmulator } from '../../../apps/twilio-emulator/src/start-emulator';
import type { ScenarioInput } from '../../../apps/twilio-emulator/src/scenario/scenario-input';
import { DemoApi } from '../../../scripts/demo/demo-api';
import { DEMO_AGENT_PASSWORD, prepareDemoFloor } from '../../../scripts/demo/demo-floor';
import { freePort } from '../child-api';
import { spawnCompiled, spawnEntryPoint, SpawnedProcess } from '../processes';
import { AgentSeen, CheckOptions, checkFloor, FloorReport, readFacts } from './floor-invariants';
import { OwnPostgres, OwnRedis } from './own-services';

export interface FaultFloorOptions {
  apis?: number;
  workers?: number;
  agents?: number;
  leads?: number;
  /** Seconds (scenario time) each agent talks. */
  talkTimeSec?: { min: number; max: number };
  /** Milliseconds of after-call work before each outcome is recorded. */
  wrapUpMs?: { min: number; max: number };
  scenario?: ScenarioInput;
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Run the api(s) and worker(s) compiled, with production's node flags (built beforehand), not from source. */
  compiled?: boolean;
}

const SEED_PASSWORD = 'fault-floor-admin-password';
/** Desks signing in together (each sign-in hashes a password: a hundred at once starve a small machine). */
const DESKS_AT_ONCE = 10;

/** One of the floor's long-running processes: which entry point, on which port, and the process now running it. */
export interface FloorProcess {
  name: string;
  entry: string;
  env: Record<string, string>;
  process: SpawnedProcess;
}

/**
 * The whole product as it runs in production, each part its own process on
 * its own PostgreSQL and Redis (so any of them can be killed or restarted):
 * api(s) and worker(s) from source (or compiled, as production runs them),
 * the Twilio emulator (in this process, so its call log is read directly),
 * the demo's seeded predictive campaign on a
 * sample list, and simulated agents at their desks (which reconnect, as a
 * real desk does).
 */
export class FaultFloor {
  readonly apis: FloorProcess[] = [];
  readonly workers: FloorProcess[] = [];
  readonly desks: SimulatedDesk[] = [];
  campaignId = '';
  admin!: DemoApi;
  db!: Client;
  private workerCount = 0;

  private constructor(
    readonly pg: OwnPostgres,
    readonly redis: OwnRedis,
    readonly emulator: EmulatorHandle,
    readonly baseEnv: Record<string, string>,
    private readonly log: (line: string) => void,
    /** How the long-running processes start: from source, or compiled as production runs them. */
    private readonly spawnProcess: typeof spawnEntryPoint,
  ) {}

  static async start(options: FaultFloorOptions = {}): Promise<FaultFloor> {
    const log = options.log ?? (() => undefined);
    const [pg, redis] = await Promise.all([OwnPostgres.start(), OwnRedis.start()]);
    const defaults = loadConfig({});
    const emulator = await startEmulator({
      accountSid: defaults.twilio.accountSid,
      authToken: defaults.twilio.authToken,
      scenario: { timeScale: 0.05, cps: 100, ...options.scenario },
    });
    const apiPorts = await Promise.all(Array.from({ length: options.apis ?? 1 }, () => freePort()));
    const baseEnv: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: pg.url('dialer'),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: 'faults',
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_CPS: '100',
      // Twilio's callbacks go to the first api (as a load balancer's address would).
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPorts[0]}`,
      SEED_ADMIN_PASSWORD: SEED_PASSWORD,
      WORKER_SHUTDOWN_GRACE_MS: '5000',
      // A whole shift signs in from one address at once; a slow machine makes some of those sign-ins fail.
      LOGIN_MAX_FAILURES: '10000',
      ...options.env,
    };
    const floor = new FaultFloor(pg, redis, emulator, baseEnv, log, options.compiled ? spawnCompiled : spawnEntryPoint);
    try {
      await floor.oneShot(['migrate']);
      // The seed (the admin, the demo campaign) while the processes boot: nothing of theirs needs it before the floor is prepared.
      await Promise.all([
        floor.oneShot(['seed']),
        ...apiPorts.map((port, i) => floor.startApi(i, port)),
        ...Array.from({ length: options.workers ?? 1 }, () => floor.startWorker()),
      ]);
      await floor.reconnectDb();

      floor.admin = new DemoApi(floor.apis[0].env.PUBLIC_BASE_URL);
      await floor.admin.signIn(defaults.seed.adminEmail, SEED_PASSWORD);
      const demo = await prepareDemoFloor(floor.admin, { agents: options.agents ?? 10, leads: options.leads ?? 1000 }, log);
      floor.campaignId = demo.campaignId;
      const talkTimeSec = options.talkTimeSec ?? { min: 20, max: 80 };
      const wrap = options.wrapUpMs ?? { min: 200, max: 1500 };
      // Desks spread over the apis, as a load balancer would put them; they sign in a batch at a time, as a shift starts.
      const openDesk = async (email: string, i: number) => {
        const apiUrl = floor.apiUrl(i % floor.apis.length);
        const user = await signIn(apiUrl, email, DEMO_AGENT_PASSWORD);
        return SimulatedDesk.open({
          apiUrl,
          // Twilio calls the agent leg's voice webhook at the public address (the first api), as it does every other callback.
          publicBaseUrl: baseEnv.PUBLIC_BASE_URL,
          emulatorUrl: emulator.url,
          token: user.token,
          userId: user.userId,
          campaignId: demo.campaignId,
          talkTimeSec,
          wrapUpMs: () => wrap.min + Math.random() * (wrap.max - wrap.min),
        });
      };
      for (let first = 0; first < demo.agentEmails.length; first += DESKS_AT_ONCE) {
        const batch = demo.agentEmails.slice(first, first + DESKS_AT_ONCE);
        floor.desks.push(...(await Promise.all(batch.map((email, j) => openDesk(email, first + j)))));
      }
      log(`floor up: ${floor.apis.length} api(s), ${floor.workers.length} worker(s), ${floor.desks.length} agents, campaign ${floor.campaignId}`);
      return floor;
    } catch (error) {
      await floor.close();
      throw error;
    }
  }

  apiUrl(index = 0): string {
    return `http://127.0.0.1:${this.apis[index].env.API_PORT}`;
  }

  /** Runs the CLI (migrate, seed) against the floor's database; fails loudly if it fails. */
  private async oneShot(args: string[]): Promise<void> {
    const child = spawnEntryPoint('apps/cli/src/main.ts', this.baseEnv, args);
    const { code } = await child.exited();
    if (code !== 0) throw new Error(`cli ${args.join(' ')} exited with ${code}:\n${child.output()}`);
  }

  private async startApi(index: number, port: number): Promise<void> {
    const env = { ...this.baseEnv, API_HOST: '127.0.0.1', API_PORT: String(port) };
    const api: FloorProcess = { name: `api-${index + 1}`, entry: 'apps/api/src/main.ts', env, process: this.spawnProcess('apps/api/src/main.ts', env) };
    this.apis[index] = api;
    await this.waitHealthy(`http://127.0.0.1:${port}/health`, api);
  }

  async startWorker(): Promise<FloorProcess> {
    const env = { ...this.baseEnv, WORKER_HEALTH_PORT: String(await freePort()) };
    const worker: FloorProcess = { name: `worker-${++this.workerCount}`, entry: 'apps/worker/src/main.ts', env, process: this.spawnProcess('apps/worker/src/main.ts', env) };
    this.workers.push(worker);
    await this.waitHealthy(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health`, worker);
    return worker;
  }

  /** Generous: on a loaded two-core machine several processes compiling from source at once take minutes. */
  private async waitHealthy(url: string, owner: FloorProcess, timeoutMs = 300_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await fetch(url).then((r) => r.ok, () => false)) return;
      if (owner.process.child.exitCode !== null) throw new Error(`${owner.name} exited:\n${owner.process.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${owner.name} was not healthy at ${url} within ${timeoutMs} ms:\n${owner.process.output()}`);
  }

  /** kill -9, and wait for the process to be gone. */
  async kill(target: FloorProcess): Promise<void> {
    target.process.kill('SIGKILL');
    await target.process.exited();
    this.log(`${target.name} killed (-9)`);
  }

  /** The same entry point again, on the same address (the desks and Twilio find it there). */
  async restart(target: FloorProcess): Promise<void> {
    target.process = this.spawnProcess(target.entry, target.env);
    const port = target.entry.includes('/api/') ? target.env.API_PORT : target.env.WORKER_HEALTH_PORT;
    await this.waitHealthy(`http://127.0.0.1:${port}/health`, target);
    this.log(`${target.name} started again`);
  }

  /** The worker leading the campaign now: the lease in Redis names its holder's process id. */
  async leader(): Promise<FloorProcess | undefined> {
    const redis = new Redis(this.redis.url, { maxRetriesPerRequest: 1 });
    try {
      const holder = await redis.get(`${this.baseEnv.QUEUE_PREFIX}:campaign:${this.campaignId}:leader`);
      const pid = Number(holder?.split(':')[1]);
      return this.workers.find((worker) => worker.process.child.pid === pid && worker.process.child.exitCode === null && worker.process.child.signalCode === null);
    } finally {
      redis.disconnect();
    }
  }

  /** What the dialer holds of each agent at an open desk (their presence hash in Redis). */
  async agentsSeen(): Promise<AgentSeen[]> {
    const redis = new Redis(this.redis.url, { maxRetriesPerRequest: 1 });
    try {
      return await Promise.all(
        this.desks.map(async (desk) => {
          const hash = await redis.hgetall(`${this.baseEnv.QUEUE_PREFIX}:agent:${desk.options.userId}`);
          return { agentId: desk.options.userId, state: hash.state ?? null, attemptId: hash.attemptId || null, sinceMs: Number(hash.since ?? 0) };
        }),
      );
    } finally {
      redis.disconnect();
    }
  }

  /** Reads the database and the emulator and checks every invariant (floor-invariants). */
  async check(options: Omit<CheckOptions, 'nowMs'>): Promise<FloorReport> {
    const calls = this.emulator.calls();
    const agents = await this.agentsSeen();
    const facts = await readFacts(this.db, this.campaignId, calls, agents);
    return checkFloor(facts, { ...options, nowMs: Date.now() });
  }

  /**
   * What the database and the desks know of the leads and attempts a
   * violation names: their attempts, the agents' state log for them, and each
   * desk's screen pops and outcomes — the story an artifact needs.
   */
  async story(ids: { leadIds: string[]; attemptIds: string[] }): Promise<Record<string, unknown>> {
    const { rows: attempts } = await this.db.query(
      `select id, lead_id, state, mode, agent_id, provider_call_sid, created_at, answered_at, connected_at, ended_at, settled_at, disposition_code, outcome
         from call_attempts where lead_id = any($1::uuid[]) or id = any($2::uuid[]) order by created_at`,
      [ids.leadIds, ids.attemptIds],
    );
    const attemptIds = attempts.map((a: { id: string }) => a.id);
    const { rows: agentStates } = await this.db.query(
      `select agent_id, state, reason, attempt_id, started_at, ended_at from agent_state_log where attempt_id = any($1::uuid[]) order by started_at`,
      [attemptIds],
    );
    const { rows: leads } = await this.db.query(`select id, status, attempt_count, next_attempt_at, updated_at from leads where id = any($1::uuid[])`, [ids.leadIds]);
    const desks = this.desks
      .map((desk) => ({
        agentId: desk.userId,
        presence: desk.presence,
        pops: desk.pops.filter((p) => attemptIds.includes(p.attemptId)).map((p) => ({ attemptId: p.attemptId, receivedAtMs: p.receivedAtMs })),
        dispositions: desk.dispositions.filter((d) => attemptIds.includes(d.attemptId)),
      }))
      .filter((desk) => desk.pops.length > 0 || desk.dispositions.length > 0);
    return { leads, attempts, agentStates, desks, agentsSeen: await this.agentsSeen() };
  }

  /** A session for the checks (again after PostgreSQL restarted: the old one was cut). */
  async reconnectDb(): Promise<void> {
    await this.db?.end().catch(() => undefined);
    this.db = new Client({ connectionString: this.pg.url('dialer') });
    this.db.on('error', () => undefined);
    await this.db.connect();
  }

  async close(): Promise<void> {
    const started = Date.now();
    await Promise.allSettled(this.desks.map((desk) => desk.close()));
    this.log(`desks closed in ${Date.now() - started} ms`);
    await Promise.all(
      [...this.workers, ...this.apis].filter(Boolean).map(async (target) => {
        target.process.kill('SIGKILL');
        await target.process.exited();
      }),
    );
    this.log(`processes killed in ${Date.now() - started} ms`);
    await this.db?.end().catch(() => undefined);
    await this.emulator.close().catch(() => undefined);
    this.log(`emulator closed in ${Date.now() - started} ms`);
    await this.redis.destroy();
    this.pg.destroy();
    this.log(`closed in ${Date.now() - started} ms`);
  }
}
