import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@dialer/core';
import { createTestContext, TestContext } from '@dialer/testing';
import { EmulatorHandle, startEmulator } from '../../apps/twilio-emulator/src/start-emulator';
import type { ScenarioInput } from '../../apps/twilio-emulator/src/scenario/scenario-input';
import { RunningApi, SignedIn, signInAs, startApi, startWorker } from './apps';

/** A whole call centre on one machine: the emulator, the api, the worker(s), real PostgreSQL and Redis. */
export interface Floor {
  ctx: TestContext;
  config: AppConfig;
  emulator: EmulatorHandle;
  api: RunningApi;
  workers: INestApplicationContext[];
  manager: SignedIn;
  close(): Promise<void>;
}

/** Fast by default: the emulator runs at a twentieth of real time, with a generous CPS. */
export async function startFloor(options: { scenario?: ScenarioInput; env?: Record<string, string>; workers?: number } = {}): Promise<Floor> {
  const ctx = await createTestContext({ TWILIO_CPS: '50', WORKER_SHUTDOWN_GRACE_MS: '2000', ...options.env });
  const config = ctx.config;
  const emulator = await startEmulator({
    accountSid: config.twilio.accountSid,
    authToken: config.twilio.authToken,
    scenario: { timeScale: 0.05, cps: 50, ...options.scenario },
  });
  // The SDK client is built at boot: point it at the emulator first.
  config.twilio.apiBaseUrl = emulator.url;
  const api = await startApi(config);
  // Callback URLs and signatures read this per request: the api's port is known only now.
  config.api.publicBaseUrl = api.url;
  const workers: INestApplicationContext[] = [];
  for (let i = 0; i < (options.workers ?? 1); i++) workers.push(await startWorker(config));
  const manager = await signInAs(api, 'manager');
  return {
    ctx,
    config,
    emulator,
    api,
    workers,
    manager,
    async close() {
      for (const worker of workers) await worker.close();
      await api.close();
      await emulator.close();
      await ctx.cleanup();
    },
  };
}
