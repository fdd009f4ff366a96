import { releaseEarlySignals, SHUTDOWN_SIGNALS } from './early-signals'; // first: holds a signal sent during start-up
import 'reflect-metadata';
import { exitOnConfigurationError, loadConfigOrExit } from '@dialer/core';
import { createWorkerApp } from './create-worker-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createWorkerApp(config);
  // On SIGTERM/SIGINT Nest runs WorkerDrain before the queues and connections close.
  app.enableShutdownHooks(SHUTDOWN_SIGNALS);
  const held = releaseEarlySignals();
  if (held) process.stderr.write(`worker: ${held} came while starting; stopping now that running jobs can drain\n`);
}

main().catch((error: unknown) => {
  exitOnConfigurationError(error); // a taken health port, say: a message, not a stack
  throw error;
});
