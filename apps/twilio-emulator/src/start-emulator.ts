import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AgentSpec, AgentView } from './agents/simulated-agents';
import { callView } from './control/views';
import { Scenario } from './scenario/scenario';
import { ScenarioInput } from './scenario/scenario-input';
import { Emulator } from './emulator';
import { EmulatorLogger, silentLogger } from './emulator-logger';
import { EmulatorModule } from './emulator.module';

export interface StartEmulatorOptions {
  /** 0 (the default) picks a free port: always use it in tests. */
  port?: number;
  host?: string;
  /** The only credentials the REST API accepts (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN); webhooks are signed with the token. */
  accountSid: string;
  authToken: string;
  /** Any subset of the scenario; the rest is the default (see DEFAULT_SCENARIO). */
  scenario?: ScenarioInput;
  logger?: EmulatorLogger;
}

export type CallLog = ReturnType<typeof callView>;

export interface EmulatorHandle {
  /** Base URL: point TWILIO_API_BASE_URL here. */
  url: string;
  port: number;
  accountSid: string;
  authToken: string;
  scenario(): Scenario;
  /** The defaults with `input` merged in (as PUT /_emulator/scenario). */
  replaceScenario(input: ScenarioInput): Scenario;
  /** The current scenario with `input` merged in (as PATCH /_emulator/scenario). */
  patchScenario(input: ScenarioInput): Scenario;
  /** Every call since the last reset, with its event log (as GET /_emulator/calls). */
  calls(): CallLog[];
  call(sid: string): CallLog | undefined;
  connectAgent(spec: AgentSpec): AgentView;
  disconnectAgent(identity: string): AgentView | undefined;
  agents(): AgentView[];
  /** Resolves once every webhook started so far has been delivered or given up. */
  drainWebhooks(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
  /** The engine itself, for assertions the HTTP API does not offer. */
  emulator: Emulator;
}

/** Boots a loopback Twilio in this process (tests, demo, benchmarks); `main.ts` runs it on its own. */
export async function startEmulator(options: StartEmulatorOptions): Promise<EmulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  let baseUrl = '';
  const emulator = new Emulator({
    accountSid: options.accountSid,
    authToken: options.authToken,
    scenario: options.scenario,
    baseUrl: () => baseUrl,
    logger: options.logger ?? silentLogger,
  });
  const app = await NestFactory.create<NestExpressApplication>(EmulatorModule.forRoot(emulator), { logger: false });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  await app.listen(options.port ?? 0, host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  baseUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;

  const present = (sid: string) => {
    const call = emulator.calls.get(sid);
    return call && callView(call, emulator.engine.durationSec(call));
  };
  return {
    url: baseUrl,
    port,
    accountSid: options.accountSid,
    authToken: options.authToken,
    scenario: () => emulator.scenario,
    replaceScenario: (input) => emulator.replaceScenario(input),
    patchScenario: (input) => emulator.patchScenario(input),
    calls: () => emulator.calls.all().map((call) => callView(call, emulator.engine.durationSec(call))),
    call: present,
    connectAgent: (spec) => emulator.agents.connect(spec),
    disconnectAgent: (identity) => emulator.agents.disconnect(identity),
    agents: () => emulator.agents.list(),
    drainWebhooks: () => emulator.dispatcher.drain(),
    reset: () => emulator.reset(),
    close: async () => {
      emulator.close();
      await app.close();
    },
    emulator,
  };
}
